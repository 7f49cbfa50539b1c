// Topic segmentation: TextTiling depth scores over sentence-embedding similarity.
// For each gap between sentences, compare the centroid of a window before it with the centroid of a
// window after it; a topic shift is a deep valley of that similarity. Windows are measured in time,
// not sentences, so short caption lines and long utterances behave alike. The similarity is a mix of
// embedding cosine and word-overlap cosine (each z-scored), as in classic lexical TextTiling: on the eval
// talks the mix beat either alone. Chapters are hard boundaries; so are parts the speaker announces
// ("Chapter two, ...") when there are at least two of them. Only TextTiling was implemented and measured;
// a DP split was not tried.
import type { Chapter } from '../pipeline/types';
import type { Sentence } from './types';
import { contentTerms } from './text';
import { dot, PrefixSums } from './vector';

export interface SegmentOptions {
  /** Seconds of speech on each side of a gap when comparing blocks. */
  windowSec?: number;
  /** No section shorter than this (seconds), unless the transcript itself is shorter. */
  minSectionSec?: number;
  /** How deep a valley must be, in standard deviations above the mean depth. */
  depthCutoffStd?: number;
  /** Chapters longer than this may be split further. */
  splitChaptersLongerThanSec?: number;
  /** Weight of word-overlap similarity against embedding similarity (0 = embeddings only). */
  lexicalWeight?: number;
  /** Use spoken part announcements ("Chapter two, ...") as boundaries. */
  announcedParts?: boolean;
}

export const DEFAULT_SEGMENT_OPTIONS: Required<SegmentOptions> = {
  // Chosen by measurement over all eval talks (bench/eval-segmentation.ts); 60-180 s windows and
  // 90-240 s minimum lengths were tried.
  windowSec: 90,
  minSectionSec: 120,
  depthCutoffStd: 0.5,
  splitChaptersLongerThanSec: 900,
  lexicalWeight: 0.5,
  announcedParts: true,
};

const NUMBER_WORD = '(?:\\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|next)';
/** A sentence that announces a new part ("Chapter two, ...", "Part 3:", "Lecture four"): a boundary the speaker states. */
const ANNOUNCES_PART = new RegExp(`^["'“(]*(?:chapter|part|section|lesson|lecture|module|unit|episode|book|step|topic)\\s+${NUMBER_WORD}\\b`, 'i');

export function announcesPart(text: string): boolean {
  return ANNOUNCES_PART.test(text.trim());
}

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
  let chapterStarts = chapterStartIndexes(sentences, chapters);
  if (chapters.length === 0 && opts.announcedParts) {
    // Parts the speaker announces ("Chapter two, ...") act like chapters when there are at least two.
    const announced = announcedStarts(sentences, opts.minSectionSec / 2);
    if (announced.length >= 2) chapterStarts = [...new Set([0, ...announced])].sort((a, b) => a - b);
  }
  if (chapterStarts.length > 1 || (chapters.length > 0 && chapterStarts.length === 1)) {
    const starts: number[] = [];
    for (let c = 0; c < chapterStarts.length; c++) {
      const from = chapterStarts[c];
      const to = c + 1 < chapterStarts.length ? chapterStarts[c + 1] : n;
      starts.push(from);
      const span = sentences[to - 1].endSec - sentences[from].startSec;
      if (span > opts.splitChaptersLongerThanSec) {
        // Inside a chapter only clear shifts count: at least a third of the chapter limit apart.
        const inner = tileRange(sentences, vectors, from, to, {
          ...opts,
          minSectionSec: Math.max(opts.minSectionSec, opts.splitChaptersLongerThanSec / 3),
        });
        starts.push(...inner);
      }
    }
    return starts;
  }
  return [0, ...tileRange(sentences, vectors, 0, n, opts)];
}

/** Sentences that announce a part, at least `minGapSec` after the previous one. */
function announcedStarts(sentences: Sentence[], minGapSec: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < sentences.length; i++) {
    if (!announcesPart(sentences[i].text)) continue;
    const prev = out.length > 0 ? sentences[out[out.length - 1]].startSec : Number.NEGATIVE_INFINITY;
    if (sentences[i].startSec - prev >= minGapSec) out.push(i);
  }
  return out;
}

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

/** Inner section starts (excluding `from`) found by depth scores within sentences [from, to). */
function tileRange(sentences: Sentence[], vectors: Float32Array[], from: number, to: number, opts: Required<SegmentOptions>): number[] {
  const count = to - from;
  if (count < 4) return [];
  const spanSec = sentences[to - 1].endSec - sentences[from].startSec;
  if (spanSec < 2 * opts.minSectionSec) return [];
  const dim = vectors[from].length;
  const sums = new PrefixSums(vectors.slice(from, to), dim);
  const mid = (i: number): number => (sentences[from + i].startSec + sentences[from + i].endSec) / 2;

  // Similarity across each gap g (between local sentences g-1 and g), windows bounded by time.
  const sims = new Float64Array(count);
  const lex = new Float64Array(count);
  const terms = opts.lexicalWeight > 0 ? sentences.slice(from, to).map((s) => contentTerms(s.text)) : [];
  let lo = 0;
  let hi = 0;
  for (let g = 1; g < count; g++) {
    const t = sentences[from + g].startSec;
    while (lo < g - 1 && mid(lo) < t - opts.windowSec) lo++;
    if (hi < g + 1) hi = g + 1;
    while (hi < count && mid(hi) < t + opts.windowSec) hi++;
    sims[g] = dot(sums.centroid(lo, g), sums.centroid(g, hi));
    if (opts.lexicalWeight > 0) lex[g] = bagCosine(terms, lo, g, hi);
  }
  const combined = opts.lexicalWeight > 0 ? mix(zscores(sims), zscores(lex), opts.lexicalWeight) : sims;
  const smooth = smoothGaps(combined, count);

  // Depth: how far the valley lies below the highest point reached climbing out on each side.
  const depth = new Float64Array(count);
  for (let g = 1; g < count; g++) {
    let left = smooth[g];
    for (let i = g - 1; i >= 1 && smooth[i] >= left; i--) left = smooth[i];
    let right = smooth[g];
    for (let i = g + 1; i < count && smooth[i] >= right; i++) right = smooth[i];
    depth[g] = left - smooth[g] + (right - smooth[g]);
  }
  const valleys: number[] = [];
  for (let g = 1; g < count; g++) {
    const prev = g > 1 ? smooth[g - 1] : Number.POSITIVE_INFINITY;
    const next = g + 1 < count ? smooth[g + 1] : Number.POSITIVE_INFINITY;
    if (smooth[g] <= prev && smooth[g] < next && depth[g] > 0) valleys.push(g);
  }
  if (valleys.length === 0) return [];
  const ds = valleys.map((g) => depth[g]);
  const mean = ds.reduce((a, b) => a + b, 0) / ds.length;
  const std = Math.sqrt(ds.reduce((a, b) => a + (b - mean) ** 2, 0) / ds.length);
  const cutoff = mean + opts.depthCutoffStd * std;

  // Announced parts first, then the deepest valleys; ties by position so the result is deterministic.
  const announced: number[] = [];
  if (opts.announcedParts) for (let g = 1; g < count; g++) if (announcesPart(sentences[from + g].text)) announced.push(g);
  const deep = valleys.filter((g) => depth[g] >= cutoff).sort((a, b) => depth[b] - depth[a] || a - b);
  const candidates = [...announced, ...deep];
  const startSec = sentences[from].startSec;
  const endSec = sentences[to - 1].endSec;
  const chosen: number[] = [];
  for (const g of candidates) {
    const t = sentences[from + g].startSec;
    if (t - startSec < opts.minSectionSec || endSec - t < opts.minSectionSec) continue;
    if (chosen.some((c) => Math.abs(sentences[from + c].startSec - t) < opts.minSectionSec)) continue;
    chosen.push(g);
  }
  return chosen.sort((a, b) => a - b).map((g) => from + g);
}

function zscores(xs: Float64Array): Float64Array {
  const n = xs.length - 1;
  if (n <= 0) return xs;
  let mean = 0;
  for (let i = 1; i < xs.length; i++) mean += xs[i] / n;
  let v = 0;
  for (let i = 1; i < xs.length; i++) v += (xs[i] - mean) ** 2 / n;
  const sd = Math.sqrt(v) || 1;
  const out = new Float64Array(xs.length);
  for (let i = 1; i < xs.length; i++) out[i] = (xs[i] - mean) / sd;
  return out;
}

function mix(a: Float64Array, b: Float64Array, weightB: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (1 - weightB) * a[i] + weightB * b[i];
  return out;
}

/** Cosine of the word bags of sentences [lo, g) and [g, hi). */
function bagCosine(terms: string[][], lo: number, g: number, hi: number): number {
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  for (let i = lo; i < g; i++) for (const t of terms[i]) left.set(t, (left.get(t) ?? 0) + 1);
  for (let i = g; i < hi; i++) for (const t of terms[i]) right.set(t, (right.get(t) ?? 0) + 1);
  let d = 0;
  let nl = 0;
  let nr = 0;
  for (const [t, c] of left) {
    nl += c * c;
    const r = right.get(t);
    if (r) d += c * r;
  }
  for (const c of right.values()) nr += c * c;
  return nl === 0 || nr === 0 ? 0 : d / Math.sqrt(nl * nr);
}

/** Moving average over neighbouring gaps (width 5), ignoring the undefined gap 0. */
function smoothGaps(sims: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let g = 1; g < count; g++) {
    let s = 0;
    let k = 0;
    for (let i = Math.max(1, g - 2); i <= Math.min(count - 1, g + 2); i++) {
      s += sims[i];
      k++;
    }
    out[g] = s / k;
  }
  return out;
}

/** Section ranges [from, to) from start indexes. */
export function rangesFromStarts(starts: number[], n: number): { from: number; to: number }[] {
  return starts.map((from, i) => ({ from, to: i + 1 < starts.length ? starts[i + 1] : n }));
}
