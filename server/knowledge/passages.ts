// Markdown note files → searchable passages (bullets, paragraphs, sections, transcript windows), each with
// its 1-based line and, when it cites the transcript or carries a transcript anchor, its start time.
import { parseClock } from '../domain/time';
import { plainText } from '../domain/markdownPlain';

export interface Passage {
  line: number;
  startSec: number | null;
  /** Shown to the user. */
  text: string;
  /**
   * Absent for note text (bullets, paragraphs, headings). 'transcript': a window of transcript lines,
   * `endSec` the start of the line after it. 'section': a generated section as one document (title, key
   * points, key concepts in `doc`), at its heading's line, `text` the title, `endSec` its range end.
   */
  kind?: 'transcript' | 'section';
  endSec?: number | null;
  /** What is searched when it differs from `text` (a section's whole document). */
  doc?: string;
  /** Words the lexical index alone searches besides `doc`: the place words of a section at the talk's start or end. */
  place?: string;
  /** Also for the lexical index alone: hyphenated words written as one ("non-resistance" → "nonresistance"). */
  joined?: string;
}

const CITATION = /\[(?:\d+:)?\d{1,2}:\d{2}\]\((?:[^)\s]*transcript\.md)?#t-(\d+)\)/;
const ANCHOR = /<a id="t-(\d+)"><\/a>/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;
const HEADING_RANGE = /\(((?:\d+:)?\d{1,2}:\d{2})\s*[–-]/;
/** An outline entry's time range, "— 13:51–25:22". */
const TIME_RANGE = /(?:^|[\s(])((?:\d+:)?\d{1,2}:\d{2})\s*[–-]\s*(?:\d+:)?\d{1,2}:\d{2}\b/;
/** Transcript lines per window, and how far windows step (they overlap by one line). */
const WINDOW_LINES = 3;
const WINDOW_STEP = 2;
const MAX_PASSAGE_CHARS = 1200;
const MAX_DOC_CHARS = 4000;
/**
 * Words that name a place in a talk rather than a topic: creators' chapter titles and readers' queries say
 * "Intro", "Conclusion", "Credits". The documents at the talk's start and at its end (sections, parts,
 * transcript windows) carry them, so such a query lands where the talk begins or ends. Common English usage,
 * not tuned on any talk ("end" is not needed: the index's Porter stemmer reads "ending" as "end").
 */
const OPENING_WORDS = 'opening introduction intro beginning welcome preface prologue foreword preamble';
const CLOSING_WORDS = 'ending conclusion conclusions closing outro wrap-up final credits epilogue afterword farewell goodbye';
/**
 * Changes whenever the same Markdown would split into different passages: the index re-splits a file
 * whose content or splitter changed (app/searchService.ts).
 */
export const PASSAGE_FORMAT = 4;
/** A timed heading's range end, "(0:00–5:12)". */
const HEADING_END = /\((?:\d+:)?\d{1,2}:\d{2}\s*[–-]\s*((?:\d+:)?\d{1,2}:\d{2})\)/;

/**
 * Navigation, not content: a line whose visible text is mostly in-page links (outline entries, "Key
 * concepts:" lists, the concept index). Such lines match almost any query by their labels alone, and
 * the headings they point to are passages themselves.
 */
export function isNavigation(md: string): boolean {
  // An entry of the generated concept index (docs/notes-format.md).
  if (/^\s*[-*]\s+<a id="c-[^"]*"><\/a>/.test(md)) return true;
  let linked = 0;
  // Letters only: list numbers and time ranges around the links do not make a line content.
  for (const m of md.matchAll(/\[([^\]]*)\]\(#[^)]*\)/g)) linked += (m[1].match(/\p{L}/gu) ?? []).length;
  const all = (plainText(md).match(/\p{L}/gu) ?? []).length;
  if (linked === 0 && !/\]\(#/.test(md)) return false;
  if (linked >= 0.5 * all) return true;
  // A label followed by several in-page references ("Concept — §2, §4"): an index entry.
  const links = [...md.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
  const rest = plainText(md.replace(/\[[^\]]*\]\([^)]*\)/g, ' ')).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return links.length >= 2 && links.every((l) => l.startsWith('#')) && rest.length <= 8;
}

function firstTime(md: string): number | null {
  const c = CITATION.exec(md) ?? ANCHOR.exec(md);
  if (c) return Number(c[1]);
  const r = TIME_RANGE.exec(md);
  return r ? parseClock(r[1]) : null;
}

/** A note file's lines, whatever its line ends, numbered as passages number them (index + 1). */
export function markdownLines(markdown: string): string[] {
  return markdown.replace(/\r\n?/g, '\n').split('\n');
}

export function splitPassages(markdown: string): Passage[] {
  const lines = markdownLines(markdown);
  const out: Passage[] = [];
  let i = 0;
  // Front matter is metadata, not prose.
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, j) => j > 0 && l.trim() === '---');
    if (end > 0) i = end + 1;
  }
  type SectionState = { line: number; startSec: number | null; endSec: number | null; parts: string[]; timedHeading: boolean; concepts: string[] };
  let section: SectionState | null = null;
  // The open generated `##` section while its `### n.m` parts are read: its document holds the parts' words too.
  let top: SectionState | null = null;
  // A bullet or paragraph without its own time takes its section's start, so a hit can still open the video there.
  let paragraph: { line: number; parts: string[]; raw: string[]; sectionSec: number | null } | null = null;
  let transcript: TranscriptLine[] = [];
  let inFence = false;

  const push = (line: number, startSec: number | null, text: string): void => {
    const t = text.length > MAX_PASSAGE_CHARS ? text.slice(0, MAX_PASSAGE_CHARS) : text;
    if (/[\p{L}\p{N}]/u.test(t)) out.push({ line, startSec, text: t });
  };
  const flushParagraph = (): void => {
    if (paragraph) push(paragraph.line, firstTime(paragraph.raw.join(' ')) ?? paragraph.sectionSec, plainText(paragraph.parts.join(' ')));
    paragraph = null;
  };
  const flushTranscript = (): void => {
    for (let k = 0; k < transcript.length; k += WINDOW_STEP) {
      const w = transcript.slice(k, k + WINDOW_LINES);
      const start = w[0].startSec ?? w.find((x) => x.startSec !== null)?.startSec ?? null;
      // The window lasts until the next line starts (the last window: until its own last line starts).
      const after = transcript.slice(k + WINDOW_LINES).find((x) => x.startSec !== null)?.startSec;
      const end = after ?? [...w].reverse().find((x) => x.startSec !== null)?.startSec ?? start;
      const before = out.length;
      push(w[0].line, start, w.map((x) => x.text).join(' '));
      if (out.length > before) Object.assign(out[out.length - 1], { kind: 'transcript', endSec: end });
      if (k + WINDOW_LINES >= transcript.length) break;
    }
    transcript = [];
  };
  const flushSection = (section: SectionState | null): void => {
    // A timed (generated) section is already represented by its heading passage and its bullets; a
    // whole-section passage would outrank its own, more precise, bullets. User-written sections get one.
    if (section && !section.timedHeading && section.parts.length > 1) push(section.line, section.startSec, section.parts.join(' '));
    // ... but for search as a whole it is one more document: title, key points and key concepts together,
    // so a chapter-title-like query ("Masking") can land on the section even when no single bullet says it.
    if (section && section.timedHeading && section.parts.length + section.concepts.length > 1) {
      // Times and section numbers are not words a query would hold.
      const doc = [...section.parts, ...section.concepts]
        .join(' ')
        .replace(/\[(?:\d+:)?\d{1,2}:\d{2}\]|\((?:\d+:)?\d{1,2}:\d{2}\s*[–-]\s*(?:\d+:)?\d{1,2}:\d{2}\)|^\d+(?:\.\d+)*\.?\s/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      const before = out.length;
      push(section.line, section.startSec, section.parts[0]);
      if (out.length > before) Object.assign(out[out.length - 1], { kind: 'section', endSec: section.endSec, doc: doc.slice(0, MAX_DOC_CHARS) });
    }
  };
  const flushSections = (): void => {
    if (section && section !== top) flushSection(section);
    flushSection(top);
    section = top = null;
  };

  for (; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    if (/^\s*(```|~~~)/.test(raw)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(raw);
    const said = transcriptLine(raw, lineNo);
    if (heading) {
      flushParagraph();
      flushTranscript();
      const range = HEADING_RANGE.exec(heading[2]);
      const endRange = range ? HEADING_END.exec(heading[2]) : null;
      const next: SectionState = {
        line: lineNo, startSec: range ? parseClock(range[1]) : firstTime(heading[2]), endSec: endRange ? parseClock(endRange[1]) : null,
        parts: [plainText(heading[2])], timedHeading: range !== null, concepts: [],
      };
      if (heading[1].length >= 3 && range && top?.timedHeading) {
        // A part of the open section: its own document, and its words go on into the section's.
        if (section !== top) flushSection(section);
        top.parts.push(next.parts[0].replace(/^\d+(?:\.\d+)*\.?\s+/, ''));
        section = next;
      } else {
        flushSections();
        section = next;
        if (heading[1].length <= 2) top = next;
      }
      // A timed heading (a generated section) is a passage too: a title query should not be diluted by the body.
      if (range) push(lineNo, section.startSec, section.parts[0]);
      continue;
    }
    if (said) {
      flushParagraph();
      transcript.push(said);
      continue;
    }
    if (betweenTranscriptLines(raw)) {
      flushParagraph();
      continue;
    }
    flushTranscript();
    if (!inFence && isNavigation(raw)) {
      flushParagraph();
      // The section's "Key concepts:" line: navigation for the passage search, content for its section document.
      if (section?.timedHeading && /key concepts/i.test(raw)) {
        section.concepts.push(...[...raw.matchAll(/\[([^\]]+)\]\(#c-[^)]*\)/g)].map((m) => plainText(m[1])));
      }
      continue;
    }
    const bullet = inFence ? null : BULLET.exec(raw);
    const text = plainText(bullet ? bullet[1] : raw);
    if (section && section.startSec === null) section.startSec = firstTime(raw);
    if (section) section.parts.push(text);
    if (top && top !== section) top.parts.push(text);
    if (bullet) {
      flushParagraph();
      push(lineNo, firstTime(raw) ?? section?.startSec ?? null, text);
    } else {
      if (!paragraph) paragraph = { line: lineNo, parts: [], raw: [], sectionSec: section?.startSec ?? null };
      paragraph.parts.push(text);
      paragraph.raw.push(raw);
    }
  }
  flushParagraph();
  flushTranscript();
  flushSections();
  markPlaces(out);
  markJoined(out);
  return out.sort((a, b) => a.line - b.line);
}

export interface TranscriptLine {
  line: number;
  startSec: number | null;
  text: string;
}

/** A line of a transcript ("<a id="t-65"></a>**[1:05]** words"), or null for any other line. */
function transcriptLine(raw: string, lineNo: number): TranscriptLine | null {
  const anchor = ANCHOR.exec(raw);
  const stamp = /^\s*(?:<a [^>]*><\/a>)?\*\*\[((?:\d+:)?\d{1,2}:\d{2})\]\*\*/.exec(raw);
  if (!anchor && !stamp) return null;
  return { line: lineNo, startSec: anchor ? Number(anchor[1]) : parseClock(stamp![1]), text: plainText(raw.replace(/\*\*\[[^\]]*\]\*\*/, '')) };
}

/** Lines a transcript window reads over: blank ones and lone anchors. */
function betweenTranscriptLines(raw: string): boolean {
  return raw.trim() === '' || /^\s*<a id="[^"]*"><\/a>\s*$/.test(raw);
}

/**
 * The transcript lines (of `markdownLines`) of the window passage that starts at `line` (1-based), read as
 * splitPassages reads them; empty when no transcript line is there (the notes changed since they were indexed).
 */
export function transcriptWindowAt(markdownLines: string[], line: number): TranscriptLine[] {
  const out: TranscriptLine[] = [];
  for (let i = line - 1; i < markdownLines.length && out.length < WINDOW_LINES; i++) {
    const said = transcriptLine(markdownLines[i], i + 1);
    if (said) out.push(said);
    else if (out.length === 0 || !betweenTranscriptLines(markdownLines[i])) break;
  }
  return out;
}

/**
 * A talk says "non-resistance" where its creator titles a chapter "The Law of Nonresistance" (or the reverse):
 * the index splits the hyphenated word, so each passage also carries its hyphenated words written as one; a
 * query saying them hyphenated already matches the split words side by side.
 */
function markJoined(passages: Passage[]): void {
  for (const p of passages) {
    const compounds = new Set(((p.doc ?? p.text).match(/\p{L}+(?:-\p{L}+)+/gu) ?? []).map((w) => w.replace(/-/g, '').toLowerCase()));
    if (compounds.size > 0) p.joined = [...compounds].join(' ');
  }
}

/**
 * The section documents reaching the start of the talk (its first section and part) and its end get the place
 * words; so do a transcript's first and last windows.
 */
function markPlaces(passages: Passage[]): void {
  const sections = passages.filter((p) => p.kind === 'section' && p.startSec !== null);
  if (sections.length >= 2) {
    const first = Math.min(...sections.map((p) => p.startSec!));
    const last = Math.max(...sections.map((p) => p.endSec ?? -1));
    for (const p of sections) {
      const place = [p.startSec === first ? OPENING_WORDS : '', p.endSec === last ? CLOSING_WORDS : ''].filter(Boolean).join(' ');
      if (place) p.place = place;
    }
  }
  const windows = passages.filter((p) => p.kind === 'transcript');
  if (windows.length >= 2) {
    windows[0].place = OPENING_WORDS;
    windows[windows.length - 1].place = CLOSING_WORDS;
  }
}
