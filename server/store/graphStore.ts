// The concept graph in the store (tables from migration 2), per job; graph.json is rendered from the same Analysis.
import type { Db } from './database';
import type { Analysis, Concept, ConceptKind, GraphEdge } from '../domain/analysis';

/** Replaces the job's concepts and edges with those of `analysis`, atomically. */
export function saveConceptGraph(db: Db, jobId: string, analysis: Pick<Analysis, 'concepts' | 'edges'>): void {
  const insConcept = db.prepare(
    'INSERT INTO concepts (job_id, id, label, kind, importance, section_index, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insEdge = db.prepare('INSERT OR REPLACE INTO concept_edges (job_id, source, target, kind, weight) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM concept_edges WHERE job_id = ?').run(jobId);
    db.prepare('DELETE FROM concepts WHERE job_id = ?').run(jobId);
    for (const c of analysis.concepts) {
      insConcept.run(jobId, c.id, c.label, c.kind, c.importance, c.mainSection, JSON.stringify({ occurrences: c.occurrences, explanation: c.explanation }));
    }
    for (const e of analysis.edges) insEdge.run(jobId, e.source, e.target, e.kind, e.weight);
  })();
}

export function loadConceptGraph(db: Db, jobId: string): { concepts: Concept[]; edges: GraphEdge[] } {
  const rows = db
    .prepare('SELECT id, label, kind, importance, section_index, data FROM concepts WHERE job_id = ? ORDER BY importance DESC, id')
    .all(jobId) as { id: string; label: string; kind: ConceptKind; importance: number; section_index: number; data: string }[];
  const concepts = rows.map((r) => {
    const data = JSON.parse(r.data) as Pick<Concept, 'occurrences' | 'explanation'>;
    return { id: r.id, label: r.label, kind: r.kind, importance: r.importance, mainSection: r.section_index, occurrences: data.occurrences, explanation: data.explanation };
  });
  const edges = (db.prepare('SELECT source, target, kind, weight FROM concept_edges WHERE job_id = ? ORDER BY source, target, kind').all(jobId) as GraphEdge[]).map(
    (e) => ({ source: e.source, target: e.target, weight: e.weight, kind: e.kind }),
  );
  return { concepts, edges };
}
