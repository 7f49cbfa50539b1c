// Chapters (from the source) as section starts, and section ranges from start indexes.
import type { Chapter } from '../../domain/types';
import type { Sentence } from '../../domain/analysis';

/** First sentence of each chapter (by sentence midpoint), deduplicated, always starting at 0. */
export function chapterStartIndexes(sentences: Sentence[], chapters: Chapter[]): number[] {
  if (sentences.length === 0) return [];
  const starts = new Set<number>([0]);
  const sorted = [...chapters].filter((c) => Number.isFinite(c.startSec)).sort((a, b) => a.startSec - b.startSec);
  for (const ch of sorted) {
    const idx = sentences.findIndex((s) => (s.startSec + s.endSec) / 2 >= ch.startSec);
    if (idx > 0) starts.add(idx);
  }
  return [...starts].sort((a, b) => a - b);
}

/** Section ranges [from, to) from start indexes. */
export function rangesFromStarts(starts: number[], n: number): { from: number; to: number }[] {
  return starts.map((from, i) => ({ from, to: i + 1 < starts.length ? starts[i + 1] : n }));
}
