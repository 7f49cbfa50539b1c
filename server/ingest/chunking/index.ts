// The segment stage: decoded PCM → chunks cut at natural pauses, inside chapter boundaries.
// The PCM file is streamed frame by frame (memory stays flat for hours of audio); an energy gate
// keeps near-silent frames away from the network, so long silent stretches cost almost nothing.
import { SAMPLE_RATE, SILENCE_DBFS } from '../../domain/audio';
import fs from 'node:fs';
import { BYTES_PER_SAMPLE, readFrames } from '../pcmFile';
import type { Chapter, Chunk, DecodedAudio } from '../../domain/types';
import { planChunks } from './chunkPlanner';
import { SileroVad, VAD_FRAME_SAMPLES } from './sileroVad';
import { throwIfCancelled } from '../../domain/errors';

export { planChunks } from './chunkPlanner';
export type { PlannerOptions } from './chunkPlanner';
export { SileroVad, VAD_FRAME_SAMPLES } from './sileroVad';

/** Frames quieter than SILENCE_DBFS are not shown to the network. */
const GATE_RMS = 10 ** (SILENCE_DBFS / 20);
/** Quiet frames still shown to the network after sound, so short dips inside speech keep its recurrent state true. */
const GATE_GRACE_FRAMES = 8;

export interface SegmentOptions {
  maxChunkSec?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** Per-frame speech probabilities of a 16 kHz s16le PCM file, streamed; gated frames get 0. */
export async function speechProbabilities(
  pcmPath: string,
  opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<{ frames: Float32Array; totalSamples: number; networkFrames: number }> {
  const { signal, onProgress } = opts;
  throwIfCancelled(signal);
  const fileBytes = (await fs.promises.stat(pcmPath)).size;
  const totalFrames = Math.ceil(Math.floor(fileBytes / BYTES_PER_SAMPLE) / VAD_FRAME_SAMPLES);
  const frames = new Float32Array(totalFrames);
  const vad = await SileroVad.load();
  let frameIndex = 0;
  let networkFrames = 0;
  let quietRun = GATE_GRACE_FRAMES; // leading silence skips the network at once
  let stale = false; // the network missed frames: its state no longer describes the stream
  let lastReported = -1;

  const classify = async (frame: Float32Array): Promise<void> => {
    let energy = 0;
    for (let i = 0; i < frame.length; i++) energy += (frame[i] as number) * (frame[i] as number);
    const rms = Math.sqrt(energy / VAD_FRAME_SAMPLES);
    quietRun = rms < GATE_RMS ? quietRun + 1 : 0;
    if (quietRun > GATE_GRACE_FRAMES) {
      frames[frameIndex++] = 0;
      stale = true;
      return;
    }
    if (stale) {
      vad.reset();
      stale = false;
    }
    frames[frameIndex++] = await vad.probability(frame);
    networkFrames++;
  };

  const onRead = (bytesRead: number): void => {
    const fraction = fileBytes > 0 ? bytesRead / fileBytes : 1;
    if (onProgress && fraction - lastReported >= 0.005) {
      lastReported = fraction;
      onProgress(Math.min(1, fraction));
    }
  };
  try {
    for await (const frame of readFrames(pcmPath, VAD_FRAME_SAMPLES, { signal, onRead })) {
      if (frameIndex < totalFrames) await classify(frame);
    }
  } finally {
    await vad.close();
  }
  throwIfCancelled(signal);
  return { frames: frames.subarray(0, frameIndex), totalSamples: Math.floor(fileBytes / BYTES_PER_SAMPLE), networkFrames };
}

/**
 * Streams the PCM file (never whole in memory), energy gate first (digital silence/very quiet frames skip the
 * network: a 3-hour mostly-silent input must run fast), Silero on the rest, then planChunks. Chapters become boundaries.
 */
export async function segmentAudio(
  audio: DecodedAudio,
  chapters: Chapter[],
  opts: SegmentOptions = {},
): Promise<Chunk[]> {
  const { frames, totalSamples } = await speechProbabilities(audio.pcmPath, { signal: opts.signal, onProgress: opts.onProgress });
  const boundaries = chapters.flatMap((c) => [c.startSec, c.endSec]).filter(Number.isFinite).map((sec) => Math.round(sec * SAMPLE_RATE));
  const chunks = planChunks(frames, VAD_FRAME_SAMPLES, totalSamples, boundaries, { maxChunkSec: opts.maxChunkSec });
  opts.onProgress?.(1);
  return chunks;
}
