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
import { JobStore } from '../../server/store/jobStore';
import { migrations } from '../../server/store/migrations';

function withStore(fn: (store: JobStore, file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-store-'));
  const file = path.join(dir, 'store.sqlite');
  const db = openDatabase(file);
  try {
    fn(new JobStore(db), file);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('WAL, sqlite-vec and every migration', () => {
  withStore((store) => {
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.match(String((store.db.prepare('SELECT vec_version() AS v').get() as { v: string }).v), /^v0\./);
    assert.equal(store.db.pragma('user_version', { simple: true }), migrations[migrations.length - 1].version);
  });
});

test('resume keeps the job, its plan and its finished chunks', () => {
  withStore((store) => {
    const a = store.startJob('j1', '/v.mp4', { engine: 'pocketsphinx' });
    store.describeJob('j1', { title: 'T', slug: 't-abc', durationSec: 90, engine: 'pocketsphinx' });
    store.saveChunks('j1', [
      { index: 0, startSample: 0, endSample: 16000, hasSpeech: true },
      { index: 1, startSample: 16000, endSample: 48000, hasSpeech: true },
    ]);
    store.saveChunkTranscript('j1', { chunkIndex: 0, segments: [{ startSec: 0.2, endSec: 0.9, text: 'hello' }], language: 'en' });
    store.setStatus('j1', 'failed', 'killed');
    const b = store.startJob('j1', '/v.mp4', { engine: 'pocketsphinx' });
    assert.equal(b.createdAt, a.createdAt);
    assert.equal(b.status, 'running');
    assert.equal(b.error, null);
    assert.equal(b.title, 'T');
    // A second plan (say, from a changed segmenter) does not replace the saved one.
    store.saveChunks('j1', [{ index: 0, startSample: 0, endSample: 48000, hasSpeech: true }]);
    const chunks = store.loadChunks('j1');
    assert.deepEqual(chunks.map((c) => [c.index, c.endSample, c.done]), [[0, 16000, true], [1, 48000, false]]);
    assert.deepEqual(store.loadSegments('j1'), [{ startSec: 0.2, endSec: 0.9, text: 'hello' }]);
    assert.equal(store.listJobs().length, 1);
  });
});

test('re-saving a chunk replaces its segments; segments come back in time order', () => {
  withStore((store) => {
    store.startJob('j', 's', {});
    store.saveChunks('j', [0, 1].map((i) => ({ index: i, startSample: i * 16000, endSample: (i + 1) * 16000, hasSpeech: true })));
    store.saveChunkTranscript('j', { chunkIndex: 1, segments: [{ startSec: 1.1, endSec: 1.5, text: 'b' }], language: null });
    store.saveChunkTranscript('j', { chunkIndex: 0, segments: [{ startSec: 0.1, endSec: 0.5, text: 'a', words: [{ text: 'a', startSec: 0.1, endSec: 0.5 }] }], language: null });
    store.saveChunkTranscript('j', { chunkIndex: 1, segments: [{ startSec: 1.2, endSec: 1.6, text: 'c' }], language: null });
    assert.deepEqual(store.loadSegments('j').map((s) => s.text), ['a', 'c']);
    assert.deepEqual(store.loadSegments('j')[0].words, [{ text: 'a', startSec: 0.1, endSec: 0.5 }]);
    assert.deepEqual(store.loadSegments('j', 0).map((s) => s.text), ['a']);
    store.saveStage('j', 'analyze', { n: 1 });
    assert.deepEqual(store.loadStage('j', 'analyze'), { n: 1 });
    store.deleteJob('j');
    assert.equal(store.loadChunks('j').length, 0);
    assert.equal(store.loadStage('j', 'analyze'), undefined);
  });
});
