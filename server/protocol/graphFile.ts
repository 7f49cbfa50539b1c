// graph.json, the file the analyze stage writes next to notes.md and the concept-graph view reads.
// The type lives in domain (the knowledge engine produces it); it is re-exported here because
// extension/ and webview/ may import only server/protocol/.
export type { ConceptKind, ConceptOccurrence, GraphEdge, GraphFile, KeyPoint } from '../domain/analysis';
