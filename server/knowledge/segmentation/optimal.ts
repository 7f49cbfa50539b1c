// Optimal split (dynamic programming over all split points): minimises, summed over sections, how badly one
// topic describes each section (a word model and an embedding model, each in units of its own price), plus
// a price per section. See ./index.ts for the models and why.
import type { Sentence } from '../../domain/analysis';
import { contentTerms } from '../text';
import { dot } from '../../domain/vector';
import type { SegmentOptions } from './options';
import { pauseStrength } from './pauses';
import { questionFlags } from './questions';

/** Most split positions the optimal split considers; longer transcripts group consecutive sentences (bounds cost, not quality). */
const MAX_UNITS = 1500;

/**
 * The split of the whole transcript that minimises, summed over sections, the word cost and the embedding
 * cost (each in units of its own per-section price) plus one unit per section. Sections never cross a
 * hard start; with hard starts, a chapter no longer than `splitChaptersLongerThanSec` stays whole and a
 * longer one splits only into parts of at least a third of that limit.
 */
export function optimalSplit(
  sentences: Sentence[],
  vectors: Float32Array[],
  hardStarts: number[],
  hard: boolean,
  cueStarts: number[],
  opts: Required<SegmentOptions>,
): number[] {
  const n = sentences.length;
  const isHard = new Uint8Array(n);
  for (const h of hardStarts) isHard[h] = 1;
  const announced = new Uint8Array(n);
  for (const i of cueStarts) if (i > 0) announced[i] = 1;

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

  // cost[a * (m + 1) + b]: the word and embedding cost of units [a, b) as one section, in units of their
  // prices; +Infinity where no section may lie (across a chapter, shorter than the floor, in a whole chapter).
  const stride = m + 1;
  const cost = new Float64Array(m * stride).fill(Number.POSITIVE_INFINITY);
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
      const whole = a === first && chapterClosed;
      if (!whole && (!splittable[c] || timeAt(b) - timeAt(a) < minSec)) continue;
      const sse = sqPrefix[unitEnd(b - 1)] - sqPrefix[unitStart[a]] - q / sentencesIn;
      const lexCost = wordsIn > 0 ? wordsIn * Math.log(wordsIn + vocab) - fl : 0;
      cost[a * stride + b] = (wLex > 0 ? (wLex * lexCost) / priceLex : 0) + (wEmb > 0 ? (wEmb * sse) / priceEmb : 0);
    }
    for (let a = b - 1; a >= first; a--) for (const w of unitTerms[a]) counts[w] = 0;
  }
  // A section costs `price`; one that opens at a spoken cue of an ordered run (not a hard start) earns
  // `cueWeight - 1` prices instead (the word model's prior charges every section, so a merely free cue
  // would never be taken). A soft signal: enough contrary evidence still outweighs it.
  const free = (a: number): boolean => a > 0 && announced[unitStart[a]] === 1 && isHard[unitStart[a]] === 0;
  const cueCost = opts.sectionPrice * (1 - opts.cueWeight);
  // A section opening after a pause long for this talk (pauses.ts) pays only (1 - pauseWeight * strength) of
  // the price: weak evidence of its own, it moves a close call to the silence and never splits a flat stretch.
  const share = new Float64Array(m).fill(1);
  if (opts.pauseWeight > 0) {
    const pause = pauseStrength(sentences);
    for (let u = 1; u < m; u++) share[u] = Math.max(0, 1 - opts.pauseWeight * pause[unitStart[u]]);
  }
  // One that opens with a question (questions.ts) pays (1 - questionWeight) of that: as weak, and as soft.
  if (opts.questionWeight > 0) {
    const question = questionFlags(sentences);
    for (let u = 1; u < m; u++) if (question[unitStart[u]]) share[u] *= 1 - opts.questionWeight;
  }

  // best[b]: least cost of units [0, b) split into sections; from[b]: where the last section starts.
  const best = new Float64Array(m + 1);
  const from = new Int32Array(m + 1);
  const split = (price: number): { starts: number[]; data: number; priced: number } => {
    best.fill(Number.POSITIVE_INFINITY);
    best[0] = 0;
    for (let b = 1; b <= m; b++) {
      const first = chapterFirst[chapterOf[b - 1]];
      for (let a = b - 1; a >= first; a--) {
        const ca = cost[a * stride + b];
        if (ca === Number.POSITIVE_INFINITY || best[a] === Number.POSITIVE_INFINITY) continue;
        const v = best[a] + ca + (free(a) ? cueCost : price * share[a]);
        if (v < best[b]) {
          best[b] = v;
          from[b] = a;
        }
      }
    }
    const units: number[] = [];
    let data = 0;
    let priced = 0;
    for (let b = m; b > 0; b = from[b]) {
      data += cost[from[b] * stride + b];
      if (!free(from[b])) priced += share[from[b]];
      else data += cueCost;
      units.push(from[b]);
    }
    return { starts: units.reverse().map((u) => unitStart[u]), data, priced };
  };

  const base = split(opts.sectionPrice);
  if (!(opts.countPrior > 0) || hard) return base.starts;
  // Granularity from the talk: the split at the section price is what the evidence alone says. A prior on
  // the number of sections, log-normal around what creators draw for a talk of this length
  // (sectionsAt10Min * (minutes / 10)^sectionsExponent), weighs against it: among the splits at a ladder of
  // prices (each optimal for its count), the one with the least data cost + price * sections + countPrior *
  // (ln sections - ln expected)^2. Strong topic shifts (large gains per section) hold their count against
  // the prior; weak ones give way to it.
  const minutes = (timeAt(m) - timeAt(0)) / 60;
  const expected = Math.max(1, opts.sectionsAt10Min * Math.pow(Math.max(minutes, 0.5) / 10, opts.sectionsExponent));
  // priced: the sections that paid a price, each by the share it paid (a pause lowers it).
  const objective = (r: { starts: number[]; data: number; priced: number }): number =>
    r.data + opts.sectionPrice * r.priced + opts.countPrior * Math.log(r.starts.length / expected) ** 2;
  let chosen = base;
  let bestObjective = objective(base);
  for (let k = -10; k <= 8; k++) {
    if (k === 0) continue;
    const r = split(opts.sectionPrice * Math.pow(2, k / 2));
    const o = objective(r);
    if (o < bestObjective - 1e-9) {
      bestObjective = o;
      chosen = r;
    }
  }
  return chosen.starts;
}
