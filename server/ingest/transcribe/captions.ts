// WebVTT and SubRip captions → timed transcript segments.
// A small line-driven parser rather than the `subtitle` package, which failed on real files here
// (BENCHMARKS.md, "Ingest"): real caption files (YouTube's auto captions above all) need the
// leniencies below, and one bad cue must not lose the rest.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CaptionTrack, TranscriptSegment, Word } from '../../domain/types';
import { UserError } from '../../domain/errors';

/** "hh:mm:ss.mmm", "mm:ss.mmm", comma or dot, 1-3+ fraction digits, hours optional. */
const TIME = String.raw`(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?`;
const TIMING_LINE = new RegExp(String.raw`^\s*${TIME}\s*-->\s*${TIME}(?:\s+.*)?$`);
/** An inline word time, as YouTube's auto captions write them: "and<00:00:03.360><c> welcome</c>". */
const INLINE_TIME = new RegExp(String.raw`<${TIME}>`, 'g');

interface CueLine {
  text: string;
  /** Word times when the line carries inline timestamps, else null. */
  words: Word[] | null;
}

interface RawCue {
  start: number;
  end: number;
  lines: CueLine[];
}

/**
 * Robust to real-world files: BOM, CRLF, WEBVTT headers/NOTE/STYLE blocks, cue settings, <c>/<b>/<00:00:01.000>
 * inline tags, HTML entities, YouTube auto-caption rolling duplicates (each line repeated in the next cue)
 * collapsed, overlapping cues, missing hours, comma or dot millis, empty cues. Output sorted, non-overlapping-in-start,
 * trimmed text, absolute seconds.
 */
export function parseCaptions(text: string, format: 'vtt' | 'srt'): TranscriptSegment[] {
  // Both formats go through the same lenient reader: files are often mislabelled (VTT saved as .srt and back).
  void format;
  return toSegments(collapseRollingLines(readCues(text)));
}

function readCues(text: string): RawCue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const cues: { start: number; end: number; lines: string[] }[] = [];
  let current: { start: number; end: number; lines: string[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const timing = TIMING_LINE.exec(line);
    if (timing) {
      // The line just before a timing line is the cue's identifier (an SRT number, a VTT id), not text,
      // even when a sloppy file left out the blank line before it.
      if (current && current.lines.length > 0 && i > 0 && lines[i - 1] === current.lines[current.lines.length - 1] && /^\s*\d+\s*$/.test(lines[i - 1])) {
        current.lines.pop();
      }
      const start = seconds(timing.slice(1, 5));
      const end = seconds(timing.slice(5, 9));
      current = { start, end: Math.max(start, end), lines: [] };
      cues.push(current);
      continue;
    }
    if (!current) continue;
    if (line.trim() === '') {
      // YouTube puts a lone-space line at the top of a cue; a blank line after text ends the cue.
      if (current.lines.length > 0) current = null;
      continue;
    }
    current.lines.push(line);
  }
  return cues
    .map((c) => ({ ...c, lines: c.lines.map((l) => toCueLine(l, c.start, c.end)).filter((l) => l.text.length > 0) }))
    .filter((c) => c.lines.length > 0);
}

/** Cleans a raw cue line; inline timestamps become word times (words between two stamps share the span evenly). */
function toCueLine(raw: string, cueStart: number, cueEnd: number): CueLine {
  const pieces: { at: number; tokens: string[] }[] = [];
  let at = cueStart;
  let last = 0;
  for (const m of raw.matchAll(INLINE_TIME)) {
    pieces.push({ at, tokens: tokensOf(raw.slice(last, m.index)) });
    at = Math.min(cueEnd, Math.max(at, seconds(m.slice(1, 5))));
    last = (m.index ?? 0) + m[0].length;
  }
  if (pieces.length === 0) return { text: cleanLine(raw), words: null };
  pieces.push({ at, tokens: tokensOf(raw.slice(last)) });
  const words: Word[] = [];
  pieces.forEach((piece, i) => {
    const until = i + 1 < pieces.length ? pieces[i + 1].at : cueEnd;
    const step = (until - piece.at) / Math.max(1, piece.tokens.length);
    piece.tokens.forEach((text, j) => words.push({ text, startSec: round3(piece.at + j * step), endSec: round3(piece.at + (j + 1) * step) }));
  });
  // A word ends where the next one starts (the stamps mark starts only).
  for (let i = 0; i + 1 < words.length; i++) words[i].endSec = Math.max(words[i].startSec, words[i + 1].startSec);
  if (words.length > 0) words[words.length - 1].endSec = Math.max(words[words.length - 1].startSec, round3(cueEnd));
  return { text: words.map((w) => w.text).join(' '), words };
}

function tokensOf(piece: string): string[] {
  const text = cleanLine(piece);
  return text ? text.split(' ') : [];
}

function seconds(parts: (string | undefined)[]): number {
  const [h, m, s, frac] = parts;
  const ms = frac ? Number((frac + '00').slice(0, 3)) : 0;
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + ms / 1000;
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
};

/** Drops markup (<c>, <b>, <i>, <v Name>, <font>, <00:00:01.000> word times, SRT {\an8}) and decodes entities. */
function cleanLine(line: string): string {
  return line
    .replace(/<[^>]*>/g, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * YouTube's auto captions roll: each cue repeats the previous cue's last line before adding a new one, and a
 * 10 ms cue in between repeats it alone. Keep only what each cue adds; a cue that adds nothing extends the last one.
 */
function collapseRollingLines(cues: RawCue[]): RawCue[] {
  const out: RawCue[] = [];
  let prev: string[] = [];
  for (const cue of cues) {
    const texts = cue.lines.map((l) => l.text);
    let k = Math.min(texts.length, prev.length);
    while (k > 0 && !sameLines(texts.slice(0, k), prev.slice(prev.length - k))) k--;
    const added = cue.lines.slice(k);
    prev = texts;
    if (added.length === 0) {
      const last = out[out.length - 1];
      if (last && cue.end > last.end && cue.start <= last.end + 0.05) last.end = cue.end;
      continue;
    }
    out.push({ start: cue.start, end: cue.end, lines: added });
  }
  return out;
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** Sorted by start; cues that start together are one segment; an end past the next start is clipped to it. */
function toSegments(cues: RawCue[]): TranscriptSegment[] {
  const sorted = cues.map((c, i) => ({ c, i })).sort((a, b) => a.c.start - b.c.start || a.i - b.i).map((x) => x.c);
  const merged: RawCue[] = [];
  for (const cue of sorted) {
    const last = merged[merged.length - 1];
    if (last && Math.abs(last.start - cue.start) < 0.0005) {
      last.lines.push(...cue.lines);
      last.end = Math.max(last.end, cue.end);
    } else {
      merged.push({ start: cue.start, end: cue.end, lines: [...cue.lines] });
    }
  }
  return merged.map((cue, i) => {
    const next = merged[i + 1];
    const endSec = round3(Math.max(cue.start, next && cue.end > next.start ? next.start : cue.end));
    const segment: TranscriptSegment = { startSec: round3(cue.start), endSec, text: cue.lines.map((l) => l.text).join(' ') };
    if (cue.lines.every((l) => l.words !== null)) {
      segment.words = cue.lines.flatMap((l) => l.words ?? []).map((w) => ({
        text: w.text,
        startSec: Math.min(w.startSec, endSec),
        endSec: Math.min(w.endSec, endSec),
      }));
    }
    return segment;
  });
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

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

/** Reads and parses a caption file; UserError when unreadable or when it holds no timed text. */
export async function readCaptionTrack(track: CaptionTrack): Promise<TranscriptSegment[]> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(track.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`Cannot read captions file ${track.path} (${code})`, 'ECAPTIONS');
  }
  const segments = parseCaptions(decodeText(bytes), track.format);
  if (segments.length === 0) throw new UserError(`Captions file ${track.path} holds no timed text`, 'ECAPTIONS');
  return segments;
}

/** UTF-8 unless a UTF-16 byte-order mark says otherwise (some subtitle editors still write UTF-16). */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('utf8');
}
