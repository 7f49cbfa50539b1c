// Proves, with the real USE-lite model: similar sentences score higher than unrelated ones; vectors are
// 512-d unit length and come back in input order (batching and length-sorting do not reorder them);
// the store cache answers a second embedder without calling the model again; the worker-thread lane
// returns the same vectors as the main thread; a missing transformers model fails clearly, offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbedder, wrapEmbedder } from '../../server/knowledge/embeddings';
import { useLiteEmbedder } from '../../server/knowledge/embeddings/useLite';
import type { Embedder } from '../../server/domain/analysis';
import { dot, norm } from '../../server/domain/vector';
import { openDatabase } from '../../server/store/database';
import { SqliteEmbeddingCache } from '../../server/store/embeddingCache';

test('USE-lite: paraphrases are closer than unrelated sentences', async () => {
  const e = await createEmbedder({ kind: 'use-lite' });
  const [cat, kitten, stocks] = await e.embed([
    'The cat sat on the mat.',
    'A kitten was sitting on the rug.',
    'Quarterly earnings fell as interest rates rose.',
  ]);
  assert.equal(e.dim, 512);
  assert.equal(cat.length, 512);
  assert.ok(Math.abs(norm(cat) - 1) < 1e-4);
  assert.ok(dot(cat, kitten) > dot(cat, stocks) + 0.1, `${dot(cat, kitten)} vs ${dot(cat, stocks)}`);
});

test('batching keeps input order; the store cache serves repeats without the model', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-emb-'));
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  t.after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const raw = useLiteEmbedder();
  let modelTexts = 0;
  const counting: Embedder = { id: raw.id, dim: raw.dim, embed: (texts) => ((modelTexts += texts.length), raw.embed(texts)) };
  const texts = ['short', 'a much longer sentence about rivers and the sea', 'medium length text', 'short', ''];
  const first = await wrapEmbedder(counting, new SqliteEmbeddingCache(db), 2).embed(texts);
  assert.equal(modelTexts, 4, 'the repeated text is embedded once');
  const one = await wrapEmbedder(counting, undefined, 2).embed([texts[1]]);
  assert.ok(dot(first[1], one[0]) > 0.9999, 'row 1 is the vector of text 1');
  assert.ok(dot(first[0], first[3]) > 0.9999);
  modelTexts = 0;
  const again = await wrapEmbedder(counting, new SqliteEmbeddingCache(db)).embed(texts);
  assert.equal(modelTexts, 0, 'a fresh embedder over the same store hits the cache');
  again.forEach((v, i) => assert.ok(dot(v, first[i]) > 0.9999));
  const rows = (db.prepare('SELECT count(*) AS n FROM embedding_cache').get() as { n: number }).n;
  assert.equal(rows, 4);
});

test('a transformers model that is not on disk fails with a clear message, offline', async () => {
  await assert.rejects(
    createEmbedder({ kind: 'transformers', model: 'no-such-model', localPath: path.join(os.tmpdir(), 'vi-no-such-model') }),
    (e: unknown) => e instanceof Error && /cannot load the embedding model no-such-model/.test(e.message),
  );
});

test('two lanes (a worker thread with its own model) give the same vectors as one', async () => {
  const texts = Array.from({ length: 70 }, (_, i) => `sentence ${i} about the ${['sea', 'sky', 'law'][i % 3]} and ${i * 7} more words`);
  const one = await useLiteEmbedder({ lanes: 1 }).embed(texts);
  const two = await useLiteEmbedder({ lanes: 2 }).embed(texts);
  assert.equal(two.length, 70);
  two.forEach((v, i) => assert.ok(dot(normalizeCopy(v), normalizeCopy(one[i])) > 0.9999, `row ${i}`));
});

function normalizeCopy(v: Float32Array): Float32Array {
  const n = norm(v);
  return v.map((x) => x / n);
}
