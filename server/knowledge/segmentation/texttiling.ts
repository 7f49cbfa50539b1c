// TextTiling (Hearst 1997): depth scores of the similarity across each gap, over time windows, with a
// cutoff relative to the talk's own depths. Used for short transcripts and inside long chapters.
import type { Sentence } from '../../domain/analysis';
import { contentTerms } from '../text';
import { dot, PrefixSums } from '../../domain/vector';
import type { SegmentOptions } from './options';

/** Inner section starts (excluding `from`) found by depth scores within sentences [from, to); spoken cues (sentence indexes) are tried first. */
export function tileRange(sentences: Sentence[], vectors: Float32Array[], from: number, to: number, cues: number[], opts: Required<SegmentOptions>): number[] {
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
  const announced = cues.filter((i) => i > from && i < to).map((i) => i - from);
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
