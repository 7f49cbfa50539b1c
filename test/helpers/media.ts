// Generated test media (real ffmpeg, no binary fixtures in the repo) and small file helpers that
// integration tests share. Every generator writes where it is told; put outputs in a
// makeTempDir() folder and call its cleanup() when the test ends.
// The output format follows the file extension: .wav (PCM), .m4a/.mp4 (AAC), .mp3, .ogg, .mkv.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Chapter } from '../../server/domain/types';

/** The shared fixtures folder (../shared/fixtures from the repo root). */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../shared/fixtures');
/** 11 s of JFK's "ask not what your country can do for you", 16 kHz mono. */
export const JFK_WAV = path.join(FIXTURES_DIR, 'whisper.cpp/jfk.wav');

export interface TempDir {
  dir: string;
  cleanup(): Promise<void>;
}

/** A fresh folder under the OS temp dir. */
export async function makeTempDir(prefix = 'vi-test-'): Promise<TempDir> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }) };
}

/** Runs ffmpeg with an argument array; rejects with its last stderr line on failure. */
export function runFfmpeg(args: string[], ffmpegPath = 'ffmpeg'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${args.join(' ')} failed (${code}): ${err.trim()}`))));
  });
}

/** Audio codec arguments for an output path, by extension. */
function audioCodecArgs(out: string): string[] {
  switch (path.extname(out).toLowerCase()) {
    case '.wav':
      return ['-c:a', 'pcm_s16le'];
    case '.mp3':
      return ['-c:a', 'libmp3lame', '-b:a', '64k'];
    case '.ogg':
      return ['-c:a', 'libvorbis'];
    case '.flac':
      return ['-c:a', 'flac'];
    default:
      return ['-c:a', 'aac', '-b:a', '64k'];
  }
}

export interface MediaMetadata {
  /** Container title tag. */
  title?: string;
  artist?: string;
  chapters?: Chapter[];
}

function escapeFfmeta(s: string): string {
  return s.replace(/([=;#\\\n])/g, '\\$1');
}

/** The FFMETADATA1 text for a title and chapters (what `ffmpeg -i meta.txt -map_metadata 1` reads). */
export function ffmetadata(meta: MediaMetadata): string {
  const lines = [';FFMETADATA1'];
  if (meta.title) lines.push(`title=${escapeFfmeta(meta.title)}`);
  if (meta.artist) lines.push(`artist=${escapeFfmeta(meta.artist)}`);
  for (const c of meta.chapters ?? []) {
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${Math.round(c.startSec * 1000)}`, `END=${Math.round(c.endSec * 1000)}`, `title=${escapeFfmeta(c.title)}`);
  }
  return lines.join('\n') + '\n';
}

/** Runs ffmpeg with inputs, optionally adding title/artist/chapters from an ffmetadata file. */
async function encodeWithMetadata(inputArgs: string[], inputCount: number, outArgs: string[], out: string, meta?: MediaMetadata): Promise<void> {
  if (!meta || (!meta.title && !meta.artist && !meta.chapters?.length)) {
    await runFfmpeg([...inputArgs, ...outArgs, out]);
    return;
  }
  const metaFile = `${out}.ffmeta.txt`;
  await fs.promises.writeFile(metaFile, ffmetadata(meta));
  try {
    await runFfmpeg([...inputArgs, '-f', 'ffmetadata', '-i', metaFile, '-map_metadata', String(inputCount), '-map_chapters', String(inputCount), ...outArgs, out]);
  } finally {
    await fs.promises.rm(metaFile, { force: true });
  }
}

export type ToneSegment = { toneSec: number; freqHz?: number } | { pauseSec: number };

/**
 * Tones separated by pauses, e.g. [{toneSec: 2}, {pauseSec: 1}, {toneSec: 3, freqHz: 660}].
 * Sample-exact lengths (aevalsrc), so the total is exactly the sum. Returns the total seconds.
 */
export async function makeTonePattern(
  out: string,
  segments: ToneSegment[],
  opts: { sampleRate?: number; metadata?: MediaMetadata } = {},
): Promise<number> {
  if (segments.length === 0) throw new Error('makeTonePattern: no segments');
  const sr = opts.sampleRate ?? 16000;
  const inputs: string[] = [];
  let total = 0;
  for (const s of segments) {
    const d = 'toneSec' in s ? s.toneSec : s.pauseSec;
    const expr = 'toneSec' in s ? `0.4*sin(2*PI*${s.freqHz ?? 440}*t)` : '0';
    inputs.push('-f', 'lavfi', '-i', `aevalsrc=exprs=${expr}:s=${sr}:d=${d}`);
    total += d;
  }
  const n = segments.length;
  const graph = `${Array.from({ length: n }, (_, i) => `[${i}:a]`).join('')}concat=n=${n}:v=0:a=1[a]`;
  await encodeWithMetadata(inputs, n, ['-filter_complex', graph, '-map', '[a]', '-ac', '1', '-ar', String(sr), ...audioCodecArgs(out)], out, opts.metadata);
  return total;
}

/**
 * A long periodic pattern cheaply (any length, hours in seconds): toneSec of tone then pauseSec
 * of silence, repeated until totalSec. One period is synthesised, then looped by the demuxer.
 */
export async function makePeriodicTones(
  out: string,
  p: { toneSec: number; pauseSec: number; totalSec: number; freqHz?: number; sampleRate?: number },
): Promise<void> {
  const sr = p.sampleRate ?? 16000;
  const period = p.toneSec + p.pauseSec;
  const unit = `${out}.unit.wav`;
  await makeTonePattern(unit, [{ toneSec: p.toneSec, freqHz: p.freqHz }, { pauseSec: p.pauseSec }], { sampleRate: sr });
  try {
    const loops = Math.ceil(p.totalSec / period) - 1;
    await runFfmpeg(['-stream_loop', String(loops), '-i', unit, '-t', String(p.totalSec), '-ac', '1', '-ar', String(sr), ...audioCodecArgs(out), out]);
  } finally {
    await fs.promises.rm(unit, { force: true });
  }
}

/** Silence of a given length (anullsrc). */
export async function makeSilence(out: string, durationSec: number, opts: { sampleRate?: number } = {}): Promise<void> {
  const sr = opts.sampleRate ?? 16000;
  await runFfmpeg(['-f', 'lavfi', '-i', `anullsrc=r=${sr}:cl=mono`, '-t', String(durationSec), ...audioCodecArgs(out), out]);
}

export interface SpeechLayout {
  durationSec: number;
  /** Where each copy of the speech sits in the output. */
  speech: { startSec: number; endSec: number }[];
}

/** Length of a WAV fixture from its header (fixtures are plain PCM WAV). */
function wavDurationSec(file: string): number {
  const buf = fs.readFileSync(file);
  let off = 12;
  let byteRate = 0;
  while (off + 8 <= buf.length) {
    const id = buf.toString('latin1', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') byteRate = buf.readUInt32LE(off + 16);
    if (id === 'data') return size / byteRate;
    off += 8 + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

/**
 * `copies` copies of jfk.wav (or another 16 kHz WAV), each preceded by `gapSec` of silence
 * (and `gapSec` after the last). Built by looping one "gap + speech" unit, so thousands of
 * copies (hours) stay fast. Returns where the speech is.
 */
export async function makeSpeechWithSilences(
  out: string,
  opts: { copies: number; gapSec: number; speechWav?: string },
): Promise<SpeechLayout> {
  const speechWav = opts.speechWav ?? JFK_WAV;
  const speechSec = wavDurationSec(speechWav);
  const unit = `${out}.unit.wav`;
  await runFfmpeg([
    '-f', 'lavfi', '-i', `anullsrc=r=16000:cl=mono`, '-i', speechWav,
    '-filter_complex', `[0:a]atrim=duration=${opts.gapSec}[g];[1:a]aresample=16000,aformat=channel_layouts=mono[s];[g][s]concat=n=2:v=0:a=1[a]`,
    '-map', '[a]', '-c:a', 'pcm_s16le', unit,
  ]);
  try {
    await runFfmpeg([
      '-stream_loop', String(opts.copies - 1), '-i', unit,
      '-f', 'lavfi', '-i', `anullsrc=r=16000:cl=mono`,
      '-filter_complex', `[1:a]atrim=duration=${opts.gapSec}[t];[0:a][t]concat=n=2:v=0:a=1[a]`,
      '-map', '[a]', '-ac', '1', '-ar', '16000', ...audioCodecArgs(out), out,
    ]);
  } finally {
    await fs.promises.rm(unit, { force: true });
  }
  const speech = Array.from({ length: opts.copies }, (_, i) => {
    const startSec = opts.gapSec + i * (opts.gapSec + speechSec);
    return { startSec, endSec: startSec + speechSec };
  });
  return { durationSec: opts.copies * (opts.gapSec + speechSec) + opts.gapSec, speech };
}

export interface VideoOptions {
  /** Solid colours shown one after the other, in equal parts: hard cuts for scene detection. */
  colors?: string[];
  durationSec: number;
  /** "WxH", default 320x240. */
  size?: string;
  fps?: number;
  /** Default true: a 440 Hz tone (or audioFrom's sound) under the picture. */
  withAudio?: boolean;
  /** Use this file's audio (e.g. JFK_WAV) instead of a tone; trimmed or padded to durationSec. */
  audioFrom?: string;
  metadata?: MediaMetadata;
}

/**
 * A short video: coloured scenes with hard cuts (default red, green, blue), optional audio,
 * optional title/chapters. H.264 + AAC in .mp4 (or whatever the extension's muxer takes).
 * Returns the times of the scene cuts.
 */
export async function makeVideo(out: string, o: VideoOptions): Promise<{ sceneCutsSec: number[] }> {
  const colors = o.colors ?? ['red', 'green', 'blue'];
  const size = o.size ?? '320x240';
  const fps = o.fps ?? 10;
  const part = o.durationSec / colors.length;
  const inputs: string[] = [];
  colors.forEach((c) => inputs.push('-f', 'lavfi', '-i', `color=c=${c}:s=${size}:r=${fps}:d=${part}`));
  let graph = `${colors.map((_, i) => `[${i}:v]`).join('')}concat=n=${colors.length}:v=1:a=0[v]`;
  const maps = ['-map', '[v]'];
  let count = colors.length;
  if (o.withAudio !== false) {
    if (o.audioFrom) inputs.push('-i', o.audioFrom);
    else inputs.push('-f', 'lavfi', '-i', `sine=f=440:sample_rate=16000`);
    graph += `;[${count}:a]apad,atrim=duration=${o.durationSec}[a]`;
    maps.push('-map', '[a]');
    count++;
  }
  const codecs = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  if (o.withAudio !== false) codecs.push('-c:a', 'aac', '-b:a', '64k');
  await encodeWithMetadata(inputs, count, ['-filter_complex', graph, ...maps, ...codecs, '-t', String(o.durationSec)], out, o.metadata);
  return { sceneCutsSec: colors.slice(1).map((_, i) => (i + 1) * part) };
}

export interface Cue {
  startSec: number;
  endSec: number;
  text: string;
}

function clock(sec: number, sep: '.' | ','): string {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(ms % 1000, 3)}`;
}

/** Caption file text in WebVTT or SRT. */
export function captionText(cues: Cue[], format: 'vtt' | 'srt'): string {
  if (format === 'vtt') {
    return 'WEBVTT\n\n' + cues.map((c) => `${clock(c.startSec, '.')} --> ${clock(c.endSec, '.')}\n${c.text}\n`).join('\n');
  }
  return cues.map((c, i) => `${i + 1}\n${clock(c.startSec, ',')} --> ${clock(c.endSec, ',')}\n${c.text}\n`).join('\n');
}

/**
 * A sidecar caption file next to a media file: talk.mp4 → talk.vtt, or talk.en.vtt with a
 * language. Returns its path.
 */
export async function writeSidecarCaptions(mediaPath: string, cues: Cue[], opts: { format?: 'vtt' | 'srt'; lang?: string } = {}): Promise<string> {
  const format = opts.format ?? 'vtt';
  const base = mediaPath.slice(0, mediaPath.length - path.extname(mediaPath).length);
  const file = `${base}${opts.lang ? '.' + opts.lang : ''}.${format}`;
  await fs.promises.writeFile(file, captionText(cues, format));
  return file;
}

/** The first `fraction` of a file's bytes copied to out: a cut-off download. */
export async function truncateCopy(src: string, out: string, fraction: number): Promise<void> {
  const buf = await fs.promises.readFile(src);
  await fs.promises.writeFile(out, buf.subarray(0, Math.floor(buf.length * fraction)));
}

/** A file of random bytes (deterministic for a seed, so failures reproduce). */
export async function writeRandomBytes(out: string, size: number, seed = 1): Promise<void> {
  const buf = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    // xorshift32
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf[i] = x & 0xff;
  }
  await fs.promises.writeFile(out, buf);
}

/** Decodes a JPEG/PNG to its average colour [r, g, b] (0..255) with ffmpeg: checks what a frame shows. */
export function averageColor(imagePath: string, ffmpegPath = 'ffmpeg'): Promise<[number, number, number]> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-nostdin', '-v', 'error', '-i', imagePath, '-vf', 'scale=1:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const b = Buffer.concat(out);
      if (code !== 0 || b.length < 3) reject(new Error(`could not decode ${imagePath}`));
      else resolve([b[0], b[1], b[2]]);
    });
  });
}
