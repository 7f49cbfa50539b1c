// Go to Definition and Find References: a citation → its transcript line; a concept → the heading
// of the section where it matters most; references → every line that mentions the concept.
import path from 'node:path';
import type { Location, Position } from 'vscode-languageserver';
import type { NotesCache } from './notesCache';
import { citationAt, graphSectionLine, transcriptLineFor, lineIndexAt, type ConceptMatcher, type GraphNode } from '../protocol/notesFile';
import { kindOf, pathToUri } from './files';

function lineLocation(file: string, line: number, length = 0): Location {
  return { uri: pathToUri(file), range: { start: { line, character: 0 }, end: { line, character: length } } };
}

export function definition(cache: NotesCache, file: string, lineText: string, pos: Position): Location | null {
  const kind = kindOf(file);
  if (!kind) return null;
  const dir = path.dirname(file);
  if (kind === 'notes') {
    const c = citationAt(lineText, pos.character);
    if (c) {
      const t = cache.transcript(dir);
      const line = t ? transcriptLineFor(t, c.sec) : undefined;
      return line === undefined ? null : lineLocation(path.join(dir, 'transcript.md'), line);
    }
  }
  const matcher = cache.concepts(dir);
  const node = matcher?.at(lineText, pos.character);
  return matcher && node ? conceptDefinition(cache, dir, matcher, node) : null;
}

export function conceptDefinition(cache: NotesCache, dir: string, matcher: ConceptMatcher, node: GraphNode): Location | null {
  const notes = cache.notes(dir);
  if (!notes) return null;
  const line = graphSectionLine(matcher.graph, notes, node.sectionIndex) ?? notes.conceptIndexLines.get(node.id);
  return line === undefined ? null : lineLocation(path.join(dir, 'notes.md'), line);
}

export function references(cache: NotesCache, file: string, lineText: string, pos: Position, includeDeclaration = true): Location[] {
  if (!kindOf(file)) return [];
  const dir = path.dirname(file);
  const matcher = cache.concepts(dir);
  const node = matcher?.at(lineText, pos.character);
  if (!matcher || !node) return [];
  const out: Location[] = [];
  const seen = new Set<string>();
  const push = (f: string, line: number, start: number, end: number) => {
    const key = `${f}:${line}:${start}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ uri: pathToUri(f), range: { start: { line, character: start }, end: { line, character: end } } });
  };
  for (const name of ['notes.md', 'transcript.md'] as const) {
    const f = path.join(dir, name);
    const text = cache.text(f);
    if (text === undefined) continue;
    const rows = text.split('\n');
    const needle = node.label.toLowerCase();
    for (let i = 0; i < rows.length; i++) {
      if (!rows[i]!.toLowerCase().includes(needle)) continue; // pre-filter before the regex
      for (const m of matcher.matches(rows[i]!)) if (m.node.id === node.id) push(f, i, m.start, m.end);
    }
  }
  // The graph's own occurrences (the moments it was detected) when no line names it literally.
  const t = cache.transcript(dir);
  if (t && t.lines.length) {
    const tf = path.join(dir, 'transcript.md');
    for (const o of node.occurrences) {
      const l = t.lines[lineIndexAt(t, o.startSec)]!;
      if (!out.some((x) => x.uri === pathToUri(tf) && x.range.start.line === l.line)) push(tf, l.line, 0, 0);
    }
  }
  if (!includeDeclaration) {
    const def = conceptDefinition(cache, dir, matcher, node);
    return def ? out.filter((l) => !(l.uri === def.uri && l.range.start.line === def.range.start.line)) : out;
  }
  return out;
}
