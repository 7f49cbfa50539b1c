// Subsections: a finer level of topic shifts under each top-level section, as extra data beside the
// section list (whose type does not change). Each section is split again on its own, by the optimal split
// at a lower section price and without the count prior: the shifts strong enough to stand inside a
// section, at least `minSubsectionSec` long.
import type { Sentence } from '../../domain/analysis';
import { optimalSplit } from './optimal';
import { DEFAULT_SEGMENT_OPTIONS, type SegmentOptions } from './options';

export interface SubsectionOptions {
  /** The section price inside a section, as a fraction of the top level's (lower = finer). */
  priceFraction?: number;
  /** No subsection shorter than this (seconds); a section shorter than twice this stays whole. */
  minSubsectionSec?: number;
}

/**
 * For each top-level section [starts[i], starts[i+1]), the sentence indexes where its subsections start:
 * strictly increasing, the first equal to starts[i] (a section without inner shifts has just that one).
 */
export function subsectionStarts(
  sentences: Sentence[],
  vectors: Float32Array[],
  starts: number[],
  options: SegmentOptions & SubsectionOptions = {},
): number[][] {
  const opts = { ...DEFAULT_SEGMENT_OPTIONS, ...options };
  const priceFraction = options.priceFraction ?? 0.5;
  const minSec = options.minSubsectionSec ?? 60;
  return starts.map((from, i) => {
    const to = i + 1 < starts.length ? starts[i + 1] : sentences.length;
    if (to - from < 4 || sentences[to - 1].endSec - sentences[from].startSec < 2 * minSec) return [from];
    const local = sentences.slice(from, to).map((s, k) => ({ ...s, index: k }));
    const inner = optimalSplit(local, vectors.slice(from, to), [0], false, [], {
      ...opts,
      sectionPrice: opts.sectionPrice * priceFraction,
      countPrior: 0,
      minSectionSec: minSec,
    });
    return inner.map((k) => from + k);
  });
}
