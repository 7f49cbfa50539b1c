// Proves the store guards of issue 10 on real SQLite files:
// - 6 real processes opening one brand-new store at the same moment all succeed (migrations under
//   BEGIN IMMEDIATE, user_version re-read inside, busy timeout set on open) and the schema is applied once;
// - a store whose user_version is above ours is refused with one line naming the path and both versions,
//   and is left unchanged;
// - a foreign layout (another program's tables; our version number but no jobs table) and a damaged file
//   give one line with the path and a way forward;
// - a finished job stays done when recording a failure meets a read error, and the original error survives.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, openDatabase } from '../../server/store/database';
import { LATEST_SCHEMA, describeStoreError } from '../../server/store/storeGuard';
import { SqliteCheckpointStore } from '../../server/store/sqliteCheckpointStore';
import { settleFailedJob } from '../../server/app/jobSafety';
import { UserError } from '../../server/domain/errors';

const REPO = path.resolve(__dirname, '../..');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vi-sec-store-'));
}

function oneLine(e: unknown): string {
  assert.ok(e instanceof UserError, `a UserError, got ${String(e)}`);
  assert.doesNotMatch(e.message, /\n/);
  return e.message;
}

test('several processes opening a new store at once all succeed, migrations applied once', async () => {
  const dir = tmpDir();
  const file = path.join(dir, '.videoinsight', 'store.sqlite');
  const startAt = Date.now() + 2500; // every child waits for this moment, then opens
  const script = `
    const { openDatabase } = require(${JSON.stringify(path.join(REPO, 'server/store/database.ts'))});
    const { SqliteCheckpointStore } = require(${JSON.stringify(path.join(REPO, 'server/store/sqliteCheckpointStore.ts'))});
    while (Date.now() < ${startAt}) {}
    const db = openDatabase(${JSON.stringify(file)});
    const store = new SqliteCheckpointStore(db);
    (async () => {
      await store.startJob('job-' + process.pid, 'src', {});
      console.log(JSON.stringify({ version: db.pragma('user_version', { simple: true }), jobs: (await store.listJobs()).length }));
      db.close();
    })();`;
  const runs = await Promise.all(Array.from({ length: 6 }, () => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  })));
  try {
    for (const r of runs) {
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out.trim()).version, LATEST_SCHEMA);
    }
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), LATEST_SCHEMA);
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n, 6);
    assert.equal((db.prepare(`SELECT COUNT(*) AS n FROM search_meta`).get() as { n: number }).n, 1, 'migration 2 ran once');
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('busy timeout is set on open', () => {
  const dir = tmpDir();
  try {
    const db = openDatabase(path.join(dir, 's.sqlite'));
    assert.equal(db.pragma('busy_timeout', { simple: true }), BUSY_TIMEOUT_MS);
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a store from a newer schema is refused in one line naming the path and both versions, and left unchanged', () => {
  const dir = tmpDir();
  const file = path.join(dir, 's.sqlite');
  try {
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA + 5}`);
    raw.close();
    const before = fs.readFileSync(file);
    let err: unknown;
    try { openDatabase(file).close(); } catch (e) { err = e; }
    const msg = oneLine(err);
    assert.ok(msg.includes(file), msg);
    assert.match(msg, new RegExp(`schema version ${LATEST_SCHEMA + 5}\\b.*${LATEST_SCHEMA}\\b`));
    assert.match(msg, /update VideoInsight/);
    assert.deepEqual(fs.readFileSync(file), before, 'not written');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a foreign layout gives one line with the path and a way forward', () => {
  const dir = tmpDir();
  try {
    // Another program's database.
    const foreign = path.join(dir, 'foreign.sqlite');
    const a = new Database(foreign);
    a.exec('CREATE TABLE jobs (name TEXT); CREATE TABLE recipes (id INTEGER)');
    a.close();
    let err: unknown;
    try { openDatabase(foreign); } catch (e) { err = e; }
    let msg = oneLine(err);
    assert.ok(msg.includes(foreign) && /move it aside|another --out/.test(msg), msg);
    // Our version number, but a table missing.
    const gutted = path.join(dir, 'gutted.sqlite');
    openDatabase(gutted).close();
    const b = new Database(gutted);
    b.pragma('foreign_keys = OFF');
    b.exec('DROP TABLE segments; DROP TABLE chunks; DROP TABLE stages; DROP TABLE IF EXISTS concepts; DROP TABLE IF EXISTS concept_edges; DROP TABLE jobs');
    b.close();
    err = undefined;
    try { openDatabase(gutted); } catch (e) { err = e; }
    msg = oneLine(err);
    assert.ok(msg.includes(gutted) && /no table jobs/.test(msg) && /move it aside/.test(msg), msg);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged store gives one line with the path and a way forward', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 's.sqlite');
  try {
    const db = openDatabase(file);
    await new SqliteCheckpointStore(db).startJob('j', 's', {});
    db.close();
    // Garbage over every page after the first: the header still reads, the tables do not.
    const buf = fs.readFileSync(file);
    const pageSize = buf.readUInt16BE(16) === 1 ? 65536 : buf.readUInt16BE(16);
    for (let i = pageSize; i < buf.length; i++) buf[i] = (i * 7919) & 0xff;
    fs.writeFileSync(file, buf);
    let err: unknown;
    try {
      const d = openDatabase(file);
      try { await new SqliteCheckpointStore(d).listJobs(); } finally { d.close(); }
    } catch (e) {
      err = describeStoreError(e, file);
    }
    const msg = oneLine(err);
    assert.ok(msg.includes(file), msg);
    assert.match(msg, /damaged|not a VideoInsight store/);
    assert.match(msg, /move it aside/);
    // Not a database at all.
    fs.writeFileSync(file, Buffer.alloc(8192, 0x41));
    err = undefined;
    try { openDatabase(file); } catch (e) { err = e; }
    assert.ok(oneLine(err).includes(file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a finished job never flips to failed on a read error; the failure itself is recorded for others', async () => {
  const dir = tmpDir();
  try {
    const db = openDatabase(path.join(dir, 's.sqlite'));
    const store = new SqliteCheckpointStore(db);
    await store.startJob('done-job', 's', {});
    await store.saveStage('done-job', 'analyze', { sections: [] });
    await store.setStatus('done-job', 'running');
    // Reading the analysis fails (a damaged page): the job stays done.
    const reading = Object.create(store) as SqliteCheckpointStore;
    reading.loadStage = async () => { throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }); };
    await settleFailedJob(reading, 'done-job', 'done', false, new Error('database disk image is malformed'));
    assert.equal((await store.getJob('done-job'))!.status, 'done');
    // Recording the status itself fails: no throw, the caller rethrows its own error.
    const broken = Object.create(store) as SqliteCheckpointStore;
    broken.setStatus = async () => { throw new Error('attempt to write a readonly database'); };
    await assert.doesNotReject(() => settleFailedJob(broken, 'done-job', 'done', false, new Error('x')));
    // A job that was not done before is failed, with a one-line message.
    await store.startJob('new-job', 's2', {});
    await settleFailedJob(store, 'new-job', undefined, false, new Error('bad\x1b[31m input\nmore'));
    const settled = (await store.getJob('new-job'))!;
    assert.deepEqual([settled.status, settled.error], ['failed', 'bad input more']);
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
