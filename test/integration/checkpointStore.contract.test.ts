// One contract, two stores: every case below runs against the SQLite store (a temp file with all
// migrations) and the PostgreSQL store (a throwaway cluster, a fresh database per case). Jobs
// start, resume and are described, listed newest first and deleted with everything they own;
// stage checkpoints round-trip JSON byte for byte and are replaced or cleared; a chunk plan is
// saved once (a second plan keeps the first and its done flags); a chunk's transcript marks it
// done and a re-save replaces it; segments come back in time order, up to a chunk; chunks
// committed at the same moment all land; a source URL's credentials are never stored.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { CheckpointStore } from '../../server/store/checkpointStore';
import { openDatabase, type Db } from '../../server/store/database';
import { SqliteCheckpointStore } from '../../server/store/sqliteCheckpointStore';
import { openPgPool } from '../../server/store/postgres/pgConnection';
import { PgCheckpointStore } from '../../server/store/postgres/pgCheckpointStore';
import type { Chunk, ChunkTranscript } from '../../server/domain/types';
import { startPgCluster, type PgCluster } from '../helpers/pgCluster';

interface Opened {
  store: CheckpointStore;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const plan = (n: number, speech = true): Chunk[] =>
  Array.from({ length: n }, (_, i) => ({ index: i, startSample: i * 16000, endSample: (i + 1) * 16000, hasSpeech: speech }));
const transcript = (chunkIndex: number, texts: string[], language: string | null = 'en'): ChunkTranscript => ({
  chunkIndex,
  language,
  segments: texts.map((text, i) => ({ startSec: chunkIndex + i * 0.25, endSec: chunkIndex + i * 0.25 + 0.2, text })),
});

function contractSuite(name: string, setup: () => Promise<void>, open: () => Promise<Opened>, teardown: () => Promise<void>): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    before(setup);
    after(teardown);

    /** A fresh, empty store for one case, closed afterwards even when the case fails. */
    async function withStore(fn: (store: CheckpointStore) => Promise<void>): Promise<void> {
      const o = await open();
      try {
        await fn(o.store);
      } finally {
        await o.close();
      }
    }

    it('keeps no credentials of a source URL (user:password@, token= parameters)', () =>
      withStore(async (store) => {
        const a = await store.startJob('jc', 'https://alice:s3cr3t@example.com/v.mp4?token=t0k3n&id=1', {});
        assert.doesNotMatch(a.source, /alice|s3cr3t|t0k3n/);
        assert.match(a.source, /^https:\/\/\*\*\*@example\.com\/v\.mp4\?/);
        assert.doesNotMatch((await store.listJobs()).map((j) => j.source).join(' '), /s3cr3t|t0k3n/);
      }));

    it('creates a job, resumes it as the same row, describes it and sets its status', () =>
      withStore(async (store) => {
        assert.equal(await store.getJob('j1'), undefined);
        const a = await store.startJob('j1', '/v.mp4', { engine: 'pocketsphinx', n: 2 });
        assert.deepEqual({ ...a, createdAt: 0, updatedAt: 0 }, {
          id: 'j1', source: '/v.mp4', settings: '{"engine":"pocketsphinx","n":2}', status: 'running', title: null, slug: null,
          durationSec: null, engine: null, error: null, createdAt: 0, updatedAt: 0,
        });
        assert.equal(typeof a.createdAt, 'number');
        assert.ok(Math.abs(a.createdAt - Date.now()) < 60_000);
        assert.equal(a.updatedAt, a.createdAt);

        await store.describeJob('j1', { title: 'Lecture 1', slug: 'lecture-1-abc', durationSec: 90.125 });
        await store.describeJob('j1', { engine: 'whisper' }); // unset fields keep their values
        await store.setStatus('j1', 'failed', 'killed');
        let j = (await store.getJob('j1'))!;
        assert.deepEqual([j.title, j.slug, j.durationSec, j.engine, j.status, j.error], ['Lecture 1', 'lecture-1-abc', 90.125, 'whisper', 'failed', 'killed']);

        await sleep(5);
        const b = await store.startJob('j1', '/v.mp4', { engine: 'pocketsphinx', n: 2 });
        assert.equal(b.createdAt, a.createdAt);
        assert.ok(b.updatedAt > a.updatedAt);
        assert.deepEqual([b.status, b.error, b.title, b.engine], ['running', null, 'Lecture 1', 'whisper']);

        await store.setStatus('j1', 'done');
        j = (await store.getJob('j1'))!;
        assert.deepEqual([j.status, j.error], ['done', null]);
        await store.setStatus('j1', 'cancelled', null);
        assert.equal((await store.getJob('j1'))!.status, 'cancelled');
        assert.equal((await store.listJobs()).length, 1);
      }));

    it('lists jobs most recently updated first', () =>
      withStore(async (store) => {
        assert.deepEqual(await store.listJobs(), []);
        for (const id of ['a', 'b', 'c']) {
          await store.startJob(id, `/${id}.mp4`, {});
          await sleep(5);
        }
        assert.deepEqual((await store.listJobs()).map((j) => j.id), ['c', 'b', 'a']);
        await store.setStatus('a', 'done');
        assert.deepEqual((await store.listJobs()).map((j) => j.id), ['a', 'c', 'b']);
        await sleep(5);
        await store.describeJob('b', { title: 'B' });
        assert.deepEqual((await store.listJobs()).map((j) => j.id), ['b', 'a', 'c']);
      }));

    it('deleting a job deletes its stages, chunks and segments, and nothing of other jobs', () =>
      withStore(async (store) => {
        for (const id of ['gone', 'kept']) {
          await store.startJob(id, 's', {});
          await store.saveStage(id, 'analyze', { id });
          await store.saveChunks(id, plan(2));
          await store.saveChunkTranscript(id, transcript(0, ['x']));
        }
        await store.deleteJob('gone');
        assert.equal(await store.getJob('gone'), undefined);
        assert.equal(await store.loadStage('gone', 'analyze'), undefined);
        assert.deepEqual(await store.loadChunks('gone'), []);
        assert.deepEqual(await store.loadSegments('gone'), []);
        // Started again, it is a new job with no plan: nothing survived the delete.
        await store.startJob('gone', 's', {});
        assert.deepEqual(await store.loadChunks('gone'), []);
        assert.deepEqual(await store.loadStage('kept', 'analyze'), { id: 'kept' });
        assert.equal((await store.loadChunks('kept')).length, 2);
        assert.deepEqual((await store.loadSegments('kept')).map((s) => s.text), ['x']);
        await store.deleteJob('no-such-job'); // not an error
      }));

    it('stage checkpoints: saved, replaced, loaded byte for byte, cleared', () =>
      withStore(async (store) => {
        await store.startJob('j', 's', {});
        assert.equal(await store.loadStage('j', 'audio'), undefined);
        // Key order, unicode, escapes, numbers that need all their digits, nesting, null.
        const output = {
          zeta: 1, alpha: [0.1, 1e-7, 0.1 + 0.2, -0, 2 ** 53 - 1], 'ключ': 'naïve 🎓 "quoted" \\ back\nline\u0000nul\ttab',
          nested: { b: null, a: [true, false, { deep: [] }] }, empty: '',
        };
        await store.saveStage('j', 'analyze', output);
        const back = await store.loadStage<typeof output>('j', 'analyze');
        assert.equal(JSON.stringify(back), JSON.stringify(output));
        assert.deepEqual(Object.keys(back!), ['zeta', 'alpha', 'ключ', 'nested', 'empty']);

        await store.saveStage('j', 'analyze', ['replaced']);
        assert.deepEqual(await store.loadStage('j', 'analyze'), ['replaced']);
        await store.saveStage('j', 'audio', 'a string');
        await store.saveStage('j', 'segment', null);
        await store.saveStage('j', 'count', 42);
        assert.equal(await store.loadStage('j', 'audio'), 'a string');
        assert.equal(await store.loadStage('j', 'segment'), null);
        assert.equal(await store.loadStage('j', 'count'), 42);

        await store.clearStage('j', 'analyze');
        assert.equal(await store.loadStage('j', 'analyze'), undefined);
        assert.equal(await store.loadStage('j', 'audio'), 'a string');
        await store.clearStage('j', 'analyze'); // clearing twice is fine

        // Stages belong to their job.
        await store.startJob('other', 's', {});
        assert.equal(await store.loadStage('other', 'audio'), undefined);
      }));

    it('the chunk plan is saved once: a second plan keeps the first and its done flags', () =>
      withStore(async (store) => {
        await store.startJob('j', 's', {});
        assert.deepEqual(await store.loadChunks('j'), []);
        const first: Chunk[] = [
          { index: 1, startSample: 16000, endSample: 48000, hasSpeech: false },
          { index: 0, startSample: 0, endSample: 16000, hasSpeech: true },
          // Samples beyond 2^31 (a 37-hour file at 16 kHz) survive.
          { index: 2, startSample: 48000, endSample: 2 ** 31 + 5, hasSpeech: true },
        ];
        await store.saveChunks('j', first);
        await store.saveChunkTranscript('j', transcript(0, ['hello']));
        await store.saveChunks('j', [{ index: 0, startSample: 0, endSample: 99999, hasSpeech: false }, ...plan(5).slice(3)]);
        assert.deepEqual(await store.loadChunks('j'), [
          { index: 0, startSample: 0, endSample: 16000, hasSpeech: true, done: true },
          { index: 1, startSample: 16000, endSample: 48000, hasSpeech: false, done: false },
          { index: 2, startSample: 48000, endSample: 2 ** 31 + 5, hasSpeech: true, done: false },
          // A chunk index the first plan did not have is added (as SQLite's INSERT OR IGNORE does).
          { index: 3, startSample: 48000, endSample: 64000, hasSpeech: true, done: false },
          { index: 4, startSample: 64000, endSample: 80000, hasSpeech: true, done: false },
        ]);
        await store.saveChunks('j', []);
        assert.equal((await store.loadChunks('j')).length, 5);
      }));

    it("a chunk's transcript marks it done; saving it again replaces its segments", () =>
      withStore(async (store) => {
        await store.startJob('j', 's', {});
        await store.saveChunks('j', plan(2));
        await store.saveChunkTranscript('j', {
          chunkIndex: 1,
          language: 'de',
          segments: [
            { startSec: 1.1, endSec: 1.5, text: 'eins', words: [{ text: 'eins', startSec: 1.1, endSec: 1.5 }] },
            { startSec: 1.5, endSec: 1.9, text: 'zwei' },
            { startSec: 1.9, endSec: 1.95, text: 'leer', words: [] },
          ],
        });
        assert.deepEqual((await store.loadChunks('j')).map((c) => c.done), [false, true]);
        assert.deepEqual(await store.loadSegments('j'), [
          { startSec: 1.1, endSec: 1.5, text: 'eins', words: [{ text: 'eins', startSec: 1.1, endSec: 1.5 }] },
          { startSec: 1.5, endSec: 1.9, text: 'zwei' },
          { startSec: 1.9, endSec: 1.95, text: 'leer', words: [] },
        ]);
        await store.saveChunkTranscript('j', { chunkIndex: 1, language: null, segments: [{ startSec: 1.2, endSec: 1.6, text: 'neu' }] });
        assert.deepEqual(await store.loadSegments('j'), [{ startSec: 1.2, endSec: 1.6, text: 'neu' }]);
        // A chunk with no speech is done with no segments.
        await store.saveChunkTranscript('j', { chunkIndex: 0, language: null, segments: [] });
        assert.deepEqual((await store.loadChunks('j')).map((c) => c.done), [true, true]);
        assert.deepEqual((await store.loadSegments('j')).map((s) => s.text), ['neu']);
      }));

    it('segments come back in time order, up to a chunk', () =>
      withStore(async (store) => {
        await store.startJob('j', 's', {});
        await store.startJob('other', 's', {});
        await store.saveChunks('j', plan(12));
        await store.saveChunks('other', plan(1));
        await store.saveChunkTranscript('other', transcript(0, ['not mine']));
        // Committed out of order; chunk 10 sorts after chunk 2 (numbers, not text).
        for (const i of [10, 2, 0, 1]) await store.saveChunkTranscript('j', transcript(i, [`c${i}a`, `c${i}b`]));
        const all = await store.loadSegments('j');
        assert.deepEqual(all.map((s) => s.text), ['c0a', 'c0b', 'c1a', 'c1b', 'c2a', 'c2b', 'c10a', 'c10b']);
        assert.deepEqual(all[1], { startSec: 0.25, endSec: 0.45, text: 'c0b' });
        assert.deepEqual((await store.loadSegments('j', 1)).map((s) => s.text), ['c0a', 'c0b', 'c1a', 'c1b']);
        assert.deepEqual((await store.loadSegments('j', 0)).map((s) => s.text), ['c0a', 'c0b']);
        assert.deepEqual((await store.loadSegments('j', 9)).length, 6);
        assert.deepEqual(await store.loadSegments('j', -1), []);
        assert.deepEqual(await store.loadSegments('nobody'), []);
      }));

    it('speaker turns and word times come back exactly as saved', () =>
      withStore(async (store) => {
        await store.startJob('j', 's', {});
        await store.saveChunks('j', plan(1));
        const segments = [
          { startSec: 0, endSec: 1, text: 'Welcome back.', speaker: 'ANNA' },
          { startSec: 1, endSec: 2, text: 'Thanks.', speakerChange: true },
          { startSec: 2, endSec: 3, text: 'So.', words: [{ text: 'So.', startSec: 2, endSec: 2.5 }] },
        ];
        await store.saveChunkTranscript('j', { chunkIndex: 0, segments, language: 'en' });
        assert.deepEqual(await store.loadSegments('j'), segments);
      }));

    it('chunks committed at the same moment all land, each with its own segments', () =>
      withStore(async (store) => {
        await store.startJob('j', 's', {});
        await store.saveChunks('j', plan(16));
        await Promise.all(
          Array.from({ length: 16 }, (_, i) => store.saveChunkTranscript('j', transcript(i, [`s${i}-0`, `s${i}-1`, `s${i}-2`]))),
        );
        assert.ok((await store.loadChunks('j')).every((c) => c.done));
        const texts = (await store.loadSegments('j')).map((s) => s.text);
        assert.deepEqual(texts, Array.from({ length: 16 }, (_, i) => [0, 1, 2].map((k) => `s${i}-${k}`)).flat());
        // The same chunk re-saved concurrently: one of the two wins whole, never a mix or duplicates.
        await Promise.all([
          store.saveChunkTranscript('j', transcript(3, ['first-a', 'first-b'])),
          store.saveChunkTranscript('j', transcript(3, ['second-a', 'second-b'])),
        ]);
        const three = (await store.loadSegments('j', 3)).slice(9).map((s) => s.text);
        assert.ok(
          JSON.stringify(three) === '["first-a","first-b"]' || JSON.stringify(three) === '["second-a","second-b"]',
          `chunk 3 holds ${JSON.stringify(three)}`,
        );
      }));
  });
}

// --- SQLite: a temp folder per case ----------------------------------------------------------
let sqliteRoot = '';
contractSuite(
  'SQLite',
  async () => {
    sqliteRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-contract-'));
  },
  async () => {
    const dir = fs.mkdtempSync(path.join(sqliteRoot, 'case-'));
    const db: Db = openDatabase(path.join(dir, 'store.sqlite'));
    return { store: new SqliteCheckpointStore(db), close: async () => {
        db.close();
      } };
  },
  async () => {
    if (sqliteRoot) fs.rmSync(sqliteRoot, { recursive: true, force: true });
  },
);

// --- PostgreSQL: one throwaway cluster, a fresh database per case ------------------------------
let cluster: PgCluster | undefined;
let dbCount = 0;
contractSuite(
  'PostgreSQL',
  async () => {
    cluster = await startPgCluster();
  },
  async () => {
    const url = await cluster!.createDatabase(`contract_${++dbCount}`);
    const pool: pg.Pool = await openPgPool(url);
    return { store: new PgCheckpointStore(pool), close: () => pool.end() };
  },
  async () => {
    await cluster?.stop();
  },
);
