// Topic segmentation: an optimal split of the transcript (dynamic programming over all split points)
// that minimises, summed over sections, how badly one topic describes each section, plus a price per
// section. Two models describe a section:
// - words: its content words as one Laplace-smoothed unigram distribution (Utiyama & Isahara 2001),
//   measured in units of their per-section prior, ln(number of content words);
// - embeddings: its sentence vectors around one mean (sum of squared distances), measured in units of the
//   BIC price of a mean under the transcript's own spread, sigma^2 * ln(number of sentences).
// Both costs are scale-free (each in units of its own price) and are averaged (`lexicalWeight`); a section
// then costs `sectionPrice` such units. So the number of sections follows the evidence and the talk, not
// a fixed length: ~17-minute sections in a 2 h 20 min audiobook, ~5-minute ones in 35-minute chapter mixes.
// Words alone over-split the chapter mixes; embeddings alone find nothing in the audiobook (one author,
// one theme); together they do both. With price 1 (the models' own MDL/BIC prices) short talks and parts
// of long ones were over-split (the word model's gains grow as the vocabulary shrinks); see sectionPrice.
// `minSectionSec` is only a floor for readable notes. Granularity: a weak log-normal prior on the number of
// sections for a talk of this length (`countPrior`, see optimal.ts) is weighed against the evidence, so
// strong topic shifts keep their count. Chapters are hard boundaries. Parts the speaker announces count only
// in a run of ordered numbers ("Chapter one ... Chapter two ...", see cues.ts), as a soft signal: a section
// opening there earns a price instead of paying one. A pause long for this talk (pauses.ts) is weak evidence of
// a boundary: a section opening after one pays less of its price; so is a question (questions.ts: an interviewer's
// question opens each topic of a podcast, a lecturer's often opens a new one). Cost: O(m^2 * dim) for m <= MAX_UNITS split points
// (longer transcripts group consecutive sentences), O(m^2 + m * words) for the rest via prefix sums and
// incremental word counts, then O(m^2) per price of the prior's ladder.
// TextTiling (texttiling.ts, depth scores over time windows with a cutoff relative to the talk's own
// depths) was the method for transcripts under ~15 min; measured by leave-one-talk-out over the 9
// eval-public talks (bench/segmentation-loo.ts) the optimal split is better there too, so 'auto' now uses it
// at every length (shortTranscriptSec 0); TextTiling stays available (method 'texttiling', or a shortTranscriptSec).
// Files: options.ts (constants), cues.ts (announcements), pauses.ts, questions.ts, chapters.ts, optimal.ts (the DP), texttiling.ts,
// subsections.ts (a finer level under each section, as extra data).
import type { Chapter } from '../../domain/types';
import type { Sentence } from '../../domain/analysis';
import { announcesPart, orderedAnnouncements } from './cues';
import { chapterStartIndexes, rangesFromStarts } from './chapters';
import { optimalSplit } from './optimal';
import { DEFAULT_SEGMENT_OPTIONS, segmentOptionsFor, type SegmentOptions } from './options';
import { tileRange } from './texttiling';

export { announcesPart, chapterStartIndexes, DEFAULT_SEGMENT_OPTIONS, rangesFromStarts, segmentOptionsFor };
export { subsectionStarts, type SubsectionOptions } from './subsections';
export type { SegmentOptions };

/**
 * Returns the sentence indexes where sections start: strictly increasing, first is 0 (for a non-empty transcript).
 * Every sentence belongs to exactly one section: section i is [starts[i], starts[i+1]).
 */
export function segmentTopics(
  sentences: Sentence[],
  vectors: Float32Array[],
  chapters: Chapter[],
  options: SegmentOptions = {},
): number[] {
  const opts = { ...DEFAULT_SEGMENT_OPTIONS, ...options };
  const n = sentences.length;
  if (n === 0) return [];
  const chapterStarts = chapterStartIndexes(sentences, chapters);
  // Parts the speaker announces in a run of ordered numbers ("Chapter one ... Chapter two ..."): soft cues.
  const cues = chapters.length === 0 && opts.announcedParts ? orderedAnnouncements(sentences, opts.minSectionSec / 2) : [];
  const hard = chapterStarts.length > 1 || (chapters.length > 0 && chapterStarts.length === 1);
  const spanSec = sentences[n - 1].endSec - sentences[0].startSec;
  const method = opts.method === 'auto' ? (spanSec < opts.shortTranscriptSec ? 'texttiling' : 'optimal') : opts.method;
  if (method === 'optimal') return optimalSplit(sentences, vectors, hard ? chapterStarts : [0], hard, cues, opts);
  if (hard) {
    const starts: number[] = [];
    for (let c = 0; c < chapterStarts.length; c++) {
      const from = chapterStarts[c];
      const to = c + 1 < chapterStarts.length ? chapterStarts[c + 1] : n;
      starts.push(from);
      const span = sentences[to - 1].endSec - sentences[from].startSec;
      if (span > opts.splitChaptersLongerThanSec) {
        // Inside a chapter only clear shifts count: at least a third of the chapter limit apart.
        const inner = tileRange(sentences, vectors, from, to, [], {
          ...opts,
          minSectionSec: Math.max(opts.minSectionSec, opts.splitChaptersLongerThanSec / 3),
        });
        starts.push(...inner);
      }
    }
    return starts;
  }
  return [0, ...tileRange(sentences, vectors, 0, n, cues, opts)];
}
