// Extractive summaries: TextRank centrality over sentence similarity, MMR for diversity, in time order.
import type { KeyPoint, Sentence } from '../domain/analysis';
import { mmr, textRank } from './mmr';
import { words } from './text';
import { dot } from '../domain/vector';

/** Above this many sentences, centrality is similarity to the centroid (TextRank is quadratic). */
const TEXTRANK_LIMIT = 600;

export function toKeyPoint(s: Sentence): KeyPoint {
  return { text: s.text, startSec: s.startSec, endSec: s.endSec };
}

/** Indexes (into sentences) of up to k key sentences of [from, to), in time order. */
export function keySentences(sentences: Sentence[], vectors: Float32Array[], from: number, to: number, k: number, centroid: Float32Array): number[] {
  const n = to - from;
  if (n <= 0 || k <= 0) return [];
  const idx = Array.from({ length: n }, (_, i) => from + i);
  // Fragments ("Yes.") and run-ons make poor key points; prefer 6-50 words when there is a choice.
  const lengthOk = idx.map((i) => {
    const w = words(sentences[i].text).length;
    return w >= 6 && w <= 50;
  });
  const eligible = lengthOk.some((x) => x) ? idx.filter((_, j) => lengthOk[j]) : idx;
  const central =
    eligible.length <= TEXTRANK_LIMIT
      ? textRank(eligible.length, (a, b) => dot(vectors[eligible[a]], vectors[eligible[b]]))
      : eligible.map((i) => Math.max(0, dot(vectors[i], centroid)));
  const max = Math.max(...central) || 1;
  const rel = central.map((c, j) => 0.5 * (c / max) + 0.5 * Math.max(0, dot(vectors[eligible[j]], centroid)));
  return mmr(rel, (a, b) => dot(vectors[eligible[a]], vectors[eligible[b]]), Math.min(k, eligible.length), 0.65)
    .map((j) => eligible[j])
    .sort((a, b) => a - b);
}
