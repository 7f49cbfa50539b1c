// The one PCM reader (and writer's conversion) of the pipeline: slices of the 16 kHz mono s16le
// PCM file the audio stage wrote, read without loading the whole file, as -1..1 floats.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { throwIfCancelled } from '../domain/errors';
import { SAMPLE_RATE } from '../domain/audio';
import type { Chunk } from '../domain/types';

export const BYTES_PER_SAMPLE = 2;

export function samplesToSec(samples: number): number {
  return samples / SAMPLE_RATE;
}

/** One s16le sample at `offset` of `bytes` as a float in -1..1. */
export function pcm16At(bytes: Buffer, offset: number): number {
  return bytes.readInt16LE(offset) / 32768;
}

/** Samples [start, end) as floats in -1..1. */
export async function readSamples(pcmPath: string, startSample: number, endSample: number): Promise<Float32Array> {
  return pcmBytesToSamples(await readPcmBytes(pcmPath, startSample, endSample));
}

/** Bytes [start, end) of the PCM file as they are (s16le), e.g. to compress a chunk. */
export async function readPcmBytes(pcmPath: string, startSample: number, endSample: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, endSample - startSample) * BYTES_PER_SAMPLE);
  const fh = await fs.open(pcmPath, 'r');
  try {
    let read = 0;
    while (read < buf.length) {
      const { bytesRead } = await fh.read(buf, read, buf.length - read, startSample * BYTES_PER_SAMPLE + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return buf.subarray(0, read);
  } finally {
    await fh.close();
  }
}

/** s16le bytes as floats in -1..1 (the same conversion for a file slice and a decoded chunk). */
export function pcmBytesToSamples(bytes: Buffer): Float32Array {
  const out = new Float32Array(Math.floor(bytes.length / BYTES_PER_SAMPLE));
  for (let i = 0; i < out.length; i++) out[i] = pcm16At(bytes, i * BYTES_PER_SAMPLE);
  return out;
}

/**
 * The whole file as consecutive frames of `frameSamples` samples (the last one may be shorter),
 * streamed so memory stays flat however long the file is. The yielded array is reused: copy it to
 * keep it. `onRead(bytesRead)` is called once the frames of each piece read from disk are consumed.
 */
export async function* readFrames(
  pcmPath: string,
  frameSamples: number,
  opts: { signal?: AbortSignal; onRead?: (bytesRead: number) => void } = {},
): AsyncGenerator<Float32Array> {
  const frameBytes = frameSamples * BYTES_PER_SAMPLE;
  const frame = new Float32Array(frameSamples);
  const toFloats = (bytes: Buffer, offset: number, count: number): Float32Array => {
    for (let i = 0; i < count; i++) frame[i] = pcm16At(bytes, offset + BYTES_PER_SAMPLE * i);
    return count === frameSamples ? frame : frame.subarray(0, count);
  };
  const stream = createReadStream(pcmPath, { highWaterMark: 64 * frameBytes });
  try {
    let carry = Buffer.alloc(0);
    let bytesRead = 0;
    for await (const piece of stream as AsyncIterable<Buffer>) {
      throwIfCancelled(opts.signal);
      bytesRead += piece.length;
      const data = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
      let off = 0;
      for (; off + frameBytes <= data.length; off += frameBytes) yield toFloats(data, off, frameSamples);
      carry = Buffer.from(data.subarray(off));
      opts.onRead?.(bytesRead);
    }
    const tailSamples = Math.floor(carry.length / BYTES_PER_SAMPLE);
    if (tailSamples > 0) yield toFloats(carry, 0, tailSamples);
  } finally {
    stream.destroy();
  }
}

export function readChunkSamples(pcmPath: string, chunk: Chunk): Promise<Float32Array> {
  return readSamples(pcmPath, chunk.startSample, chunk.endSample);
}

/** -1..1 floats (clipped) → 16-bit PCM, the form whisper.cpp and WAV files take. */
export function floatToPcm16(samples: Float32Array): Int16Array {
  const pcm = new Int16Array(samples.length);
  for (let index = 0; index < samples.length; index++) {
    const value = Math.max(-1, Math.min(1, samples[index] as number));
    pcm[index] = Math.round(value < 0 ? value * 32768 : value * 32767);
  }
  return pcm;
}
