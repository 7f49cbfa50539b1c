// WebVTT and SubRip captions → timed transcript segments.
// A small line-driven parser rather than the `subtitle` package, which failed on real files here
// (BENCHMARKS.md, "Ingest"), or webvtt-parser / media-captions (measured: BENCHMARKS.md, "The parser
// libraries the issue names"): real caption files (YouTube's auto captions above all) need the
// leniencies below, and one bad cue must not lose the rest.
//
// Follows the W3C WebVTT parser (https://www.w3.org/TR/webvtt1/#file-parsing) where it says:
// - NUL becomes U+FFFD; lines end at CRLF, CR or LF; a leading BOM is dropped;
// - whitespace is space, tab, LF, FF and CR only (not NBSP or other Unicode spaces);
// - a block ends at an empty line; a whitespace-only line is not empty: it is cue text (and cleans to nothing);
// - a line containing "-->" starts a new block, even inside a cue's text; when it is not a valid timing line
//   the block is a bad cue and its text is skipped up to the next empty line or "-->" line;
// - timestamps: minutes and seconds 00-59, hours optional (any number of digits), cue settings may follow the
//   end time directly ("00:02.000align:start").
// SubRip leniencies kept on purpose (files are often mislabelled, VTT saved as .srt and back, so both formats
// go through this one reader): comma as the decimal sign; one-digit minutes and seconds ("0:1:2,5"); a
// fraction of any length, read as a decimal ("01:00:00,5" = 3600.5 s; the first three digits count) or none
// at all ("00:00:01 --> 00:00:02"); no WEBVTT header; a cue number line right before a timing line with no
// empty line in between is the next cue's identifier, not text.
import type { TranscriptSegment, Word } from '../../domain/types';
import { cleanLine, hasAnnotation, splitAtSpeakerChanges, stripAnnotations, type Token } from './captionText';
import { collapseRolling, isRolling, type TokenCue } from './rollingCaptions';

/** An inline word time, as YouTube's auto captions write them: "and<00:00:03.360><c> welcome</c>". */
const INLINE_TIME = /<([^<>]*)>/g;

interface CueLine {
  text: string;
  /** Word times when the line carries inline timestamps, else null. */
  words: Word[] | null;
}

interface RawCue {
  start: number;
  end: number;
  lines: CueLine[];
  /** The lines' text joined by single spaces. */
  text: string;
}

/** A cue ready to become a segment: text, word times when every word has one, speaker turn. */
interface FlatCue {
  start: number;
  end: number;
  text: string;
  words: Word[] | null;
  speakerChange: boolean;
}

/** What one parse found, for callers that explain an empty result. */
export interface CaptionParse {
  segments: TranscriptSegment[];
  /** Cues with a valid timing line and some text. */
  cueCount: number;
  /** Decided at file level: the cues roll (each repeats the line before). */
  rolling: boolean;
  /** Every cue held only non-speech annotations ([Music], ♪ …). */
  onlyAnnotations: boolean;
}

/**
 * Robust to real-world files: BOM, CRLF, WEBVTT headers/NOTE/STYLE blocks, cue settings, <c>/<b>/<00:00:01.000>
 * inline tags, HTML entities, overlapping cues, missing hours, comma or dot millis, empty cues. Rolling
 * automatic captions (decided per file, then per pair) are collapsed to what each cue adds, without their
 * flash cues and [Music]-style annotations. ">>" marks a change of speaker. Output sorted,
 * non-overlapping-in-start, trimmed text, absolute seconds.
 */
export function parseCaptions(text: string, format: 'vtt' | 'srt'): TranscriptSegment[] {
  return parseCaptionText(text, format).segments;
}

export function parseCaptionText(text: string, format: 'vtt' | 'srt'): CaptionParse {
  // Both formats go through the same lenient reader: files are often mislabelled (VTT saved as .srt and back).
  void format;
  const cues = readCues(text);
  const rolling = isRolling(cues);
  let flat: FlatCue[];
  let onlyAnnotations: boolean;
  if (rolling) {
    // Rolling automatic captions: keep what each cue adds, then drop [Music]-style annotations from it.
    const added = collapseRolling(cues.map(toTokenCue));
    const speech = added.map((c) => ({ ...c, tokens: stripAnnotations(c.tokens) })).filter((c) => c.tokens.length > 0);
    onlyAnnotations = speech.length === 0;
    flat = speech.flatMap((c) => splitSpeakers(c));
  } else {
    // Clean captions keep their text as written, but for lines that only describe a sound ("[Intro]",
    // "[MUSIC PLAYING]"); a file of nothing but annotations is emptied (no speech).
    onlyAnnotations = cues.length > 0 && cues.every((c) => hasAnnotation(c.text) && stripAnnotations(toTokenCue(c).tokens).length === 0);
    // ">>" counts at the start of a line here (the convention); rolling files run lines together, so anywhere there.
    flat = onlyAnnotations
      ? []
      : cues
          .map(withoutSoundLines)
          .filter((c) => c !== null)
          .flatMap((c) => (c.lines.some((l) => l.text.startsWith('>>')) ? splitSpeakers(toTokenCue(c), true) : [flatOf(c)]));
  }
  return { segments: toSegments(flat), cueCount: cues.length, rolling, onlyAnnotations };
}

/** A caption line that is one bracketed description: captioning guidelines put sounds in square brackets. */
const SOUND_LINE = /^\[[^[\]]*\]$/;

/** The cue without its sound-description lines; null when nothing else is left. */
function withoutSoundLines(c: RawCue): RawCue | null {
  if (!c.text.includes('[')) return c;
  const lines = c.lines.filter((l) => !SOUND_LINE.test(l.text));
  if (lines.length === c.lines.length) return c;
  return lines.length === 0 ? null : { ...c, lines, text: lines.map((l) => l.text).join(' ') };
}

function flatOf(c: RawCue): FlatCue {
  const words = c.lines.every((l) => l.words !== null) ? c.lines.flatMap((l) => l.words ?? []) : null;
  return { start: c.start, end: c.end, text: c.text, words, speakerChange: false };
}

function readCues(text: string): RawCue[] {
  const lines = text.replace(/^\uFEFF/, '').replace(/\0/g, '\uFFFD').split(/\r\n|\r|\n/);
  const cues: RawCue[] = [];
  let current: { start: number; end: number; lines: string[] } | null = null;
  const finish = () => {
    if (!current) return;
    const lines = current.lines.map((l) => toCueLine(l, current!.start, current!.end)).filter((l) => l.text.length > 0);
    if (lines.length > 0) cues.push({ start: current.start, end: current.end, lines, text: lines.map((l) => l.text).join(' ') });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      finish();
      continue;
    }
    if (line.includes('-->')) {
      // Leniency: the line just before a timing line is the cue's identifier (an SRT number), not text,
      // even when a sloppy file left out the empty line before it.
      if (current && current.lines.length > 0 && /^[ \t\f]*\d+[ \t\f]*$/.test(current.lines[current.lines.length - 1])) {
        current.lines.pop();
      }
      finish();
      const timing = parseTimingLine(line);
      // A bad timing line makes a bad cue: no current cue, so its text is skipped up to the next block.
      if (timing) current = { start: timing.start, end: Math.max(timing.start, timing.end), lines: [] };
      continue;
    }
    if (current) current.lines.push(line);
  }
  finish();
  return cues;
}

const isWs = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\f' || ch === '\r';

/** "start --> end[settings]", per the WebVTT cue-timings algorithm (settings are not used here). */
function parseTimingLine(line: string): { start: number; end: number } | null {
  let pos = 0;
  while (isWs(line[pos])) pos++;
  const start = collectTimestamp(line, pos);
  if (!start) return null;
  pos = start.pos;
  while (isWs(line[pos])) pos++;
  if (line.slice(pos, pos + 3) !== '-->') return null;
  pos += 3;
  while (isWs(line[pos])) pos++;
  const end = collectTimestamp(line, pos);
  if (!end) return null;
  return { start: start.sec, end: end.sec };
}

function collectDigits(s: string, pos: number): string {
  let end = pos;
  while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
  return s.slice(pos, end);
}

/** A WebVTT timestamp "[hh:]mm:ss.ttt" with the SubRip leniencies named at the top of this file. */
function collectTimestamp(s: string, at: number): { sec: number; pos: number } | null {
  let pos = at;
  const first = collectDigits(s, pos);
  pos += first.length;
  if (!first || s[pos] !== ':') return null;
  pos++;
  const second = collectDigits(s, pos);
  pos += second.length;
  if (!second) return null;
  let hours = '0';
  let minutes = first;
  let secs = second;
  if (s[pos] === ':') {
    pos++;
    const third = collectDigits(s, pos);
    pos += third.length;
    if (!third) return null;
    [hours, minutes, secs] = [first, second, third];
  }
  if (minutes.length > 2 || secs.length > 2 || Number(minutes) > 59 || Number(secs) > 59) return null;
  let ms = 0;
  if (s[pos] === '.' || s[pos] === ',') {
    const frac = collectDigits(s, pos + 1);
    if (!frac) return null;
    pos += 1 + frac.length;
    ms = Number((frac + '00').slice(0, 3));
  }
  return { sec: Number(hours) * 3600 + Number(minutes) * 60 + Number(secs) + ms / 1000, pos };
}

/** An inline "<00:00:03.360>" stamp's time, or null for any other tag. */
function inlineTime(tag: string): number | null {
  const t = collectTimestamp(tag, 0);
  return t && t.pos === tag.length ? t.sec : null;
}

/** Cleans a raw cue line; inline timestamps become word times (words between two stamps share the span evenly). */
function toCueLine(raw: string, cueStart: number, cueEnd: number): CueLine {
  const pieces: { at: number; tokens: string[] }[] = [];
  let at = cueStart;
  let last = 0;
  for (const m of raw.matchAll(INLINE_TIME)) {
    const stamp = inlineTime(m[1]);
    if (stamp === null) continue;
    pieces.push({ at, tokens: tokensOf(raw.slice(last, m.index)) });
    at = Math.min(cueEnd, Math.max(at, stamp));
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

/** A cue as words; each word keeps its inline time when its line had stamps. */
function toTokenCue(cue: RawCue): TokenCue {
  const tokens: Token[] = [];
  const lineStarts: number[] = [];
  for (const line of cue.lines) {
    lineStarts.push(tokens.length);
    if (line.words) for (const w of line.words) tokens.push({ text: w.text, word: w });
    else for (const text of line.text.split(' ')) tokens.push({ text, word: null });
  }
  return { start: cue.start, end: cue.end, tokens, lineStarts };
}

function flatOfTokens(c: { start: number; end: number; tokens: Token[] }, speakerChange: boolean): FlatCue {
  const words = c.tokens.every((t) => t.word !== null) ? c.tokens.map((t) => t.word!) : null;
  return { start: c.start, end: c.end, text: c.tokens.map((t) => t.text).join(' '), words, speakerChange };
}

/**
 * One cue per speaker turn: a cue with ">>" inside splits there. A part starts at its first word's time when
 * the words are timed, else at its share of the cue by word count.
 */
function splitSpeakers(cue: TokenCue, atLineStarts = false): FlatCue[] {
  const parts = splitAtSpeakerChanges(cue.tokens, atLineStarts ? cue.lineStarts : undefined);
  if (parts.length === 1 && !parts[0].speakerChange) return [flatOfTokens({ ...cue, tokens: parts[0].tokens }, false)];
  const total = parts.reduce((n, p) => n + p.tokens.length, 0);
  let before = 0;
  const starts = parts.map((p) => {
    const at = p.tokens[0].word?.startSec ?? cue.start + ((cue.end - cue.start) * before) / total;
    before += p.tokens.length;
    return round3(Math.min(cue.end, Math.max(cue.start, at)));
  });
  return parts.map((p, i) => flatOfTokens({ start: starts[i], end: i + 1 < parts.length ? starts[i + 1] : cue.end, tokens: p.tokens }, p.speakerChange));
}

/** Sorted by start; cues that start together are one segment; an end past the next start is clipped to it. */
function toSegments(cues: FlatCue[]): TranscriptSegment[] {
  const sorted = cues.map((c, i) => ({ c, i })).sort((a, b) => a.c.start - b.c.start || a.i - b.i).map((x) => x.c);
  const merged: FlatCue[] = [];
  for (const cue of sorted) {
    const last = merged[merged.length - 1];
    if (last && Math.abs(last.start - cue.start) < 0.0005) {
      last.text += ' ' + cue.text;
      last.words = last.words && cue.words ? [...last.words, ...cue.words] : null;
      last.end = Math.max(last.end, cue.end);
      last.speakerChange ||= cue.speakerChange;
    } else {
      merged.push({ ...cue });
    }
  }
  return merged.map((cue, i) => {
    const next = merged[i + 1];
    const endSec = round3(Math.max(cue.start, next && cue.end > next.start ? next.start : cue.end));
    const segment: TranscriptSegment = { startSec: round3(cue.start), endSec, text: cue.text };
    if (cue.words) {
      segment.words = cue.words.map((w) => ({ text: w.text, startSec: Math.min(w.startSec, endSec), endSec: Math.min(w.endSec, endSec) }));
    }
    if (cue.speakerChange) segment.speakerChange = true;
    return segment;
  });
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
