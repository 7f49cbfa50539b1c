// The PostgreSQL store beyond the shared contract, on a throwaway cluster: migrations applied by
// many starters at once land exactly once; a database of a newer schema is refused with one line;
// a bad URL, an unreachable or silent server, a wrong or missing password and a missing database
// each fail as one line that names the URL with the password masked; an idle pool survives a
// server restart; the team-mode tables (chunk audio, progress columns) exist and cascade.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { UserError } from '../../server/domain/errors';
import { openPgPool } from '../../server/store/postgres/pgConnection';
import { PgCheckpointStore } from '../../server/store/postgres/pgCheckpointStore';
import { migratePg, pgMigrations, pgSchemaVersion, PG_LATEST_SCHEMA } from '../../server/store/postgres/pgSchema';
import { freePort, startPgCluster, type PgCluster } from '../helpers/pgCluster';

const SECRET = 'Sup3r-s3cret!pw';

/** Awaits a rejection and checks it is a one-line UserError with `code` that never shows the secret. */
async function oneLineError(p: Promise<unknown>, code: string, ...mustMatch: RegExp[]): Promise<UserError> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.doesNotMatch(error.message, /\n/);
  assert.ok(!error.message.includes(SECRET) && !error.message.includes(encodeURIComponent(SECRET)), error.message);
  for (const re of mustMatch) assert.match(error.message, re);
  return error;
}

describe('PostgreSQL store', () => {
  let cluster: PgCluster;
  let n = 0;
  const freshDb = () => cluster.createDatabase(`pgstore_${++n}`);

  before(async () => {
    cluster = await startPgCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  it('migrations: many starters at once apply them exactly once; again is a no-op', async () => {
    const url = await freshDb();
    const pools = await Promise.all(Array.from({ length: 6 }, () => openPgPool(url, { max: 2 })));
    try {
      assert.equal(await pgSchemaVersion(pools[0]), PG_LATEST_SCHEMA);
      const meta = await pools[0].query(`SELECT key, value FROM videoinsight.meta`);
      assert.deepEqual(meta.rows, [{ key: 'schema_version', value: String(PG_LATEST_SCHEMA) }]);
      const tables = await pools[0].query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'videoinsight' ORDER BY table_name`,
      );
      assert.deepEqual(tables.rows.map((r) => r.table_name), ['chunk_audio', 'chunks', 'job_frames', 'jobs', 'meta', 'segments', 'stages']);
      // Running them again (and concurrently again) changes nothing.
      const versions = await Promise.all(pools.map((p) => migratePg(p, 'test')));
      assert.deepEqual(versions, pools.map(() => PG_LATEST_SCHEMA));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('a later migration is applied to an older database, in one transaction with the version', async () => {
    const url = await freshDb();
    const pool = await openPgPool(url, { migrate: false });
    try {
      assert.equal(await pgSchemaVersion(pool), 0);
      assert.equal(await migratePg(pool, 'test'), PG_LATEST_SCHEMA);
      const next = [...pgMigrations, { version: PG_LATEST_SCHEMA + 1, sql: 'ALTER TABLE videoinsight.jobs ADD COLUMN extra text' }];
      // A failing migration leaves neither its changes nor a new version behind.
      const broken = [...next, { version: PG_LATEST_SCHEMA + 2, sql: 'SELECT no_such_function()' }];
      await assert.rejects(migratePg(pool, 'test', broken));
      assert.equal(await pgSchemaVersion(pool), PG_LATEST_SCHEMA);
      const cols = () => pool.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = 'videoinsight' AND column_name = 'extra'`);
      assert.equal((await cols()).rowCount, 0);
      assert.equal(await migratePg(pool, 'test', next), PG_LATEST_SCHEMA + 1);
      assert.equal((await cols()).rowCount, 1);
    } finally {
      await pool.end();
    }
  });

  it('a database of a newer schema is refused with one line naming both versions', async () => {
    const url = await freshDb();
    const pool = await openPgPool(url);
    await pool.query(`UPDATE videoinsight.meta SET value = $1 WHERE key = 'schema_version'`, [String(PG_LATEST_SCHEMA + 7)]);
    await pool.end();
    const pwUrl = await cluster.setPassword('newer_user', SECRET, url.slice(url.lastIndexOf('/') + 1));
    const e = await oneLineError(openPgPool(pwUrl), 'EPG_NEWER', new RegExp(`version ${PG_LATEST_SCHEMA + 7}\\b`), new RegExp(`\\b${PG_LATEST_SCHEMA}\\b`), /\*\*\*@127\.0\.0\.1/);
    assert.doesNotMatch(e.message, /newer_user/);
    await oneLineError(openPgPool(pwUrl, { migrate: false }), 'EPG_NEWER');
    // Refused before anything was written.
    assert.equal((await cluster.sql(`SELECT value FROM videoinsight.meta`, url.slice(url.lastIndexOf('/') + 1))).rows[0].value, String(PG_LATEST_SCHEMA + 7));
  });

  it('not a PostgreSQL URL: one line, credentials masked', async () => {
    await oneLineError(openPgPool(`mysql://me:${SECRET}@127.0.0.1/db`), 'EPG_URL', /not a PostgreSQL URL: mysql:\/\/\*\*\*@127\.0\.0\.1\/db/);
    await oneLineError(openPgPool(`postgres://me:${SECRET}@[::1/db`), 'EPG_URL', /not a PostgreSQL URL/);
    await oneLineError(openPgPool(`me:${SECRET}@127.0.0.1/db`), 'EPG_URL', /not a PostgreSQL URL/);
    await oneLineError(openPgPool(`postgres://me:${SECRET}@127.0.0.1/db\nsecond line`), 'EPG_URL');
    await oneLineError(openPgPool(''), 'EPG_URL');
  });

  it('nothing listening on the port: one line, password masked', async () => {
    const port = await freePort();
    const e = await oneLineError(openPgPool(`postgres://me:${SECRET}@127.0.0.1:${port}/db`), 'EPG_UNREACHABLE', /cannot reach PostgreSQL at postgres:\/\/\*\*\*@127\.0\.0\.1:\d+\/db/);
    assert.match(e.message, /ECONNREFUSED|refused/i);
  });

  it('a server that never answers: unreachable after the connect timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const t0 = Date.now();
      await oneLineError(openPgPool(`postgres://me:${SECRET}@127.0.0.1:${port}/db`, { connectTimeoutMs: 400 }), 'EPG_UNREACHABLE', /timeout/i);
      assert.ok(Date.now() - t0 < 4000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('wrong or missing password: one line, the password never printed; the right one works', async () => {
    const good = await cluster.setPassword('pwuser', SECRET);
    const pool = await openPgPool(good);
    assert.equal((await pool.query('SELECT current_user AS u')).rows[0].u, 'pwuser');
    await pool.end();
    const wrong = good.replace(encodeURIComponent(SECRET), encodeURIComponent(`${SECRET}x`));
    const e = await oneLineError(openPgPool(wrong), 'EPG_AUTH', /refused the login/, /password authentication failed for user "pwuser"/, /postgres:\/\/\*\*\*@127\.0\.0\.1/);
    assert.ok(!e.message.includes(`${SECRET}x`));
    await oneLineError(openPgPool(good.replace(`:${encodeURIComponent(SECRET)}@`, '@')), 'EPG_AUTH', /password/);
  });

  it('a missing database: one line naming it', async () => {
    const url = await cluster.setPassword('pwuser2', SECRET, 'no_such_db');
    await oneLineError(openPgPool(url), 'EPG_NODB', /database "no_such_db" does not exist/, /\*\*\*@127\.0\.0\.1:\d+\/no_such_db/);
  });

  it('the pool survives a server restart: idle clients dropped, the next query reconnects', async () => {
    const url = await freshDb();
    const idleErrors: UserError[] = [];
    const pool = await openPgPool(url, { onIdleError: (e) => idleErrors.push(e) });
    try {
      const store = new PgCheckpointStore(pool);
      // Several idle clients in the pool when the server goes away.
      await Promise.all(Array.from({ length: 4 }, (_, i) => store.startJob(`j${i}`, 's', {})));
      assert.ok(pool.idleCount >= 2, `idle ${pool.idleCount}`);
      await cluster.restart();
      assert.equal((await pool.query('SELECT 1 AS one')).rows[0].one, 1);
      assert.equal((await store.listJobs()).length, 4);
      assert.ok(idleErrors.length >= 1, 'the idle clients reported their lost connections');
      for (const e of idleErrors) assert.doesNotMatch(e.message, /\n/);
    } finally {
      await pool.end();
    }
  });

  it('team-mode tables: chunk audio and progress columns, deleted with the job; transaction() commits or rolls back', async () => {
    const url = await freshDb();
    const pool = await openPgPool(url);
    try {
      const store = new PgCheckpointStore(pool);
      await store.startJob('j', 's', {});
      await store.saveChunks('j', [{ index: 0, startSample: 0, endSample: 16000, hasSpeech: true }]);
      const audio = Buffer.from([0x66, 0x4c, 0x61, 0x43, 0, 255, 1]);
      await pool.query(`INSERT INTO videoinsight.chunk_audio (job_id, idx, codec, bytes) VALUES ('j', 0, 'flac', $1)`, [audio]);
      await pool.query(`UPDATE videoinsight.jobs SET stage = 'transcribe', stage_fraction = 0.25, message = 'chunk 1/4', eta_sec = 12.5 WHERE id = 'j'`);
      await pool.query(`UPDATE videoinsight.chunks SET attempts = attempts + 1 WHERE job_id = 'j'`);
      const row = (await pool.query(`SELECT stage, stage_fraction, message, eta_sec FROM videoinsight.jobs`)).rows[0];
      assert.deepEqual(row, { stage: 'transcribe', stage_fraction: 0.25, message: 'chunk 1/4', eta_sec: 12.5 });
      assert.deepEqual((await pool.query(`SELECT bytes FROM videoinsight.chunk_audio`)).rows[0].bytes, audio);
      assert.equal((await pool.query(`SELECT attempts FROM videoinsight.chunks`)).rows[0].attempts, 1);

      // A transcript and the caller's own statement commit together…
      await store.transaction(async (tx, client) => {
        await tx.saveChunkTranscript('j', { chunkIndex: 0, language: 'en', segments: [{ startSec: 0, endSec: 1, text: 'hi' }] });
        await client.query(`UPDATE videoinsight.chunks SET attempts = 9 WHERE job_id = 'j'`);
      });
      assert.deepEqual((await store.loadChunks('j'))[0].done, true);
      assert.equal((await pool.query(`SELECT attempts FROM videoinsight.chunks`)).rows[0].attempts, 9);
      // …or not at all.
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.saveChunkTranscript('j', { chunkIndex: 0, language: 'en', segments: [{ startSec: 0, endSec: 1, text: 'lost' }] });
          throw new Error('task completion failed');
        }),
        /task completion failed/,
      );
      assert.deepEqual((await store.loadSegments('j')).map((s) => s.text), ['hi']);

      await pool.query(`INSERT INTO videoinsight.job_frames (job_id, name, bytes) VALUES ('j', 'f-000001.jpg', '\\x00'::bytea)`);
      await store.deleteJob('j');
      for (const t of ['chunk_audio', 'chunks', 'job_frames', 'segments', 'stages', 'jobs']) {
        assert.equal((await pool.query(`SELECT count(*)::int AS n FROM videoinsight.${t}`)).rows[0].n, 0, t);
      }
    } finally {
      await pool.end();
    }
  });
});
