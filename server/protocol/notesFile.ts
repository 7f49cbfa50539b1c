// Pure parsers for the files VideoInsight writes (docs/notes-format.md): citations, transcript
// lines, section headings, concept labels. No Node or vscode imports, so the extension (graph
// view) and the language server share one reading of the format.
import type { GraphFile } from '../domain/analysis';

export interface Citation {
  /** Character range of the whole `[m:ss](transcript.md#t-N)` link on its line. */
  start: number;
  end: number;
  /** Character range of the time text inside the brackets. */
  labelStart: number;
  labelEnd: number;
  /** Range of the `(transcript.md#t-N)` target. */
  targetStart: number;
  label: string;
  sec: number;
}

// Digit counts are bounded (hours up to 9999, seconds up to 8 digits, ~3 years) so a crafted file
// cannot yield Infinity or a second past 2^53: longer runs are simply not citations.
const CITATION = /\[((?:\d{1,4}:)?\d{1,2}:\d{2})\]\(transcript\.md#t-(\d{1,8})\)/g;

export function citationsInLine(line: string): Citation[] {
  const out: Citation[] = [];
  CITATION.lastIndex = 0;
  for (let m = CITATION.exec(line); m; m = CITATION.exec(line)) {
    const start = m.index;
    const label = m[1]!;
    out.push({
      start, end: start + m[0].length, labelStart: start + 1, labelEnd: start + 1 + label.length,
      targetStart: start + label.length + 2, label, sec: Number(m[2]),
    });
  }
  return out;
}

export function citationAt(line: string, character: number): Citation | undefined {
  return citationsInLine(line).find((c) => character >= c.start && character <= c.end);
}

export { formatClock, formatDuration, parseClock } from '../domain/time';
import { parseClock } from '../domain/time';

export interface TranscriptLine {
  /** 0-based line in transcript.md. */
  line: number;
  sec: number;
  text: string;
}

export interface ParsedTranscript {
  /** In file order, which is time order. */
  lines: TranscriptLine[];
  /** Anchor second → 0-based line. */
  anchors: Map<number, number>;
}

const TRANSCRIPT_LINE = /^(?:<a id="t-(\d{1,8})"><\/a>)?\*\*\[((?:\d{1,4}:)?\d{1,2}:\d{2})\]\*\*\s?(.*)$/;

export function parseTranscript(text: string): ParsedTranscript {
  const lines: TranscriptLine[] = [];
  const anchors = new Map<number, number>();
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const m = TRANSCRIPT_LINE.exec(rows[i]!);
    if (!m) continue;
    if (m[1] !== undefined) anchors.set(Number(m[1]), i);
    lines.push({ line: i, sec: parseClock(m[2]!), text: m[3]! });
  }
  return { lines, anchors };
}

/** Index of the last transcript line starting at or before `sec` (binary search; 0 when before all). */
export function lineIndexAt(t: ParsedTranscript, sec: number): number {
  let lo = 0, hi = t.lines.length - 1, ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t.lines[mid]!.sec <= sec) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
}

/** The 0-based transcript line a citation of `sec` points at: its anchor, else the line in effect then. */
export function transcriptLineFor(t: ParsedTranscript, sec: number): number | undefined {
  const anchored = t.anchors.get(sec);
  if (anchored !== undefined) return anchored;
  return t.lines.length ? t.lines[lineIndexAt(t, sec)]!.line : undefined;
}

/** Transcript lines within [sec - before, sec + after]. */
export function transcriptWindow(t: ParsedTranscript, sec: number, before = 20, after = 20): TranscriptLine[] {
  if (!t.lines.length) return [];
  let i = lineIndexAt(t, sec - before);
  if (t.lines[i]!.sec < sec - before && i + 1 < t.lines.length) i++;
  const out: TranscriptLine[] = [];
  for (; i < t.lines.length && t.lines[i]!.sec <= sec + after; i++) out.push(t.lines[i]!);
  return out;
}

export interface NotesHeading { index: number; title: string; line: number }

export interface ParsedNotes {
  title: string | null;
  /** Web page of the video (front matter `url`), for "watch at" links. */
  url: string | null;
  sections: NotesHeading[];
  /** Concept id → 0-based line of its entry in the concept index. */
  conceptIndexLines: Map<string, number>;
}

const HEADING = /^## (\d+)\. (.*?)(?: \([^()]*\))?\s*$/;
const CONCEPT_ENTRY = /<a id="c-([^"]+)"><\/a>/;

export interface NotesFrontMatter {
  title: string | null;
  url: string | null;
  /** The first row after the front matter (0 when there is none). */
  bodyStart: number;
}

/** The front matter's title and url: the rows between a first-line `---` and the next `---`. */
export function readFrontMatter(rows: readonly string[]): NotesFrontMatter {
  let title: string | null = null, url: string | null = null;
  if (rows[0] !== '---') return { title, url, bodyStart: 0 };
  let i = 1;
  for (; i < rows.length && rows[i] !== '---'; i++) {
    const m = /^(\w+):\s*"?(.*?)"?\s*$/.exec(rows[i]!);
    if (!m) continue;
    if (m[1] === 'title') title = unquote(m[2]!);
    if (m[1] === 'url') url = unquote(m[2]!);
  }
  return { title, url, bodyStart: i };
}

export function parseNotes(text: string): ParsedNotes {
  const rows = text.split(/\r?\n/);
  const { title, url, bodyStart } = readFrontMatter(rows);
  const sections: NotesHeading[] = [];
  const conceptIndexLines = new Map<string, number>();
  for (let i = bodyStart; i < rows.length; i++) {
    const row = rows[i]!;
    const h = HEADING.exec(row);
    if (h) { sections.push({ index: Number(h[1]), title: h[2]!, line: i }); continue; }
    const c = CONCEPT_ENTRY.exec(row);
    if (c && row.startsWith('- ')) conceptIndexLines.set(c[1]!, i);
  }
  return { title, url, sections, conceptIndexLines };
}

function unquote(s: string): string {
  return s.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
}

export function sectionHeadingLine(notes: ParsedNotes, index: number): number | undefined {
  return notes.sections.find((s) => s.index === index)?.line;
}

/**
 * The notes heading of a graph section. graph.json numbers sections from 0 while headings read
 * "## 1."; so go by the graph's own record (its heading line, then its title), then by position.
 */
export function graphSectionLine(graph: GraphFile, notes: ParsedNotes, sectionIndex: number): number | undefined {
  const pos = graph.sections.findIndex((s) => s.index === sectionIndex);
  const gs = graph.sections[pos];
  if (gs) {
    if (notes.sections.some((h) => h.line === gs.line)) return gs.line;
    const byTitle = notes.sections.find((h) => h.title === gs.title);
    if (byTitle) return byTitle.line;
    return notes.sections[pos]?.line;
  }
  return undefined;
}

/** The number a reader sees in the heading ("§2") for a graph section index. */
export function sectionNumber(graph: GraphFile, sectionIndex: number): number {
  const pos = graph.sections.findIndex((s) => s.index === sectionIndex);
  return pos >= 0 ? pos + 1 : sectionIndex + 1;
}

export { videoUrlAt } from '../domain/videoLink';

/**
 * The notes file a graph.json names, as a plain file name in the graph's own folder: `notes.md`
 * unless it names another `.md` file there (no folders, no `..`, no absolute path).
 */
export function graphNotesFile(graph: { notes?: unknown }): string {
  const n = graph.notes;
  if (typeof n !== 'string' || !/^[^/\\\0:]{1,200}\.md$/i.test(n) || n.startsWith('.')) return 'notes.md';
  return n;
}

export type GraphNode = GraphFile['nodes'][number];

/** Finds concept labels on a line; one compiled pattern per graph (longest labels first). */
export class ConceptMatcher {
  private readonly byKey = new Map<string, GraphNode>();
  private readonly byId = new Map<string, GraphNode>();
  private readonly pattern: RegExp | null;

  constructor(readonly graph: GraphFile) {
    for (const n of graph.nodes) {
      this.byKey.set(n.label.toLowerCase(), n);
      this.byId.set(n.id, n);
    }
    const labels = [...this.byKey.keys()].filter((l) => l.length > 1).sort((a, b) => b.length - a.length);
    this.pattern = labels.length
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${labels.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
      : null;
  }

  node(id: string): GraphNode | undefined {
    return this.byId.get(id);
  }

  /** Every labelled concept on the line with its character range. */
  matches(line: string): { node: GraphNode; start: number; end: number }[] {
    if (!this.pattern) return [];
    const out: { node: GraphNode; start: number; end: number }[] = [];
    this.pattern.lastIndex = 0;
    for (let m = this.pattern.exec(line); m; m = this.pattern.exec(line)) {
      const node = this.byKey.get(m[0].toLowerCase());
      if (node) out.push({ node, start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  /** The concept under the cursor: a `[Label](#c-id)` link, an index anchor, or the label text. */
  at(line: string, character: number): GraphNode | undefined {
    const link = /\[[^\]]*\]\(#c-([^)\s]+)\)|<a id="c-([^"]+)"><\/a>\*\*[^*]+\*\*/g;
    for (let m = link.exec(line); m; m = link.exec(line)) {
      if (character >= m.index && character <= m.index + m[0].length) {
        const n = this.byId.get((m[1] ?? m[2])!);
        if (n) return n;
      }
    }
    return this.matches(line).find((x) => character >= x.start && character <= x.end)?.node;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes text so Markdown renders it literally (transcript text never becomes links or HTML). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
