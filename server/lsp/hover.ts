// Hovers: a citation shows the transcript around that moment (±20 s); a concept shows its
// explanation and where it occurs. All transcript text is escaped: it renders as plain words.
import path from 'node:path';
import type { Hover, Position } from 'vscode-languageserver';
import type { NotesCache } from './notesCache';
import { citationAt, escapeMarkdown, formatClock, sectionNumber, transcriptLineFor, transcriptWindow, type GraphNode } from '../protocol/notesFile';
import { kindOf } from './files';

export const HOVER_WINDOW_SEC = 20;

export function hover(cache: NotesCache, file: string, lineText: string, pos: Position): Hover | null {
  const kind = kindOf(file);
  if (!kind) return null;
  const dir = path.dirname(file);
  if (kind === 'notes') {
    const c = citationAt(lineText, pos.character);
    if (c) return citationHover(cache, dir, c.sec, { line: pos.line, start: c.start, end: c.end });
  }
  const matcher = cache.concepts(dir);
  const node = matcher?.at(lineText, pos.character);
  return matcher && node ? conceptHover(node, (i) => sectionNumber(matcher.graph, i)) : null;
}

/** The hover's action: the extension's player command (the client trusts only that command). */
export function playLink(dir: string, sec: number): string {
  const args = encodeURIComponent(JSON.stringify([{ dir, sec }]));
  return `[▶ Play at ${formatClock(sec)}](command:videoinsight.openPlayer?${args} "Play the video at this moment")`;
}

function citationHover(cache: NotesCache, dir: string, sec: number, at: { line: number; start: number; end: number }): Hover | null {
  const t = cache.transcript(dir);
  if (!t) return null;
  const lines = transcriptWindow(t, sec, HOVER_WINDOW_SEC, HOVER_WINDOW_SEC);
  if (!lines.length) return null;
  const from = formatClock(Math.max(0, sec - HOVER_WINDOW_SEC)), to = formatClock(sec + HOVER_WINDOW_SEC);
  const cited = transcriptLineFor(t, sec);
  const body = lines.map((l) => {
    const text = `\`${formatClock(l.sec)}\` ${escapeMarkdown(l.text)}`;
    return l.line === cited ? `**${text}**` : text;
  });
  return {
    contents: { kind: 'markdown', value: [`**Transcript ${from}–${to}**`, '', body.join('  \n'), '', playLink(dir, sec)].join('\n') },
    range: { start: { line: at.line, character: at.start }, end: { line: at.line, character: at.end } },
  };
}

export function conceptHover(node: GraphNode, number: (sectionIndex: number) => number = (i) => i + 1): Hover {
  const where = [...new Set(node.occurrences.map((o) => number(o.sectionIndex)))].sort((a, b) => a - b);
  const times = node.occurrences.slice(0, 8).map((o) => formatClock(o.startSec)).join(', ');
  const more = node.occurrences.length > 8 ? ` and ${node.occurrences.length - 8} more` : '';
  const value = [
    `**${escapeMarkdown(String(node.label))}** _(${escapeMarkdown(String(node.kind))}, importance ${Number(node.importance).toFixed(2)})_`,
    '',
    `${escapeMarkdown(node.explanation.text)} \`${formatClock(node.explanation.startSec)}\``,
    '',
    `Occurs in ${where.map((s) => `§${s}`).join(', ') || 'no section'} at ${times || '—'}${more}; matters most in §${number(node.sectionIndex)}.`,
  ].join('\n');
  return { contents: { kind: 'markdown', value } };
}
