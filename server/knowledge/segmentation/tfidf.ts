// Lexical cohesion as vectors (the evidence of TextTiling and C99): each sentence's stemmed content words,
// weighted by tf-idf over the talk's own sentences and L2-normalised. A word said in every sentence weighs
// nothing; a word particular to a stretch of the talk weighs most, so a section whose sentences share
// such words lies close around its mean.
import type { Sentence } from '../../domain/analysis';
import { contentTerms } from '../text';

/** A sparse vector: term ids and their weights, same length. */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Each sentence's tf-idf vector (idf = ln(N / document frequency) over the N sentences), unit length, or empty. */
export function tfidfVectors(sentences: Sentence[]): { vectors: SparseVector[]; vocabulary: number } {
  const ids = new Map<string, number>();
  const bags: Map<number, number>[] = sentences.map((s) => {
    const bag = new Map<number, number>();
    for (const w of contentTerms(s.text)) {
      let id = ids.get(w);
      if (id === undefined) ids.set(w, (id = ids.size));
      bag.set(id, (bag.get(id) ?? 0) + 1);
    }
    return bag;
  });
  const df = new Float64Array(ids.size);
  for (const bag of bags) for (const id of bag.keys()) df[id]++;
  const n = sentences.length;
  const vectors = bags.map((bag) => {
    // A word in every sentence (idf 0) says nothing about where topics change: left out.
    const idList = [...bag.keys()].filter((id) => df[id] < n);
    const weights = Float64Array.from(idList, (id) => bag.get(id)! * Math.log(n / df[id]));
    let norm = 0;
    for (const w of weights) norm += w * w;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < weights.length; k++) weights[k] /= norm;
    return norm > 0 ? { ids: Int32Array.from(idList), weights } : { ids: new Int32Array(0), weights: new Float64Array(0) };
  });
  return { vectors, vocabulary: ids.size };
}
