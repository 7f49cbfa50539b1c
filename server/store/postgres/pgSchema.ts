// The PostgreSQL schema of team mode: numbered migrations in schema `videoinsight`, the version in
// videoinsight.meta. All of it runs in one transaction under a transaction-level advisory lock, so
// workers and submitters starting at the same moment apply each migration exactly once; a database
// migrated by a newer VideoInsight is refused with one line. Append migrations; never edit a shipped one.
import type pg from 'pg';
import { UserError } from '../../domain/errors';

export const PG_SCHEMA = 'videoinsight';

export interface PgMigration {
  version: number;
  sql: string;
}

export const pgMigrations: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      -- The checkpoint tables of server/store/migrations.ts (version 1), same columns and meaning.
      -- Times are ms since the epoch (bigint); seconds are double precision, as SQLite's REAL.
      CREATE TABLE videoinsight.jobs (
        id text PRIMARY KEY,            -- hash of source + settings: the same submission is the same job
        source text NOT NULL,
        settings text NOT NULL,         -- JSON of the settings that shaped the output
        status text NOT NULL,           -- running | done | failed | cancelled
        title text,
        slug text,
        duration_sec double precision,
        engine text,
        error text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        -- Team mode: the job's progress as the submitter shows it.
        stage text,
        stage_fraction double precision,
        message text,
        eta_sec double precision
      );
      CREATE INDEX jobs_updated ON videoinsight.jobs (updated_at DESC);
      -- Each stage's output (JSON as text: byte for byte what was saved, key order included).
      CREATE TABLE videoinsight.stages (
        job_id text NOT NULL REFERENCES videoinsight.jobs(id) ON DELETE CASCADE,
        stage text NOT NULL,
        output text NOT NULL,
        PRIMARY KEY (job_id, stage)
      );
      CREATE TABLE videoinsight.chunks (
        job_id text NOT NULL REFERENCES videoinsight.jobs(id) ON DELETE CASCADE,
        idx integer NOT NULL,
        start_sample bigint NOT NULL,
        end_sample bigint NOT NULL,
        has_speech boolean NOT NULL,
        done boolean NOT NULL DEFAULT false,
        language text,
        attempts integer NOT NULL DEFAULT 0,  -- team mode: how often a worker took the chunk
        PRIMARY KEY (job_id, idx)
      );
      CREATE TABLE videoinsight.segments (
        job_id text NOT NULL REFERENCES videoinsight.jobs(id) ON DELETE CASCADE,
        chunk_idx integer NOT NULL,
        seq integer NOT NULL,
        start_sec double precision NOT NULL,
        end_sec double precision NOT NULL,
        text text NOT NULL,
        words text,                     -- JSON
        PRIMARY KEY (job_id, chunk_idx, seq)
      );
      -- Team mode: each chunk's audio, compressed, for workers that share no filesystem.
      CREATE TABLE videoinsight.chunk_audio (
        job_id text NOT NULL REFERENCES videoinsight.jobs(id) ON DELETE CASCADE,
        idx integer NOT NULL,
        codec text NOT NULL,
        bytes bytea NOT NULL,
        PRIMARY KEY (job_id, idx)
      );
    `,
  },
  {
    version: 2,
    sql: `
      -- Speaker turns from captions survive the checkpoint (SQLite migration 5).
      ALTER TABLE videoinsight.segments ADD COLUMN speaker text, ADD COLUMN speaker_change boolean;
    `,
  },
  {
    version: 3,
    sql: `
      -- Team mode: keyframes a worker cut from a downloaded video, for submitters without the video.
      CREATE TABLE videoinsight.job_frames (
        job_id text NOT NULL REFERENCES videoinsight.jobs(id) ON DELETE CASCADE,
        name text NOT NULL,             -- f-NNNNNN.jpg: the second it shows
        bytes bytea NOT NULL,
        PRIMARY KEY (job_id, name)
      );
    `,
  },
];

export const PG_LATEST_SCHEMA = Math.max(...pgMigrations.map((m) => m.version));

export function pgNewerSchemaError(where: string, found: number, latest = PG_LATEST_SCHEMA): UserError {
  return new UserError(
    `the PostgreSQL database ${where} has VideoInsight schema version ${found}, newer than this VideoInsight's ${latest}: update VideoInsight on every worker, or use another database`,
    'EPG_NEWER',
  );
}

/** A Pool (or anything that hands out clients like one). */
export type PgQueryable = Pick<pg.Pool, 'connect'>;

/** The schema version in the database; 0 when it has none yet. Reads only. */
export async function pgSchemaVersion(pool: Pick<pg.Pool, 'query'>): Promise<number> {
  const meta = await pool.query<{ t: string | null }>(`SELECT to_regclass('${PG_SCHEMA}.meta')::text AS t`);
  if (meta.rows[0].t === null) return 0;
  const r = await pool.query<{ value: string }>(`SELECT value FROM ${PG_SCHEMA}.meta WHERE key = 'schema_version'`);
  return r.rows.length ? Number(r.rows[0].value) : 0;
}

/**
 * Creates or upgrades the schema; returns the version now in place. `where` names the database in
 * errors (a masked URL). Refuses a newer schema before touching anything.
 */
export async function migratePg(pool: PgQueryable, where: string, list: readonly PgMigration[] = pgMigrations): Promise<number> {
  const latest = Math.max(...list.map((m) => m.version));
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('videoinsight schema migration'))`);
      // Under the lock: nobody else creates the schema or applies a migration at the same time.
      // Up to date needs no DDL, so a worker role without CREATE rights can start.
      const meta = await client.query<{ t: string | null }>(`SELECT to_regclass('${PG_SCHEMA}.meta')::text AS t`);
      if (meta.rows[0].t === null) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${PG_SCHEMA}.meta (key text PRIMARY KEY, value text NOT NULL)`);
      }
      const r = await client.query<{ value: string }>(`SELECT value FROM ${PG_SCHEMA}.meta WHERE key = 'schema_version'`);
      const seen = r.rows.length ? Number(r.rows[0].value) : 0;
      if (!Number.isInteger(seen) || seen < 0) throw new UserError(`the PostgreSQL database ${where} has an unreadable VideoInsight schema version (${r.rows[0].value})`, 'EPG_LAYOUT');
      if (seen > latest) throw pgNewerSchemaError(where, seen, latest);
      for (const m of [...list].sort((a, b) => a.version - b.version)) {
        if (m.version > seen) await client.query(m.sql);
      }
      if (latest > seen) {
        await client.query(
          `INSERT INTO ${PG_SCHEMA}.meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [String(latest)],
        );
      }
      await client.query('COMMIT');
      return Math.max(seen, latest);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw e;
    }
  } finally {
    client.release(broken);
  }
}
