// Turns per-frame speech probabilities into chunks that end at natural pauses. Pure: no I/O,
// so it is property-tested on its own. Everything is in samples so offsets never drift.
import { SAMPLE_RATE } from '../../domain/audio';
import type { Chunk } from '../../domain/types';

export interface PlannerOptions {
  /** No chunk is longer than this (whisper's window is 30 s). */
  maxChunkSec: number;
  /** A cut is looked for in [min, max] after the chunk start; a silence at least this long becomes its own no-speech chunk. */
  minChunkSec: number;
  /** Non-speech runs shorter than this are not pauses (a stop consonant, a breath); they are used only when there is no real pause. */
  minPauseSec: number;
  /** A frame is speech when its probability is at least this (Silero's recommended 0.5). */
  speechThreshold: number;
}

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = {
  maxChunkSec: 30,
  minChunkSec: 5,
  minPauseSec: 0.3,
  speechThreshold: 0.5,
};

/** Silence kept on each side of speech when a long silence is split off, so words are not clipped. */
const SPEECH_PAD_SEC = 0.25;

/**
 * frames: per-frame speech probability (frameSamples samples each, 16 kHz) in order; frames past the end
 * of the array count as silence. boundaries: sample positions that chunks must never cross (chapter starts).
 * Cuts at the longest/most silent pause inside [min, max]; forced cut at max when there is no pause
 * (prefer the least-speechy frame); chunks are contiguous, cover [0,totalSamples) exactly, start offsets
 * are cumulative sums of real lengths (no index×size drift); hasSpeech false when no frame crosses the threshold.
 */
export function planChunks(
  frames: ArrayLike<number>,
  frameSamples: number,
  totalSamples: number,
  boundaries: number[],
  opts: Partial<PlannerOptions> = {},
): Chunk[] {
  if (!Number.isInteger(frameSamples) || frameSamples <= 0) throw new RangeError(`frameSamples must be a positive integer, got ${frameSamples}`);
  const o: PlannerOptions = { ...DEFAULT_PLANNER_OPTIONS, ...definedOnly(opts) };
  const total = Math.max(0, Math.floor(totalSamples));
  if (total === 0) return [];

  const maxS = Math.max(1, Math.floor(o.maxChunkSec * SAMPLE_RATE));
  const minS = Math.min(maxS, Math.max(0, Math.floor(o.minChunkSec * SAMPLE_RATE)));
  const planner = new RegionPlanner(frames, frameSamples, o.speechThreshold, {
    maxS,
    minS,
    // A silence worth its own chunk: at least minChunkSec, and never shorter than two pads plus a frame.
    isolateS: Math.max(minS, Math.ceil(2 * SPEECH_PAD_SEC * SAMPLE_RATE) + frameSamples),
    minPauseS: Math.max(1, Math.floor(o.minPauseSec * SAMPLE_RATE)),
    padS: Math.floor(SPEECH_PAD_SEC * SAMPLE_RATE),
  });

  const cuts = [...new Set(boundaries.map((b) => Math.round(b)))].filter((b) => b > 0 && b < total).sort((a, b) => a - b);
  const edges = [0, ...cuts, total];
  const chunks: Chunk[] = [];
  for (let r = 0; r + 1 < edges.length; r++) {
    let cursor = edges[r];
    const end = edges[r + 1];
    while (cursor < end) {
      const next = planner.chooseEnd(cursor, end);
      chunks.push({ index: chunks.length, startSample: cursor, endSample: next, hasSpeech: planner.hasSpeech(cursor, next) });
      cursor = next;
    }
  }
  return chunks;
}

interface Limits {
  maxS: number;
  minS: number;
  isolateS: number;
  minPauseS: number;
  padS: number;
}

/** A run of consecutive non-speech frames, as a sample range clipped to the region. */
interface Pause {
  start: number;
  end: number;
  meanProb: number;
}

class RegionPlanner {
  constructor(
    private readonly frames: ArrayLike<number>,
    private readonly fs: number,
    private readonly threshold: number,
    private readonly lim: Limits,
  ) {}

  private prob(frame: number): number {
    const p = frame >= 0 && frame < this.frames.length ? this.frames[frame] : 0;
    return Number.isFinite(p) ? p : 0;
  }

  private isSpeech(frame: number): boolean {
    return this.prob(frame) >= this.threshold;
  }

  hasSpeech(start: number, end: number): boolean {
    const last = Math.ceil(end / this.fs) - 1;
    for (let f = Math.floor(start / this.fs); f <= last; f++) if (this.isSpeech(f)) return true;
    return false;
  }

  /** End of the chunk that starts at `cursor` inside a region ending at `regionEnd`; always > cursor. */
  chooseEnd(cursor: number, regionEnd: number): number {
    const { maxS, minS, isolateS, padS } = this.lim;
    const maxEnd = Math.min(regionEnd, cursor + maxS);

    // 1. Starting in a long silence: it becomes a no-speech chunk, ending a pad before the speech.
    // The scan stops once the silence is known to outlast this chunk, so a 3-hour silence is not rescanned per chunk.
    const scanLimit = Math.min(regionEnd, cursor + Math.max(maxS, isolateS) + padS + this.fs);
    const silenceEnd = this.nonSpeechEnd(cursor, scanLimit);
    if (silenceEnd - cursor >= isolateS) {
      if (silenceEnd >= regionEnd) return regionEnd <= maxEnd ? regionEnd : this.alignDown(maxEnd, cursor, maxEnd);
      return this.alignDown(Math.min(silenceEnd - padS, maxEnd), cursor, maxEnd);
    }

    // 2. Speech: a long silence starting within reach is split off right after the speech.
    // (The rest of that silence, after the pad, must itself qualify as long, so step 1 takes it next.)
    for (const pause of this.pauses(cursor, maxEnd, cursor, regionEnd)) {
      if (pause.start <= cursor) continue;
      if (pause.end - pause.start - padS >= isolateS && pause.start + padS <= maxEnd) {
        return this.alignDown(Math.min(pause.start + padS, maxEnd), cursor, maxEnd);
      }
    }
    if (regionEnd - cursor <= maxS) return regionEnd;

    // 3. Too long: cut at the best pause inside [cursor+min, cursor+max].
    const winStart = cursor + minS;
    let best: Pause | null = null;
    for (const pause of this.pauses(winStart, maxEnd, cursor, regionEnd)) {
      if (pause.end - pause.start < this.lim.minPauseS) continue;
      if (pause.end <= winStart || pause.start >= maxEnd) continue;
      if (best === null || betterPause(pause, best)) best = pause;
    }
    if (best !== null) {
      const mid = Math.floor((best.start + best.end) / 2);
      return this.alignDown(Math.min(Math.max(mid, winStart), maxEnd), cursor, maxEnd);
    }
    return this.leastSpeechyCut(winStart, maxEnd, cursor);
  }

  /** First sample at or after `from` that lies in a speech frame, or `limit`. */
  private nonSpeechEnd(from: number, limit: number): number {
    const lastFrame = Math.ceil(limit / this.fs) - 1;
    for (let f = Math.floor(from / this.fs); f <= lastFrame; f++) {
      if (this.isSpeech(f)) return Math.min(limit, Math.max(from, f * this.fs));
    }
    return limit;
  }

  /**
   * Non-speech runs overlapping [from, to), each measured whole back to `floor` and forward until it is
   * known to be long (a bounded scan), clipped to the region.
   */
  private *pauses(from: number, to: number, floor: number, regionEnd: number): Generator<Pause> {
    const scanEnd = Math.min(regionEnd, to + this.lim.isolateS + this.lim.padS + this.fs);
    const lastFrame = Math.ceil(scanEnd / this.fs) - 1;
    const floorFrame = Math.floor(floor / this.fs);
    let f = Math.floor(from / this.fs);
    while (f > floorFrame && !this.isSpeech(f) && !this.isSpeech(f - 1)) f--;
    while (f * this.fs < to && f <= lastFrame) {
      if (this.isSpeech(f)) {
        f++;
        continue;
      }
      const first = f;
      let sum = 0;
      while (f <= lastFrame && !this.isSpeech(f)) sum += this.prob(f++);
      yield { start: Math.max(floor, first * this.fs), end: Math.min(f * this.fs, scanEnd), meanProb: sum / (f - first) };
    }
  }

  /** No pause at all: cut between the two least speechy frames in the window (latest on ties, for longer chunks). */
  private leastSpeechyCut(winStart: number, maxEnd: number, cursor: number): number {
    let bestPos = -1;
    let bestScore = Infinity;
    for (let k = Math.ceil(winStart / this.fs); k * this.fs <= maxEnd; k++) {
      const pos = k * this.fs;
      if (pos <= cursor) continue;
      const score = this.prob(k - 1) + this.prob(k);
      if (score <= bestScore) {
        bestScore = score;
        bestPos = pos;
      }
    }
    return bestPos > cursor ? bestPos : maxEnd;
  }

  /** Snaps a cut to a frame edge (so no chunk owns part of a speech frame), keeping it in (cursor, maxEnd]. */
  private alignDown(target: number, cursor: number, maxEnd: number): number {
    const aligned = Math.floor(target / this.fs) * this.fs;
    if (aligned > cursor && aligned <= maxEnd) return aligned;
    const up = Math.ceil(target / this.fs) * this.fs;
    if (up > cursor && up <= maxEnd) return up;
    return Math.max(cursor + 1, Math.min(target, maxEnd));
  }
}

function betterPause(a: Pause, b: Pause): boolean {
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  if (a.meanProb !== b.meanProb) return a.meanProb < b.meanProb;
  return a.start > b.start;
}

function definedOnly(opts: Partial<PlannerOptions>): Partial<PlannerOptions> {
  const out: Partial<PlannerOptions> = {};
  for (const [k, v] of Object.entries(opts) as [keyof PlannerOptions, number | undefined][]) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}
