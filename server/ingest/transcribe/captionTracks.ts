// Caption files as tracks: which of a source's tracks to read, and reading one (any text encoding)
// into segments, with a one-line reason when a file holds no usable captions.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CaptionTrack, TranscriptSegment } from '../../domain/types';
import { UserError } from '../../domain/errors';
import { parseCaptionText } from './captions';

export function captionFormatOf(file: string): 'vtt' | 'srt' | null {
  const ext = path.extname(file).toLowerCase();
  return ext === '.vtt' ? 'vtt' : ext === '.srt' ? 'srt' : null;
}

/** Preferred language first (when given), then manual over auto (prefix match "en" ~ "en-US"), then any. */
export function pickCaptionTrack(tracks: CaptionTrack[], preferLang?: string): CaptionTrack | null {
  let best: CaptionTrack | null = null;
  let bestScore = -1;
  for (const t of tracks) {
    // The language asked for beats manual-vs-automatic: English auto captions serve an English
    // speaker better than German manual ones.
    const lang = languageScore(t.lang, preferLang);
    const score = (lang > 0 ? 4 : 0) + (t.kind === 'manual' ? 2 : 0) + (lang === 2 ? 1 : 0);
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

/** 2: same tag; 1: same primary language ("en" ~ "en-US" ~ "en-GB"); 0: otherwise or no preference. */
function languageScore(lang: string, prefer: string | undefined): number {
  if (!prefer || !lang) return 0;
  const a = lang.toLowerCase().replace(/_/g, '-');
  const b = prefer.toLowerCase().replace(/_/g, '-');
  if (a === b) return 2;
  return a.split('-')[0] === b.split('-')[0] ? 1 : 0;
}

/**
 * Reads and parses a caption file. The pipeline has no "no speech" path for captions (an empty list would
 * make empty notes), so a file that yields no words is a one-line UserError saying why: binary data, only
 * non-speech annotations, or no timed text at all.
 */
export async function readCaptionTrack(track: CaptionTrack): Promise<TranscriptSegment[]> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(track.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`Cannot read captions file ${track.path} (${code})`, 'ECAPTIONS');
  }
  const text = decodeText(bytes);
  const parsed = parseCaptionText(text, track.format);
  if (parsed.segments.length > 0) return parsed.segments;
  if (looksBinary(text)) throw new UserError(`Captions file ${track.path} is binary data, not WebVTT or SubRip text`, 'ECAPTIONS');
  if (parsed.onlyAnnotations) {
    throw new UserError(`Captions file ${track.path} holds only non-speech annotations such as [Music], no words`, 'ECAPTIONS');
  }
  throw new UserError(`Captions file ${track.path} holds no timed text`, 'ECAPTIONS');
}

/** Text files hold no NULs and few control characters; invalid UTF-8 decodes to U+FFFD. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65536);
  if (sample.length === 0) return false;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd / sample.length > 0.1;
}

/**
 * UTF-8 unless a UTF-16 byte-order mark says otherwise (some subtitle editors still write UTF-16), or the
 * bytes are UTF-16 without one: ASCII-range text in UTF-16 has a zero in every other byte.
 */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be(bytes.subarray(2));
  const head = bytes.subarray(0, 4096 & ~1);
  if (head.length >= 16) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i + 1 < head.length; i += 2) {
      if (head[i] === 0) evenZero++;
      if (head[i + 1] === 0) oddZero++;
    }
    const pairs = head.length / 2;
    if (oddZero > pairs * 0.9 && evenZero === 0) return bytes.toString('utf16le');
    if (evenZero > pairs * 0.9 && oddZero === 0) return utf16be(bytes);
  }
  return bytes.toString('utf8');
}

function utf16be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  swapped.swap16();
  return swapped.toString('utf16le');
}
