// The shape a reader sees in a notes.md: video → sections (and subsections) → key points with their
// times. Pure (no Node, no vscode): the Notes view in the extension reads it; it tolerates files a
// user edited (anything it does not recognise is skipped, never an error).
import { citationsInLine, readFrontMatter } from './notesFile';
import { parseClock } from '../domain/time';
import { plainText } from '../domain/markdownPlain';

export interface OutlinePoint {
  /** The bullet's text without its citation links or Markdown escapes. */
  text: string;
  /** Second of its first citation. */
  sec: number;
  /** 0-based line in notes.md. */
  line: number;
}

export interface OutlineSection {
  /** "1", "2.3": what the heading numbers it. */
  number: string;
  title: string;
  line: number;
  /** Start second: the section's time range in the heading, else its first cited moment. */
  sec: number | undefined;
  points: OutlinePoint[];
  subsections: OutlineSection[];
}

export interface NotesOutline {
  title: string | null;
  sections: OutlineSection[];
}

// "## 2. Title (0:31–1:20)" and "### 2.1 Title (0:31–0:50)"; the range is optional.
const SECTION = /^(#{2,3}) (\d+(?:\.\d+)?)\.? (.*?)(?: \(((?:\d+:)?\d{1,2}:\d{2})\s*[–-]\s*(?:\d+:)?\d{1,2}:\d{2}\))?\s*$/;
const BULLET = /^\s*[-*] (.*)$/;

export function parseNotesOutline(text: string): NotesOutline {
  const rows = text.split(/\r?\n/);
  const { title, bodyStart } = readFrontMatter(rows);
  const sections: OutlineSection[] = [];
  let current: OutlineSection | undefined;
  for (let i = bodyStart; i < rows.length; i++) {
    const row = rows[i]!;
    const h = SECTION.exec(row);
    if (h) {
      const section: OutlineSection = {
        number: h[2]!, title: plainText(h[3]!), line: i, sec: h[4] ? parseClock(h[4]) : undefined, points: [], subsections: [],
      };
      if (h[1] === '###') {
        const parent = sections[sections.length - 1];
        if (!parent) continue;
        parent.subsections.push(section);
      } else {
        sections.push(section);
      }
      current = section;
      continue;
    }
    // Any other heading ("## Concept index", "## Summary") ends the section's key points.
    if (/^#{1,2} /.test(row)) { current = undefined; continue; }
    if (!current) continue;
    const b = BULLET.exec(row);
    if (!b) continue;
    const cites = citationsInLine(b[1]!);
    if (!cites.length) continue;
    let body = b[1]!;
    for (const c of [...cites].reverse()) body = body.slice(0, c.start) + body.slice(c.end);
    const point = plainText(body);
    if (point) current.points.push({ text: point, sec: cites[0]!.sec, line: i });
  }
  for (const s of sections) fillStart(s);
  return { title, sections };
}

function fillStart(s: OutlineSection): void {
  for (const sub of s.subsections) fillStart(sub);
  s.sec ??= s.points[0]?.sec ?? s.subsections[0]?.sec;
}
