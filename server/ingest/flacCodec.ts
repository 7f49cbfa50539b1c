// Chunk audio between machines (team mode): 16 kHz mono s16le ⇄ FLAC through ffmpeg. FLAC, not
// Opus: it is lossless, so a worker transcribes exactly the samples a local run would, and the
// notes come out byte-identical; it still halves speech audio or better (BENCHMARKS.md).
import { SAMPLE_RATE } from '../domain/audio';
import { UserError } from '../domain/errors';
import { lastErrorLine, runTool } from './mediaProbe';

const PCM_ARGS = ['-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1'];

/** Generous for a chunk of a few minutes: ffmpeg codes FLAC hundreds of times faster than real time. */
function budgetMs(bytes: number): number {
  return 30_000 + bytes / 10_000;
}

export async function encodeFlac(pcm: Buffer, opts: { ffmpegPath?: string; signal?: AbortSignal } = {}): Promise<Buffer> {
  const r = await runTool(opts.ffmpegPath ?? 'ffmpeg', ['-nostdin', '-v', 'error', ...PCM_ARGS, '-i', 'pipe:0', '-f', 'flac', 'pipe:1'], 'ffmpeg', opts.signal, budgetMs(pcm.length), pcm);
  if (r.code !== 0) throw new UserError(`ffmpeg could not compress a chunk: ${lastErrorLine(r.stderr)}`, 'EAUDIO');
  return r.stdoutBuffer;
}

export async function decodeFlac(flac: Buffer, opts: { ffmpegPath?: string; signal?: AbortSignal } = {}): Promise<Buffer> {
  const r = await runTool(opts.ffmpegPath ?? 'ffmpeg', ['-nostdin', '-v', 'error', '-f', 'flac', '-i', 'pipe:0', ...PCM_ARGS, 'pipe:1'], 'ffmpeg', opts.signal, budgetMs(flac.length * 4), flac);
  if (r.code !== 0) throw new UserError(`ffmpeg could not read a chunk's audio: ${lastErrorLine(r.stderr)}`, 'EAUDIO');
  return r.stdoutBuffer;
}
