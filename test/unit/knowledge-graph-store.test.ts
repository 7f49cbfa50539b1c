// Proves: a job's concept graph round-trips through the store (migration 2 tables), saving again
// replaces rather than duplicates, and deleting the job removes its graph (cascade).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConceptGraph, saveConceptGraph } from '../../server/store/graphStore';
import { JobStore } from '../../server/store/jobStore';
import { openDatabase } from '../../server/store/database';
import type { Concept, GraphEdge } from '../../server/domain/analysis';

test('concept graph round-trip, replace, cascade', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-graph-'));
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  t.after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const jobs = new JobStore(db);
  jobs.startJob('job1', 'src', {});
  const concepts: Concept[] = [
    { id: 'neural-network', label: 'Neural network', kind: 'concept', importance: 1, mainSection: 0, occurrences: [{ startSec: 3, sectionIndex: 0 }], explanation: { text: 'A neural network is…', startSec: 3, endSec: 5 } },
    { id: 'alan-turing', label: 'Alan Turing', kind: 'person', importance: 0.5, mainSection: 1, occurrences: [{ startSec: 60, sectionIndex: 1 }], explanation: { text: 'Alan Turing asked…', startSec: 60, endSec: 62 } },
  ];
  const edges: GraphEdge[] = [{ source: 'alan-turing', target: 'neural-network', weight: 0.4, kind: 'similarity' }];
  saveConceptGraph(db, 'job1', { concepts, edges });
  saveConceptGraph(db, 'job1', { concepts, edges });
  assert.deepEqual(loadConceptGraph(db, 'job1'), { concepts, edges });
  jobs.deleteJob('job1');
  assert.deepEqual(loadConceptGraph(db, 'job1'), { concepts: [], edges: [] });
});
