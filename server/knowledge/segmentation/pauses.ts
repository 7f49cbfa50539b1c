// Pauses as boundary evidence: speakers often stop longer than usual before a new topic. A pause counts
// only against the talk's own pauses (its log-gaps standardised), so a slow speaker's ordinary breath is
// not a boundary, and a transcript with uniform gaps (or none, as in captions with start times only)
// carries no pause evidence at all.
import type { Sentence } from '../../domain/analysis';

/** Standard deviations above the talk's mean log-pause at which a pause counts fully (a cap, so one very long silence does not dominate). */
const FULL_AT_SD = 3;

/** Silence before each sentence (0 for the first, and where sentences touch or overlap), in seconds. */
export function pausesBefore(sentences: Sentence[]): Float64Array {
  const out = new Float64Array(sentences.length);
  for (let i = 1; i < sentences.length; i++) out[i] = Math.max(0, sentences[i].startSec - sentences[i - 1].endSec);
  return out;
}

/**
 * How strongly a pause precedes each sentence, in [0, 1]: its log length in standard deviations above the
 * mean log length of the talk's non-zero pauses, divided by FULL_AT_SD and clipped. 0 where there is no
 * pause, no pause longer than average, or the pauses do not vary.
 */
export function pauseStrength(sentences: Sentence[]): Float64Array {
  const gaps = pausesBefore(sentences);
  const logs: number[] = [];
  for (const g of gaps) if (g > 0) logs.push(Math.log(g));
  const out = new Float64Array(sentences.length);
  if (logs.length < 2) return out;
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
  // Uniform gaps (synthetic or rounded timings) say nothing about topics.
  if (!(sd > 1e-6)) return out;
  for (let i = 1; i < gaps.length; i++) {
    if (gaps[i] <= 0) continue;
    out[i] = Math.min(1, Math.max(0, (Math.log(gaps[i]) - mean) / sd / FULL_AT_SD));
  }
  return out;
}
