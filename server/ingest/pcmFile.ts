import { SAMPLE_RATE } from '../domain/audio';
// Reads slices of the 16 kHz mono s16le PCM file the audio stage wrote, without loading the whole file.
import fs from 'node:fs/promises';
import type { Chunk } from '../domain/types';

const BYTES_PER_SAMPLE = 2;

export function samplesToSec(samples: number): number {
  return samples / SAMPLE_RATE;
}

/** Samples [start, end) as floats in -1..1. */
export async function readSamples(pcmPath: string, startSample: number, endSample: number): Promise<Float32Array> {
  const count = Math.max(0, endSample - startSample);
  const buf = Buffer.alloc(count * BYTES_PER_SAMPLE);
  const fh = await fs.open(pcmPath, 'r');
  try {
    let read = 0;
    while (read < buf.length) {
      const { bytesRead } = await fh.read(buf, read, buf.length - read, startSample * BYTES_PER_SAMPLE + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const out = new Float32Array(Math.floor(read / BYTES_PER_SAMPLE));
    for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(i * BYTES_PER_SAMPLE) / 32768;
    return out;
  } finally {
    await fh.close();
  }
}

export function readChunkSamples(pcmPath: string, chunk: Chunk): Promise<Float32Array> {
  return readSamples(pcmPath, chunk.startSample, chunk.endSample);
}
