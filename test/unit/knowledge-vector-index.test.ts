// Proves: the bit-prefilter + exact re-rank search returns the same top hits as brute force on a small
// store (including once it is larger than the candidate pool), reloads its in-memory bits after inserts
// and deletes, filters by folder, dedupes a line, and searchNotes rejects an empty query with a UserError
// while cutting a 10 kB query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/store/database';
import { deleteFilePassages, exactSearch, insertPassages, MIN_CANDIDATES, searchVectors } from '../../server/store/vectorIndex';
import { MAX_QUERY_CHARS, normalizeQuery, searchNotes } from '../../server/app/searchService';
import { UserError } from '../../server/domain/errors';
import { normalize } from '../../server/domain/vector';
import { fakeEmbedder } from './knowledge-fake-embedder';

function vec(seed: number, dim = 64): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = Math.sin(seed * 1.618 + i * 2.399) + Math.cos(seed * 0.577 * i);
  return normalize(v);
}

function tempDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-kvi-'));
  const db = openDatabase(path.join(dir, '.videoinsight', 'store.sqlite'));
  for (const f of ['/n/a.md', '/n/b.md', '/m/c.md']) db.prepare('INSERT INTO note_files (path, content_hash, model, indexed_at) VALUES (?, ?, ?, 0)').run(f, 'h', 'm');
  return { db, cleanup: () => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

test('index search equals brute force, before and after the store outgrows the candidate pool', (t) => {
  const { db, cleanup } = tempDb();
  t.after(cleanup);
  const make = (from: number, n: number, file: string) => Array.from({ length: n }, (_, i) => ({ file, line: from + i + 1, startSec: from + i, text: `p${from + i}`, vector: vec(from + i) }));
  insertPassages(db, 'm', make(0, 100, '/n/a.md'));
  const q = vec(5000);
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
  assert.deepEqual(ids(searchVectors(db, 'm', q, 10)), exactSearch(db, 'm', q, 10));
  insertPassages(db, 'm', make(100, MIN_CANDIDATES * 3, '/n/b.md')); // the cached bits must reload
  const exact = exactSearch(db, 'm', q, 10);
  const got = ids(searchVectors(db, 'm', q, 10));
  const overlap = got.filter((id) => exact.includes(id)).length;
  assert.ok(overlap >= 9, `recall@10 ${overlap}/10`);
  assert.equal(got[0], exact[0]);
  deleteFilePassages(db, '/n/b.md');
  assert.ok(searchVectors(db, 'm', q, 50).every((r) => r.file === '/n/a.md'), 'deleted passages are gone');
  assert.deepEqual(searchVectors(db, 'other-model', q, 5), []);
});

test('folder filter and one hit per line', (t) => {
  const { db, cleanup } = tempDb();
  t.after(cleanup);
  insertPassages(db, 'm', [
    { file: '/n/a.md', line: 3, startSec: 1, text: 'heading', vector: vec(1) },
    { file: '/n/a.md', line: 3, startSec: 1, text: 'heading and body', vector: vec(1.01) },
    { file: '/m/c.md', line: 1, startSec: null, text: 'elsewhere', vector: vec(1.02) },
  ]);
  const all = searchVectors(db, 'm', vec(1), 10);
  assert.equal(all.length, 2);
  assert.deepEqual(searchVectors(db, 'm', vec(1), 10, '/m/').map((r) => r.file), ['/m/c.md']);
});

test('searchNotes: empty query is a UserError; a 10 kB query is cut at a word boundary', async (t) => {
  const { db, cleanup } = tempDb();
  t.after(cleanup);
  const e = fakeEmbedder();
  await assert.rejects(searchNotes(db, '   ', e), (err: unknown) => err instanceof UserError && /empty/.test((err as Error).message));
  const long = 'word '.repeat(2000);
  assert.ok(normalizeQuery(long).length <= MAX_QUERY_CHARS);
  assert.ok(normalizeQuery(long).endsWith('word'));
  assert.deepEqual(await searchNotes(db, long, e), []);
});
