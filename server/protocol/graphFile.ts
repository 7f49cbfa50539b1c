// graph.json, the file the analyze stage writes next to notes.md and the concept-graph view reads.
// The type lives in domain (the knowledge engine produces it); it is re-exported here because
// extension/ and webview/ may import only server/protocol/.
import type { ConceptKind, GraphEdge, GraphFile, KeyPoint } from '../domain/analysis';

export type { ConceptKind, ConceptOccurrence, GraphEdge, GraphFile, KeyPoint } from '../domain/analysis';

// graph.json is read back from a folder the user may have edited, shared or cloned: the one
// reading below keeps what has the right shape and drops the rest, so no consumer (hover,
// definition, the graph view) meets a missing field or a number that is not one.
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const sec = (v: unknown): number => Math.max(0, num(v));
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const int = (v: unknown): number => Math.trunc(num(v, -1));
const KINDS: readonly ConceptKind[] = ['concept', 'person', 'place', 'organization'];
const kind = (v: unknown): ConceptKind => KINDS.find((k) => k === v) ?? 'concept';

function keyPoint(v: unknown): KeyPoint {
  const o = isObject(v) ? v : {};
  const startSec = sec(o.startSec);
  return { text: str(o.text), startSec, endSec: Math.max(startSec, sec(o.endSec)) };
}

/** graph.json's text → a graph with only well-formed sections, nodes and edges; null when it is not a graph at all. */
export function parseGraphFile(text: string): GraphFile | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(v) || !Array.isArray(v.nodes)) return null;
  const nodes: GraphFile['nodes'] = [];
  for (const n of v.nodes) {
    if (!isObject(n) || typeof n.id !== 'string' || typeof n.label !== 'string' || !n.id || !n.label) continue;
    nodes.push({
      id: n.id,
      label: n.label,
      kind: kind(n.kind),
      importance: num(n.importance),
      sectionIndex: int(n.sectionIndex),
      explanation: keyPoint(n.explanation),
      occurrences: arr(n.occurrences).filter(isObject).map((o) => ({ startSec: sec(o.startSec), sectionIndex: int(o.sectionIndex) })),
    });
  }
  const sections = arr(v.sections).filter(isObject).map((s) => ({ index: int(s.index), title: str(s.title), startSec: sec(s.startSec), endSec: sec(s.endSec), line: int(s.line) }));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = arr(v.edges)
    .filter((e): e is Json => isObject(e) && typeof e.source === 'string' && typeof e.target === 'string' && ids.has(e.source) && ids.has(e.target))
    .map((e): GraphEdge => ({ source: String(e.source), target: String(e.target), weight: num(e.weight), kind: e.kind === 'similarity' ? 'similarity' : 'cooccurrence' }));
  // `notes` keeps what the file says: graphNotesFile (notesFile.ts) decides whether it may be used.
  return { version: 1, title: str(v.title), notes: (typeof v.notes === 'string' ? v.notes : 'notes.md') as 'notes.md', sections, nodes, edges };
}
