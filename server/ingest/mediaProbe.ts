import { clip, oneLineText } from '../domain/terminalText';
// ffprobe wrapper: what a media file contains (streams, duration, tags, chapters), with failures
// turned into one-line UserErrors. Spawned with an argument array, never through a shell.
import { parseClock } from '../domain/time';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Chapter } from '../domain/types';
import { CancelledError, UserError } from '../domain/errors';

export interface ProbeStream {
  index: number;
  /** "audio", "video", "subtitle", "data", "attachment". */
  codecType: string;
  codecName: string;
  /** Seconds, when the container says (mkv keeps it in a DURATION tag). */
  durationSec: number | null;
  language: string | null;
  /** Cover art in an MP3/M4A is a "video" stream that is not a video. */
  isAttachedPic: boolean;
  width: number | null;
  height: number | null;
  sampleRate: number | null;
  channels: number | null;
  bitRate: number | null;
}

export interface MediaProbe {
  /** ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "mp3", "wav". */
  formatName: string;
  durationSec: number | null;
  /** ffprobe guessed the duration from the bitrate (e.g. a VBR MP3 without a Xing header): it may be off. */
  durationEstimated: boolean;
  sizeBytes: number | null;
  bitRate: number | null;
  /** Container tags with lower-cased keys ("title", "artist", ...). */
  tags: Record<string, string>;
  streams: ProbeStream[];
  chapters: Chapter[];
  hasAudio: boolean;
  /** A real video stream (cover art does not count). */
  hasVideo: boolean;
}

export interface ProbeOptions {
  ffprobePath?: string;
  signal?: AbortSignal;
}

// Shapes of ffprobe's JSON that we read (everything optional: ffprobe omits what it doesn't know).
interface RawTags { [key: string]: string | undefined }
interface RawStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  duration?: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: RawTags;
}
interface RawChapter { start_time?: string; end_time?: string; tags?: RawTags }
interface RawProbe {
  format?: { format_name?: string; duration?: string; size?: string; bit_rate?: string; tags?: RawTags };
  streams?: RawStream[];
  chapters?: RawChapter[];
}

function num(s: string | number | undefined): number | null {
  if (s === undefined || s === '' || s === 'N/A') return null;
  const n = typeof s === 'number' ? s : Number(s);
  return Number.isFinite(n) ? n : null;
}

function lowerKeys(tags: RawTags | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/** "01:02:03.500000000" (Matroska DURATION tag) → seconds. */
function tagSeconds(s: string | undefined): number | null {
  const sec = s ? parseClock(s) : Number.NaN;
  return Number.isFinite(sec) ? sec : null;
}

/** The last meaningful line ffmpeg/ffprobe wrote, without the "[demuxer @ 0x...]" prefix. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').trim())
    .filter((l) => l.length > 0);
  return lines.length ? lines[lines.length - 1] : '';
}

/** A tool's message squeezed onto one line for a UserError, cut at `max` characters (domain/terminalText does both). */
export function oneLine(s: string, max = 200): string {
  return clip(oneLineText(s), max);
}

/** ffmpeg next to the configured ffprobe (they ship together), else the one on PATH. */
export function siblingFfmpeg(ffprobePath?: string): string {
  if (!ffprobePath || !ffprobePath.includes(path.sep)) return 'ffmpeg';
  const dir = path.dirname(ffprobePath);
  const name = path.basename(ffprobePath).replace(/ffprobe/i, 'ffmpeg');
  return path.join(dir, name);
}

/** Does the file start like an MP4/MOV (an "ftyp" box, or one of the usual first boxes)? */
function looksLikeIsoMedia(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(12);
      fs.readSync(fd, head, 0, 12, 0);
      const box = head.subarray(4, 8).toString('latin1');
      return ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(box);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  /** Raw byte count of stdout (for binary output such as PCM). */
  stdoutBytes: number;
  /** stdout as bytes (binary output: PCM, FLAC). */
  stdoutBuffer: Buffer;
  stderr: string;
}

/**
 * A probe or a short extraction on real media takes seconds; far past that the input is hostile or
 * broken (a sparse file whose header is real, a stalled network mount), and the user gets a line,
 * not a hang.
 */
export const TOOL_TIME_BUDGET_MS = 120_000;

/**
 * Runs a tool with an argument array (and `input` on its stdin) and collects its output; a missing
 * tool, or one still running after `timeoutMs` (it is killed), becomes a UserError.
 */
export function runTool(bin: string, args: string[], toolLabel: string, signal?: AbortSignal, timeoutMs = TOOL_TIME_BUDGET_MS, input?: Buffer): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'], signal });
    if (input) {
      child.stdin!.on('error', () => undefined); // a tool that exits early closes its stdin: its exit code says why
      child.stdin!.end(input);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // spawn's own AbortError on a fired signal is reported as every stage reports it.
      if (signal?.aborted) reject(new CancelledError());
      else if (e.code === 'ENOENT') {
        reject(new UserError(`${toolLabel} was not found (looked for "${bin}"); install ffmpeg (e.g. apt-get install ffmpeg)`, 'ETOOL'));
      } else reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new UserError(`${toolLabel} gave no answer within ${Math.round(timeoutMs / 1000)} s and was stopped: the input is probably not real media`, 'ETIMEOUT'));
        return;
      }
      const stdout = Buffer.concat(out);
      resolve({ code, stdout: stdout.toString('utf8'), stdoutBytes: stdout.length, stdoutBuffer: stdout, stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/**
 * Probes a local media file. Throws UserError when ffprobe cannot read it, naming why
 * (not media, truncated MP4, ...). Does not check whether it has audio: callers decide.
 */
export async function probeMedia(file: string, opts: ProbeOptions = {}): Promise<MediaProbe> {
  const bin = opts.ffprobePath ?? 'ffprobe';
  // Absolute, so a name like "concat:a|b" or "pipe:0" is never taken for an ffmpeg protocol.
  file = path.resolve(file);
  // "-v warning" (not error) so that "Estimating duration from bitrate" is visible.
  const res = await runTool(
    bin,
    ['-v', 'warning', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters', '-i', file],
    'ffprobe',
    opts.signal,
  );
  const name = path.basename(file);
  if (res.code !== 0) {
    const reason = lastErrorLine(res.stderr);
    if (/moov atom not found/i.test(res.stderr) && looksLikeIsoMedia(file)) {
      throw new UserError(`${name} is truncated or corrupt: its MP4 index (moov atom) is missing`, 'ETRUNCATED');
    }
    if (/Invalid data found|moov atom not found|could not find codec parameters|EBML header parsing failed/i.test(res.stderr)) {
      throw new UserError(`${name} is not a media file ffmpeg can read (invalid data)`, 'ENOTMEDIA');
    }
    throw new UserError(`${name} could not be read as media: ${reason || `ffprobe exited with ${res.code}`}`, 'ENOTMEDIA');
  }
  let raw: RawProbe;
  try {
    raw = JSON.parse(res.stdout) as RawProbe;
  } catch {
    throw new UserError(`${name} could not be read as media: ffprobe printed no usable description`, 'ENOTMEDIA');
  }

  const streams: ProbeStream[] = (raw.streams ?? []).map((s, i) => {
    const tags = lowerKeys(s.tags);
    return {
      index: s.index ?? i,
      codecType: s.codec_type ?? 'unknown',
      codecName: s.codec_name ?? 'unknown',
      durationSec: num(s.duration) ?? tagSeconds(tags['duration']),
      language: tags['language'] && tags['language'] !== 'und' ? tags['language'] : null,
      isAttachedPic: s.disposition?.attached_pic === 1,
      width: num(s.width),
      height: num(s.height),
      sampleRate: num(s.sample_rate),
      channels: num(s.channels),
      bitRate: num(s.bit_rate),
    };
  });

  const fmt = raw.format ?? {};
  const chapters: Chapter[] = (raw.chapters ?? [])
    .map((c, i) => ({
      title: lowerKeys(c.tags)['title']?.trim() || `Chapter ${i + 1}`,
      startSec: num(c.start_time) ?? 0,
      endSec: num(c.end_time) ?? 0,
    }))
    .filter((c) => c.endSec > c.startSec)
    .sort((a, b) => a.startSec - b.startSec);

  let durationSec = num(fmt.duration);
  if (durationSec === null) {
    const ds = streams.map((s) => s.durationSec).filter((d): d is number => d !== null);
    durationSec = ds.length ? Math.max(...ds) : null;
  }

  return {
    formatName: fmt.format_name ?? 'unknown',
    durationSec,
    durationEstimated: /Estimating duration from bitrate/i.test(res.stderr),
    sizeBytes: num(fmt.size),
    bitRate: num(fmt.bit_rate),
    tags: lowerKeys(fmt.tags),
    streams,
    chapters,
    hasAudio: streams.some((s) => s.codecType === 'audio'),
    hasVideo: streams.some((s) => s.codecType === 'video' && !s.isAttachedPic),
  };
}

/** Duration of the first audio stream, falling back to the container's. */
export function audioDurationSec(p: MediaProbe): number | null {
  const a = p.streams.find((s) => s.codecType === 'audio');
  return a?.durationSec ?? p.durationSec;
}
