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
// `minSectionSec` is only a floor for readable notes. Chapters are hard boundaries; so are parts the
// speaker announces ("Chapter two, ...") when there are at least two of them, and a single announced part
// costs no price. Cost: O(m^2 * dim) for m <= MAX_UNITS split points (longer transcripts group consecutive
// sentences), O(m^2 + m * words) for the rest via prefix sums and incremental word counts.
// Short transcripts (under ~15 min) keep the previous method, TextTiling depth scores over time windows
// with a cutoff relative to the talk's own depths: there the word counts are too sparse (vocabulary ~ number
// of words) and the word model's gains come from its vocabulary term rather than from repeated words
// (with a fixed large vocabulary it finds no boundary at all). Both methods are compared, on the whole
// talks and on pieces of them, in bench/eval-segmentation.ts.
import type { Chapter } from '../domain/types';
import type { Sentence } from '../domain/analysis';
import { contentTerms } from './text';
import { dot, PrefixSums } from '../domain/vector';

export interface SegmentOptions {
  /**
   * 'optimal': dynamic-programming split. 'texttiling': the older depth-score method. 'auto' (default):
   * texttiling for transcripts shorter than `shortTranscriptSec`, where the word counts are too sparse
   * for the optimal split's word model, optimal otherwise.
   */
  method?: 'auto' | 'optimal' | 'texttiling';
  /** 'auto' only: transcripts spanning less than this (seconds) use TextTiling. */
  shortTranscriptSec?: number;
  /** TextTiling only: seconds of speech on each side of a gap when comparing blocks. */
  windowSec?: number;
  /** No section shorter than this (seconds), unless the transcript (or a chapter) itself is shorter. */
  minSectionSec?: number;
  /** TextTiling only: how deep a valley must be, in standard deviations above the mean depth. */
  depthCutoffStd?: number;
  /** Chapters longer than this may be split further. */
  splitChaptersLongerThanSec?: number;
  /** Weight of word evidence against embedding evidence (0 = embeddings only, 1 = words only). */
  lexicalWeight?: number;
  /** Use spoken part announcements ("Chapter two, ...") as boundaries. */
  announcedParts?: boolean;
  /** Optimal split only: what a section costs, in units of the models' own prices (1 = pure MDL/BIC). */
  sectionPrice?: number;
}

export const DEFAULT_SEGMENT_OPTIONS: Required<SegmentOptions> = {
  method: 'auto',
  // The same ~15 minutes below which analyze.ts scales the window and minimum length down. On 4 pieces of
  // 7-12 min cut from the eval talks TextTiling had mean Pk 0.145 against 0.294 for the optimal split
  // (never worse), and it also places the sample lecture's boundary better; on the 6 cases of 35 min and
  // longer the optimal split was better in 5 and equal in one (0.547 against 0.544).
  shortTranscriptSec: 900,
  // windowSec and depthCutoffStd: TextTiling only, chosen by measurement over the eval talks. minSectionSec
  // binds TextTiling; for the optimal split it is only a floor (results identical from 0 to 120 s).
  windowSec: 90,
  minSectionSec: 120,
  depthCutoffStd: 0.5,
  splitChaptersLongerThanSec: 900,
  // Words and embeddings count equally: each alone fails on one kind of talk (see above).
  lexicalWeight: 0.5,
  announcedParts: true,
  // 1 (the models' own prices) over-splits short talks and parts of long ones: the word model's gains
  // grow as the vocabulary shrinks. Over 10 pieces of 7-140 min cut from the eval talks, 2-3 is a
  // plateau (mean Pk 0.32/0.30/0.30 at 2/2.5/3; 0.44 at 1; TextTiling 0.31); 2.5 is its middle.
  sectionPrice: 2.5,
};

/** Most split positions the optimal split considers; longer transcripts group consecutive sentences (bounds cost, not quality). */
const MAX_UNITS = 1500;

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
  const hard = chapterStarts.length > 1 || (chapters.length > 0 && chapterStarts.length === 1);
  const spanSec = sentences[n - 1].endSec - sentences[0].startSec;
  const method = opts.method === 'auto' ? (spanSec < opts.shortTranscriptSec ? 'texttiling' : 'optimal') : opts.method;
  if (method === 'optimal') return optimalSplit(sentences, vectors, hard ? chapterStarts : [0], hard, opts);
  if (hard) {
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

/**
 * The split of the whole transcript that minimises, summed over sections, the word cost and the embedding
 * cost (each in units of its own per-section price) plus one unit per section. Sections never cross a
 * hard start; with hard starts, a chapter no longer than `splitChaptersLongerThanSec` stays whole and a
 * longer one splits only into parts of at least a third of that limit.
 */
function optimalSplit(sentences: Sentence[], vectors: Float32Array[], hardStarts: number[], hard: boolean, opts: Required<SegmentOptions>): number[] {
  const n = sentences.length;
  const isHard = new Uint8Array(n);
  for (const h of hardStarts) isHard[h] = 1;
  const announced = new Uint8Array(n);
  if (opts.announcedParts) for (let i = 1; i < n; i++) if (announcesPart(sentences[i].text)) announced[i] = 1;

  // Units: runs of consecutive sentences (one each unless the transcript is long), never across a hard
  // start, always starting a new unit at an announced part.
  const per = Math.max(1, Math.ceil(n / MAX_UNITS));
  const unitStart: number[] = [];
  for (let i = 0; i < n; i++) {
    const last = unitStart.length > 0 ? unitStart[unitStart.length - 1] : -per;
    if (i - last >= per || isHard[i] || announced[i]) unitStart.push(i);
  }
  const m = unitStart.length;
  const unitEnd = (u: number): number => (u + 1 < m ? unitStart[u + 1] : n);
  const timeAt = (u: number): number => (u < m ? sentences[unitStart[u]].startSec : sentences[n - 1].endSec);

  // Chapter of each unit, and whether that chapter may be split.
  const chapterOf = new Int32Array(m);
  const chapterFirst: number[] = [];
  const chapterEnd: number[] = [];
  for (let u = 0; u < m; u++) {
    if (u === 0 || isHard[unitStart[u]]) chapterFirst.push(u);
    chapterOf[u] = chapterFirst.length - 1;
  }
  for (let c = 0; c < chapterFirst.length; c++) chapterEnd.push(c + 1 < chapterFirst.length ? chapterFirst[c + 1] : m);
  const splittable = chapterFirst.map((f, c) => !hard || timeAt(chapterEnd[c]) - timeAt(f) > opts.splitChaptersLongerThanSec);
  const minSec = hard ? Math.max(opts.minSectionSec, opts.splitChaptersLongerThanSec / 3) : opts.minSectionSec;

  // Embedding model: per-unit vector sums and their Gram rows as prefix sums.
  const dim = vectors[0]?.length ?? 0;
  const count = new Float64Array(m);
  const sums: Float64Array[] = [];
  for (let u = 0; u < m; u++) {
    const s = new Float64Array(dim);
    for (let i = unitStart[u]; i < unitEnd(u); i++) {
      const v = vectors[i];
      for (let j = 0; j < dim; j++) s[j] += v[j];
    }
    sums.push(s);
    count[u] = unitEnd(u) - unitStart[u];
  }
  // |x_i|^2 prefix sums (1 each for unit vectors).
  const sqPrefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) sqPrefix[i + 1] = sqPrefix[i] + dot(vectors[i], vectors[i]);
  // gramRow[a][k] = sum over a <= j < k of sums[a]·sums[j], for k up to the end of a's chapter (sections never cross it).
  const gramRow: Float64Array[] = [];
  for (let a = 0; a < m; a++) {
    const row = new Float64Array(m + 1);
    const sa = sums[a];
    const stop = chapterEnd[chapterOf[a]];
    for (let j = a; j < stop; j++) {
      const sj = sums[j];
      let d = 0;
      for (let k = 0; k < dim; k++) d += sa[k] * sj[k];
      row[j + 1] = row[j] + d;
    }
    gramRow.push(row);
  }
  // Whole-transcript spread: sigma^2 = SSE of one section / n.
  const all = new Float64Array(dim);
  for (const s of sums) for (let j = 0; j < dim; j++) all[j] += s[j];
  let total = 0;
  for (let j = 0; j < dim; j++) total += all[j] * all[j];
  const sigma2 = Math.max(0, (sqPrefix[n] - total / n) / n);
  const priceEmb = sigma2 * Math.log(n);

  // Word model: content-word ids per unit.
  const ids = new Map<string, number>();
  const unitTerms: Int32Array[] = [];
  let words = 0;
  for (let u = 0; u < m; u++) {
    const t: number[] = [];
    for (let i = unitStart[u]; i < unitEnd(u); i++)
      for (const w of contentTerms(sentences[i].text)) {
        let id = ids.get(w);
        if (id === undefined) ids.set(w, (id = ids.size));
        t.push(id);
      }
    unitTerms.push(Int32Array.from(t));
    words += t.length;
  }
  const vocab = ids.size;
  const priceLex = words >= 2 ? Math.log(words) : 0;
  // f·ln(f+1) for each count f, so adding a word costs one table lookup.
  const fLog = new Float64Array(words + 2);
  for (let f = 0; f < fLog.length; f++) fLog[f] = f * Math.log(f + 1);

  const wLex = priceLex > 0 ? Math.min(1, Math.max(0, opts.lexicalWeight)) : 0;
  const wEmb = priceEmb > 1e-12 ? 1 - wLex : 0;

  // best[b]: least cost of units [0, b) split into sections; from[b]: where the last section starts.
  const best = new Float64Array(m + 1).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(m + 1);
  best[0] = 0;
  const counts = new Int32Array(vocab);
  for (let b = 1; b <= m; b++) {
    const c = chapterOf[b - 1];
    const first = chapterFirst[c];
    const chapterClosed = b === chapterEnd[c];
    let q = 0; // |sum of vectors in units [a, b)|^2
    let sentencesIn = 0;
    let wordsIn = 0;
    let fl = 0; // sum over words of f·ln(f+1)
    for (let a = b - 1; a >= first; a--) {
      q += 2 * (gramRow[a][b] - gramRow[a][a + 1]) + (gramRow[a][a + 1] - gramRow[a][a]);
      sentencesIn += count[a];
      for (const w of unitTerms[a]) {
        const f = counts[w];
        fl += fLog[f + 1] - fLog[f];
        counts[w] = f + 1;
      }
      wordsIn += unitTerms[a].length;
      if (best[a] === Number.POSITIVE_INFINITY) continue;
      const whole = a === first && chapterClosed;
      if (!whole && (!splittable[c] || timeAt(b) - timeAt(a) < minSec)) continue;
      const sse = sqPrefix[unitEnd(b - 1)] - sqPrefix[unitStart[a]] - q / sentencesIn;
      const lexCost = wordsIn > 0 ? wordsIn * Math.log(wordsIn + vocab) - fl : 0;
      const price = a > 0 && announced[unitStart[a]] && !isHard[unitStart[a]] ? 0 : opts.sectionPrice;
      const v = best[a] + (wLex > 0 ? (wLex * lexCost) / priceLex : 0) + (wEmb > 0 ? (wEmb * sse) / priceEmb : 0) + price;
      if (v < best[b]) {
        best[b] = v;
        from[b] = a;
      }
    }
    for (let a = b - 1; a >= first; a--) for (const w of unitTerms[a]) counts[w] = 0;
  }
  const starts: number[] = [];
  for (let b = m; b > 0; b = from[b]) starts.push(unitStart[from[b]]);
  return starts.reverse();
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
