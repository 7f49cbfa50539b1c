// audio stage: ffmpeg (spawned directly, argument array) decodes the media's first audio track to
// 16 kHz mono s16le, streamed to disk so memory stays flat however long the input is.
import { SAMPLE_RATE } from '../domain/audio';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { lastErrorLine, oneLine } from './mediaProbe';
import { BYTES_PER_SAMPLE } from './pcmFile';
import { type AcquiredMedia, type DecodedAudio } from '../domain/types';
import { UserError, throwIfCancelled } from '../domain/errors';
import { uniqueTempPath } from '../domain/tempName';

export interface DecodeOptions {
  ffmpegPath?: string;
  signal?: AbortSignal;
  /** Called with the seconds decoded so far (throttled). */
  onProgress?: (decodedSec: number) => void;
}

// Keep only the tail of ffmpeg's stderr: a badly corrupt file can log an error per frame.
const STDERR_KEEP = 16 * 1024;

/**
 * ffmpeg → 16 kHz mono s16le written to pcmPath as a stream. Written to a unique pcmPath.<pid>.<rand>.part then
 * renamed, so a crash never leaves a half file that looks complete. Corrupt/truncated input →
 * UserError with a one-line reason. Returns sampleCount from the bytes written.
 */
export async function decodeAudio(media: AcquiredMedia, pcmPath: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  throwIfCancelled(opts.signal);
  const bin = opts.ffmpegPath ?? 'ffmpeg';
  const name = path.basename(media.mediaPath);
  // Absolute, so a name like "concat:a|b" is never taken for an ffmpeg protocol.
  const input = path.resolve(media.mediaPath);
  // Unique per run: two runs of the same source decode side by side, each renames its own whole file.
  const partPath = uniqueTempPath(pcmPath);
  fs.mkdirSync(path.dirname(pcmPath), { recursive: true });

  const args = [
    '-nostdin', '-hide_banner', '-v', 'error',
    '-i', input,
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-ac', '1', '-ar', String(SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 's16le',
    'pipe:1',
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString('utf8')).slice(-STDERR_KEEP);
  });
  const exited = new Promise<{ code: number | null; spawnError: NodeJS.ErrnoException | null }>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => resolve({ code: null, spawnError: e }));
    child.on('close', (code) => resolve({ code, spawnError: null }));
  });
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  // Bounded work on any input: decoding runs hundreds of times faster than real time, so a decode
  // that outlasts a generous multiple of the media's length, or stops producing audio, is stuck
  // (a stalled network mount, a hostile file) and is stopped with one line.
  const budgetMs = DECODE_BUDGET_BASE_MS + Math.max(0, media.durationSec) * DECODE_BUDGET_MS_PER_SEC;
  const startedAt = Date.now();
  let lastBytesAt = startedAt;
  let stuck: string | null = null;
  const watchdog = setInterval(() => {
    const now = Date.now();
    if (now - startedAt > budgetMs) stuck = `took longer than ${Math.round(budgetMs / 1000)} s`;
    else if (now - lastBytesAt > DECODE_STALL_MS) stuck = `produced no audio for ${Math.round(DECODE_STALL_MS / 1000)} s`;
    if (stuck) child.kill('SIGKILL');
  }, 1000);

  let bytes = 0;
  let lastReport = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      bytes += chunk.length;
      lastBytesAt = Date.now();
      if (opts.onProgress) {
        const now = Date.now();
        if (now - lastReport >= 250) {
          lastReport = now;
          opts.onProgress(bytes / BYTES_PER_SAMPLE / SAMPLE_RATE);
        }
      }
      cb(null, chunk);
    },
  });

  try {
    // pipeline() applies backpressure: ffmpeg is paused while the disk catches up.
    const written = pipeline(child.stdout, counter, fs.createWriteStream(partPath));
    const [{ code, spawnError }] = await Promise.all([exited, written.catch(rethrowWriteError)]);
    throwIfCancelled(opts.signal);
    if (stuck) throw new UserError(`decoding the audio of ${name} ${stuck} and was stopped`, 'ETIMEOUT');
    if (spawnError) {
      if (spawnError.code === 'ENOENT') {
        throw new UserError(`ffmpeg was not found (looked for "${bin}"); install ffmpeg (e.g. apt-get install ffmpeg)`, 'ETOOL');
      }
      throw spawnError;
    }
    await written;

    const sampleCount = Math.floor(bytes / BYTES_PER_SAMPLE);
    const decodedSec = sampleCount / SAMPLE_RATE;
    // ffmpeg prefixes some errors with the full input path; the file name is enough.
    const reason = lastErrorLine(stderr).split(input).join(name);
    const looksCorrupt = /partial file|Invalid data|corrupt|truncat|Header missing|invalid frame|error while decoding|EOF/i.test(stderr);
    if (code !== 0) {
      if (/matches no streams/i.test(stderr)) throw new UserError(`${name} has no audio track, so there is nothing to transcribe`, 'ENOAUDIO');
      if (bytes === 0 && /Invalid data found when processing input/i.test(stderr)) {
        throw new UserError(`${name} is not a media file ffmpeg can read (invalid data)`, 'ENOTMEDIA');
      }
      throw new UserError(
        looksCorrupt
          ? `${name} is truncated or corrupt: ffmpeg stopped decoding its audio (${oneLine(reason)})`
          : `Could not decode the audio of ${name}: ${oneLine(reason) || `ffmpeg exited with ${code}`}`,
        looksCorrupt ? 'ETRUNCATED' : 'EDECODE',
      );
    }
    if (sampleCount === 0) throw new UserError(`${name} contains no decodable audio`, 'EDECODE');
    // A header that promises more than the data holds: the file was cut off. acquire already
    // checks this; here only a clear case counts, because a video's audio may end before its
    // picture and a duration estimated from the bitrate may overshoot.
    const declared = media.durationSec;
    const shortfall = declared > 0 && decodedSec < declared - Math.max(2, declared * 0.1);
    if (shortfall && (looksCorrupt || (!media.hasVideo && decodedSec < declared * 0.5))) {
      throw new UserError(
        `${name} is truncated or corrupt: only ${decodedSec.toFixed(1)} s of its ${declared.toFixed(1)} s of audio could be decoded`,
        'ETRUNCATED',
      );
    }
    fs.renameSync(partPath, pcmPath);
    opts.onProgress?.(decodedSec);
    return { pcmPath, sampleRate: SAMPLE_RATE, sampleCount };
  } catch (e) {
    fs.rmSync(partPath, { force: true });
    throw e;
  } finally {
    clearInterval(watchdog);
    opts.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

const DECODE_BUDGET_BASE_MS = 120_000;
const DECODE_BUDGET_MS_PER_SEC = Number(process.env.VIDEOINSIGHT_DECODE_MS_PER_SEC) || 250;
const DECODE_STALL_MS = (Number(process.env.VIDEOINSIGHT_DECODE_STALL_SEC) || 120) * 1000;

/** A write error (disk full, unwritable folder) must not be mistaken for an ffmpeg problem. */
function rethrowWriteError(e: unknown): never {
  const err = e as NodeJS.ErrnoException;
  if (err && (err.code === 'ENOSPC' || err.code === 'EACCES' || err.code === 'EROFS')) {
    throw new UserError(`Cannot write the decoded audio: ${err.code === 'ENOSPC' ? 'disk full' : 'permission denied'}`, err.code);
  }
  throw e;
}
