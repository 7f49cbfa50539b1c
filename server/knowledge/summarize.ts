// Extractive summaries: TextRank centrality over sentence similarity, MMR for diversity, in time order.
import type { KeyPoint, Sentence } from '../domain/analysis';
import { mmr, textRank } from './mmr';
import { words } from './text';
import { dot } from '../domain/vector';
import { cleanSentence, wholeSentence } from './cleanSentence';

/** Above this many sentences, centrality is similarity to the centroid (TextRank is quadratic). */
const TEXTRANK_LIMIT = 600;

export function toKeyPoint(s: Sentence): KeyPoint {
  return { text: cleanSentence(s.text), startSec: s.startSec, endSec: s.endSec, ...(s.speaker !== undefined ? { speaker: s.speaker } : {}) };
}

/** Indexes (into sentences) of up to k key sentences of [from, to), in time order. */
export function keySentences(
  sentences: Sentence[],
  vectors: Float32Array[],
  from: number,
  to: number,
  k: number,
  centroid: Float32Array,
  exclude: ReadonlySet<number> = new Set(),
): number[] {
  const n = to - from;
  if (n <= 0 || k <= 0) return [];
  const open = Array.from({ length: n }, (_, i) => from + i).filter((i) => !exclude.has(i));
  if (open.length === 0) return [];
  // A sponsor read or a sign-off is no point of the topic; a part that is nothing else still gets one.
  const topical = open.filter((i) => !sentences[i].aside);
  const idx = topical.length > 0 ? topical : open;
  // Fragments ("Yes."), run-ons and half sentences (also pieces of an unpunctuated run cut for length) make
  // poor key points; prefer whole sentences of 6-50 words when there is a choice.
  const lengthOk = idx.filter((i) => {
    const w = words(sentences[i].text).length;
    return w >= 6 && w <= 50;
  });
  const whole = lengthOk.filter((i) => !sentences[i].clipped && wholeSentence(cleanSentence(sentences[i].text)));
  const eligible = whole.length >= Math.min(k, lengthOk.length) && whole.length > 0 ? whole : lengthOk.length > 0 ? lengthOk : idx;
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
