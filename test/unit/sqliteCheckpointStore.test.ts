// Proves the store's checkpoint contract on a real SQLite file: WAL mode with sqlite-vec loaded and
// all migrations applied; a job started twice is the same row (resume); a saved chunk plan is not
// replaced by a later one (so finished chunks stay finished); a chunk's transcript lands with its
// done flag in one transaction, and re-saving a chunk replaces its segments instead of duplicating.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/store/database';
import { SqliteCheckpointStore } from '../../server/store/sqliteCheckpointStore';
import { migrations } from '../../server/store/migrations';

async function withStore(fn: (store: SqliteCheckpointStore, file: string) => Promise<void> | void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-store-'));
  const file = path.join(dir, 'store.sqlite');
  const db = openDatabase(file);
  try {
    await fn(new SqliteCheckpointStore(db), file);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('WAL, sqlite-vec and every migration', async () => {
  await withStore((store) => {
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.match(String((store.db.prepare('SELECT vec_version() AS v').get() as { v: string }).v), /^v0\./);
    assert.equal(store.db.pragma('user_version', { simple: true }), migrations[migrations.length - 1].version);
  });
});

test('resume keeps the job, its plan and its finished chunks', async () => {
  await withStore(async (store) => {
    const a = await store.startJob('j1', '/v.mp4', { engine: 'pocketsphinx' });
    await store.describeJob('j1', { title: 'T', slug: 't-abc', durationSec: 90, engine: 'pocketsphinx' });
    await store.saveChunks('j1', [
      { index: 0, startSample: 0, endSample: 16000, hasSpeech: true },
      { index: 1, startSample: 16000, endSample: 48000, hasSpeech: true },
    ]);
    await store.saveChunkTranscript('j1', { chunkIndex: 0, segments: [{ startSec: 0.2, endSec: 0.9, text: 'hello' }], language: 'en' });
    await store.setStatus('j1', 'failed', 'killed');
    const b = await store.startJob('j1', '/v.mp4', { engine: 'pocketsphinx' });
    assert.equal(b.createdAt, a.createdAt);
    assert.equal(b.status, 'running');
    assert.equal(b.error, null);
    assert.equal(b.title, 'T');
    // A second plan (say, from a changed segmenter) does not replace the saved one.
    await store.saveChunks('j1', [{ index: 0, startSample: 0, endSample: 48000, hasSpeech: true }]);
    const chunks = await store.loadChunks('j1');
    assert.deepEqual(chunks.map((c) => [c.index, c.endSample, c.done]), [[0, 16000, true], [1, 48000, false]]);
    assert.deepEqual(await store.loadSegments('j1'), [{ startSec: 0.2, endSec: 0.9, text: 'hello' }]);
    assert.equal((await store.listJobs()).length, 1);
  });
});

test('re-saving a chunk replaces its segments; segments come back in time order', async () => {
  await withStore(async (store) => {
    await store.startJob('j', 's', {});
    await store.saveChunks('j', [0, 1].map((i) => ({ index: i, startSample: i * 16000, endSample: (i + 1) * 16000, hasSpeech: true })));
    await store.saveChunkTranscript('j', { chunkIndex: 1, segments: [{ startSec: 1.1, endSec: 1.5, text: 'b' }], language: null });
    await store.saveChunkTranscript('j', { chunkIndex: 0, segments: [{ startSec: 0.1, endSec: 0.5, text: 'a', words: [{ text: 'a', startSec: 0.1, endSec: 0.5 }] }], language: null });
    await store.saveChunkTranscript('j', { chunkIndex: 1, segments: [{ startSec: 1.2, endSec: 1.6, text: 'c' }], language: null });
    assert.deepEqual((await store.loadSegments('j')).map((s) => s.text), ['a', 'c']);
    assert.deepEqual((await store.loadSegments('j'))[0].words, [{ text: 'a', startSec: 0.1, endSec: 0.5 }]);
    assert.deepEqual((await store.loadSegments('j', 0)).map((s) => s.text), ['a']);
    await store.saveStage('j', 'analyze', { n: 1 });
    assert.deepEqual(await store.loadStage('j', 'analyze'), { n: 1 });
    await store.deleteJob('j');
    assert.equal((await store.loadChunks('j')).length, 0);
    assert.equal(await store.loadStage('j', 'analyze'), undefined);
  });
});
