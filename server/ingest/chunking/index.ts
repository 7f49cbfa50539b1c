import { SAMPLE_RATE, SILENCE_DBFS } from '../../domain/audio';
// The segment stage: decoded PCM → chunks cut at natural pauses, inside chapter boundaries.
// The PCM file is streamed frame by frame (memory stays flat for hours of audio); an energy gate
// keeps near-silent frames away from the network, so long silent stretches cost almost nothing.
import fs from 'node:fs';
import type { Chapter, Chunk, DecodedAudio } from '../../domain/types';
import { planChunks } from './chunkPlanner';
import { SileroVad, VAD_FRAME_SAMPLES } from './sileroVad';
import { throwIfCancelled } from '../../domain/errors';

export { planChunks } from './chunkPlanner';
export type { PlannerOptions } from './chunkPlanner';
export { SileroVad, VAD_FRAME_SAMPLES } from './sileroVad';

const BYTES_PER_FRAME = VAD_FRAME_SAMPLES * 2;
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
  const totalFrames = Math.ceil(Math.floor(fileBytes / 2) / VAD_FRAME_SAMPLES);
  const frames = new Float32Array(totalFrames);
  const vad = await SileroVad.load();
  const frame = new Float32Array(VAD_FRAME_SAMPLES);
  let frameIndex = 0;
  let networkFrames = 0;
  let quietRun = GATE_GRACE_FRAMES; // leading silence skips the network at once
  let stale = false; // the network missed frames: its state no longer describes the stream
  let lastReported = -1;

  const classify = async (bytes: Buffer, offset: number, length: number): Promise<void> => {
    const n = length >> 1;
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const v = bytes.readInt16LE(offset + 2 * i) / 32768;
      frame[i] = v;
      energy += v * v;
    }
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
    frames[frameIndex++] = await vad.probability(n === VAD_FRAME_SAMPLES ? frame : frame.subarray(0, n));
    networkFrames++;
  };

  const stream = fs.createReadStream(pcmPath, { highWaterMark: 64 * BYTES_PER_FRAME });
  try {
    let carry = Buffer.alloc(0);
    let bytesSeen = 0;
    for await (const piece of stream as AsyncIterable<Buffer>) {
      throwIfCancelled(signal);
      bytesSeen += piece.length;
      const data = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
      let off = 0;
      for (; off + BYTES_PER_FRAME <= data.length && frameIndex < totalFrames; off += BYTES_PER_FRAME) {
        await classify(data, off, BYTES_PER_FRAME);
      }
      carry = Buffer.from(data.subarray(off));
      const fraction = fileBytes > 0 ? bytesSeen / fileBytes : 1;
      if (onProgress && fraction - lastReported >= 0.005) {
        lastReported = fraction;
        onProgress(Math.min(1, fraction));
      }
    }
    const tailBytes = carry.length & ~1;
    if (tailBytes > 0 && frameIndex < totalFrames) await classify(carry, 0, tailBytes);
  } finally {
    stream.destroy();
    await vad.close();
  }
  throwIfCancelled(signal);
  return { frames: frames.subarray(0, frameIndex), totalSamples: Math.floor(fileBytes / 2), networkFrames };
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
