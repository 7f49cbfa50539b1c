// Title candidates for a block of sentences, in the talk's own words: noun phrases ("attention pattern"),
// joined by of/for/in or and/or ("law of prosperity", "teams and projects"), or led by a gerund ("counting
// parameters"). Each comes with what makes it a title for that block: how much more it is said there than
// in the rest of the talk, how much more in the talk than in ordinary English, how far across the block and
// how often it is said, how close its meaning is to the block's, and whether the block names it ("this is
// called masking"). sectionTitles.ts weighs and picks.
import type { Embedder, Sentence } from '../domain/analysis';
import { dot, type PrefixSums } from '../domain/vector';
import { GENERIC_NOUNS, namingPattern } from './concepts';
import { logLift } from './englishFrequency';
import { tagWords, type TaggedWord } from './nlp';
import { STOPWORDS, words } from './text';

export const MAX_TITLE_WORDS = 7;

export interface Range {
  from: number;
  to: number;
}

export interface TitleCandidate {
  /** As most often said in the block, first letter upper case. */
  text: string;
  wordCount: number;
  /** ln(rate in the block / rate in the rest of the talk), sentences saying it per sentence, add-half smoothed. */
  lift: number;
  /** ln(rate in the talk / rate in ordinary English): englishFrequency.logLift. */
  english: number;
  /** Share of the block between its first and last sentence saying it (0 when said once). */
  spread: number;
  /** ln(1 + sentences of the block saying it). */
  freq: number;
  /** Cosine of its embedding with the block's centroid. */
  centrality: number;
  /** 1 when the block gives it its name ("this process is called masking", "we call this grid an attention pattern"). */
  named: number;
}

/** How much each feature counts besides `lift` (weight 1): chosen leave-one-talk-out (bench/title-loo.ts). */
export interface TitleWeights {
  english: number;
  spread: number;
  freq: number;
  centrality: number;
  named: number;
}

export function titleScore(c: TitleCandidate, w: TitleWeights): number {
  return c.lift + w.english * c.english + w.spread * c.spread + w.freq * c.freq + w.centrality * c.centrality + w.named * c.named;
}

/**
 * One letter per word for the phrase pattern: N noun, A adjective, G gerund, D article, P of/for/in,
 * C and/or, X anything else (a stop word or filler, even when tagged a noun: "um", "thing").
 */
function wordClass(w: TaggedWord): string {
  const low = w.text.toLowerCase();
  if (w.pos === 'DET') return low === 'the' || low === 'a' || low === 'an' ? 'D' : 'X';
  if (w.pos === 'ADP') return low === 'of' || low === 'for' || low === 'in' ? 'P' : 'X';
  if (w.pos === 'CCONJ') return low === 'and' || low === 'or' || low === '&' ? 'C' : 'X';
  // Not a title word: no letters or one letter ("X", initials), a contraction ("I’m"), a stop word or filler.
  if ((low.match(/\p{L}/gu) ?? []).length < 2 || /['’]/.test(low) || STOPWORDS.has(low) || STOPWORDS.has(w.lemma)) return 'X';
  if (w.pos === 'NOUN' || w.pos === 'PROPN') return 'N';
  if (w.pos === 'ADJ') return 'A';
  if (w.pos === 'VERB' && low.endsWith('ing')) return 'G';
  return 'X';
}

/** A phrase: an optional gerund (and article), adjectives, nouns; optionally a second such noun phrase after of/for/in or and/or. */
const PHRASE = /^(?:GD?)?A*N+(?:(?:PD?|CD?)A*N+)?$/;

interface Tagged {
  classes: string;
  words: TaggedWord[];
  /** Lemmas, lower case: a phrase's key is its lemmas joined by spaces. */
  lemmas: string[];
  text: string;
}

/** Tags every sentence once; the tags serve every block (sections and their parts). */
export function tagSentences(sentences: Sentence[]): Tagged[] {
  return sentences.map((s) => {
    // An aside (a sponsor read, the credits) names nothing the section is about.
    if (s.aside) return { words: [], classes: '', lemmas: [], text: '' };
    const ws = tagWords(s.text, { crossCheckVerbs: true });
    return { words: ws, classes: ws.map(wordClass).join(''), lemmas: ws.map((w) => w.lemma), text: s.text };
  });
}

function isPhrase(t: Tagged, from: number, to: number): boolean {
  if (!PHRASE.test(t.classes.slice(from, to))) return false;
  // A generic noun ("example", "lot", "way") says nothing as the first or last word of a title.
  if (GENERIC_NOUNS.has(t.lemmas[from]) || GENERIC_NOUNS.has(t.lemmas[to - 1]) || GENERIC_NOUNS.has(t.words[to - 1].text.toLowerCase())) return false;
  // Nor does a leading word of vague amount or variety: "Different currencies", "Different startups" (the
  // podcast) say less than "Currencies" or another phrase of the block.
  if (VAGUE_LEAD.has(t.words[from].text.toLowerCase())) return false;
  // Nor does a filler in it or just before it: "frontal lobes for example controls", "(in) terms of customers".
  const said = ' ' + t.words.slice(Math.max(0, from - 1), to).map((w) => w.text.toLowerCase()).join(' ') + ' ';
  return !FILLERS.some((f) => said.includes(f));
}

const FILLERS = [' for example ', ' for instance ', ' in terms '];
const VAGUE_LEAD = new Set(['different', 'various', 'several', 'many', 'certain', 'other', 'some']);

interface Occurrences {
  sentences: number[];
  /** Surface forms by sentence index, for the form said most in a block. */
  surface: Map<number, string>;
}

/** Every phrase said in the talk and the sentences that say it (a sentence counts once), by key. */
function phraseOccurrences(tagged: Tagged[]): Map<string, Occurrences> {
  const keys = new Set<string>();
  for (const t of tagged) {
    for (let i = 0; i < t.words.length; i++) {
      if (!'GAN'.includes(t.classes[i])) continue;
      for (let j = i + 1; j <= Math.min(t.words.length, i + MAX_TITLE_WORDS); j++) if (isPhrase(t, i, j)) keys.add(t.lemmas.slice(i, j).join(' '));
    }
  }
  // Counted wherever the words are said in that order, whatever the tagger made of them there.
  const out = new Map<string, Occurrences>();
  tagged.forEach((t, si) => {
    for (let i = 0; i < t.words.length; i++) {
      for (let j = i + 1; j <= Math.min(t.words.length, i + MAX_TITLE_WORDS); j++) {
        if (t.words[j - 1].pos === 'PUNCT') break;
        const key = t.lemmas.slice(i, j).join(' ');
        if (!keys.has(key)) continue;
        let o = out.get(key);
        if (!o) out.set(key, (o = { sentences: [], surface: new Map() }));
        if (o.sentences[o.sentences.length - 1] !== si) o.sentences.push(si);
        if (!o.surface.has(si)) o.surface.set(si, t.words.slice(i, j).map((w) => w.text).join(' '));
      }
    }
  });
  return out;
}

function surfaceIn(o: Occurrences, r: Range): string {
  const counts = new Map<string, number>();
  for (const [si, s] of o.surface) if (si >= r.from && si < r.to) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best = '';
  let n = 0;
  for (const [s, k] of counts) if (k > n || (k === n && s < best)) [best, n] = [s, k];
  return best;
}

/**
 * Title candidates of each block (a section, or a part of one), with their features.
 */
export async function titleCandidates(
  tagged: Tagged[],
  blocks: Range[],
  sums: PrefixSums,
  embedder: Embedder,
): Promise<TitleCandidate[][]> {
  const occurrences = phraseOccurrences(tagged);
  const n = tagged.length;
  const talkWords = tagged.reduce((acc, t) => acc + t.words.filter((w) => /\p{L}/u.test(w.text)).length, 0);
  const english = new Map<string, number>();
  const naming = new Map<string, Set<number>>();
  const namedIn = (key: string, o: Occurrences): Set<number> => {
    let out = naming.get(key);
    if (!out) {
      out = new Set();
      for (const si of o.sentences) if (namingPattern(o.surface.get(si)!.split(' ')).test(tagged[si].text)) out.add(si);
      naming.set(key, out);
    }
    return out;
  };
  const perBlock = blocks.map((r) => {
    const here: { key: string; o: Occurrences; inBlock: number[] }[] = [];
    for (const [key, o] of occurrences) {
      const inBlock = o.sentences.filter((s) => s >= r.from && s < r.to);
      if (inBlock.length > 0) here.push({ key, o, inBlock });
    }
    // A key phrase is one the block repeats, or a phrase of two words or more it says once (a short part
    // repeats few, and often only single words: "Note", "Program"); a block with none offers all it says.
    const pool = here.filter((x) => x.inBlock.length >= 2 || x.key.includes(' '));
    return (pool.length > 0 ? pool : here).map(({ key, o, inBlock }) => {
      const size = r.to - r.from;
      const rest = n - size;
      const lift = Math.log(inBlock.length / size) - Math.log((o.sentences.length - inBlock.length + 0.5) / (rest + 1));
      if (!english.has(key)) english.set(key, logLift(words(key).filter((w) => !STOPWORDS.has(w)), o.sentences.length, talkWords));
      const text = surfaceIn(o, r);
      return {
        text: text.charAt(0).toUpperCase() + text.slice(1),
        wordCount: key.split(' ').length,
        lift,
        english: english.get(key)!,
        spread: inBlock.length > 1 ? (inBlock[inBlock.length - 1] - inBlock[0] + 1) / size : 0,
        freq: Math.log1p(inBlock.length),
        centrality: 0,
        named: inBlock.some((si) => namedIn(key, o).has(si)) ? 1 : 0,
      };
    });
  });
  const texts = [...new Set(perBlock.flat().map((c) => c.text))];
  const vectors = new Map<string, Float32Array>();
  const SLICE = 512;
  for (let i = 0; i < texts.length; i += SLICE) {
    const slice = texts.slice(i, i + SLICE);
    (await embedder.embed(slice)).forEach((v, k) => vectors.set(slice[k], v));
  }
  blocks.forEach((r, b) => {
    const c = sums.centroid(r.from, r.to);
    for (const cand of perBlock[b]) cand.centrality = dot(vectors.get(cand.text)!, c);
  });
  return perBlock;
}
