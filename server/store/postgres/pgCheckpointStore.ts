// The checkpoint store on PostgreSQL (team mode): the same contract and the same meaning as the
// SQLite store (test/integration/checkpointStore.contract.test.ts runs one suite against both),
// over a pg.Pool from openPgPool. Tables are in schema `videoinsight` (pgSchema.ts). A chunk's
// transcript lands with its done flag in one transaction; transaction() lets a caller put more
// in that transaction (e.g. completing the chunk's queue task).
import type pg from 'pg';
import type { Chunk, ChunkTranscript, TranscriptSegment } from '../../domain/types';
import type { CheckpointStore, JobDescription, JobRow, JobStatus, PlannedChunk } from '../checkpointStore';
import { PG_SCHEMA } from './pgSchema';
import { segmentExtras, segmentFromRow, type SegmentRow } from '../segmentRow';
import { maskCredentials } from '../../domain/safeUrl';

const S = PG_SCHEMA;

/** Columns under the names JobRow uses; bigint times as float8 so they arrive as numbers. */
const JOB_COLUMNS = `id, source, settings, status, title, slug, duration_sec AS "durationSec", engine, error,
  created_at::float8 AS "createdAt", updated_at::float8 AS "updatedAt"`;

export class PgCheckpointStore implements CheckpointStore {
  /** Set on the store handed to a transaction() callback: every query runs on this client. */
  private client: pg.PoolClient | null = null;

  constructor(readonly pool: pg.Pool) {}

  private query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return (this.client ?? this.pool).query<R>(text, values);
  }

  /**
   * Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). The
   * store given to `fn` writes inside the transaction; `client` is for the caller's own statements.
   * Inside a transaction, nested calls join it.
   */
  async transaction<T>(fn: (tx: PgCheckpointStore, client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.client) return fn(this, this.client);
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const tx = new PgCheckpointStore(this.pool);
      tx.client = client;
      try {
        const out = await fn(tx, client);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw e;
      } finally {
        tx.client = null;
      }
    } finally {
      client.release(broken);
    }
  }

  async startJob(id: string, source: string, settings: object): Promise<JobRow> {
    const now = Date.now();
    const r = await this.query<JobRow>(
      `INSERT INTO ${S}.jobs (id, source, settings, status, created_at, updated_at) VALUES ($1, $2, $3, 'running', $4, $4)
       ON CONFLICT (id) DO UPDATE SET status = 'running', error = NULL, updated_at = excluded.updated_at
       RETURNING ${JOB_COLUMNS}`,
      // A store never holds credentials: the job id already tells runs apart (it hashes the full source).
      [id, maskCredentials(source), JSON.stringify(settings), now],
    );
    return r.rows[0];
  }

  async getJob(id: string): Promise<JobRow | undefined> {
    const r = await this.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM ${S}.jobs WHERE id = $1`, [id]);
    return r.rows[0];
  }

  async listJobs(): Promise<JobRow[]> {
    return (await this.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM ${S}.jobs ORDER BY updated_at DESC`)).rows;
  }

  async describeJob(id: string, fields: JobDescription): Promise<void> {
    await this.query(
      `UPDATE ${S}.jobs SET title = COALESCE($1, title), slug = COALESCE($2, slug), duration_sec = COALESCE($3, duration_sec),
       engine = COALESCE($4, engine), updated_at = $5 WHERE id = $6`,
      [fields.title ?? null, fields.slug ?? null, fields.durationSec ?? null, fields.engine ?? null, Date.now(), id],
    );
  }

  async setStatus(id: string, status: JobStatus, error: string | null = null): Promise<void> {
    await this.query(`UPDATE ${S}.jobs SET status = $1, error = $2, updated_at = $3 WHERE id = $4`, [status, error, Date.now(), id]);
  }

  async deleteJob(id: string): Promise<void> {
    await this.query(`DELETE FROM ${S}.jobs WHERE id = $1`, [id]);
  }

  async saveStage<T>(jobId: string, stage: string, output: T): Promise<void> {
    await this.query(
      `INSERT INTO ${S}.stages (job_id, stage, output) VALUES ($1, $2, $3)
       ON CONFLICT (job_id, stage) DO UPDATE SET output = excluded.output`,
      [jobId, stage, JSON.stringify(output)],
    );
  }

  async loadStage<T>(jobId: string, stage: string): Promise<T | undefined> {
    const r = await this.query<{ output: string }>(`SELECT output FROM ${S}.stages WHERE job_id = $1 AND stage = $2`, [jobId, stage]);
    return r.rows.length ? (JSON.parse(r.rows[0].output) as T) : undefined;
  }

  async clearStage(jobId: string, stage: string): Promise<void> {
    await this.query(`DELETE FROM ${S}.stages WHERE job_id = $1 AND stage = $2`, [jobId, stage]);
  }

  async saveChunks(jobId: string, chunks: Chunk[]): Promise<void> {
    // One statement: the plan lands whole or not at all; chunks already planned stay as they are.
    await this.query(
      `INSERT INTO ${S}.chunks (job_id, idx, start_sample, end_sample, has_speech)
       SELECT $1, * FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::boolean[])
       ON CONFLICT (job_id, idx) DO NOTHING`,
      [jobId, chunks.map((c) => c.index), chunks.map((c) => c.startSample), chunks.map((c) => c.endSample), chunks.map((c) => c.hasSpeech)],
    );
  }

  async loadChunks(jobId: string): Promise<PlannedChunk[]> {
    const r = await this.query<{ idx: number; start_sample: string; end_sample: string; has_speech: boolean; done: boolean }>(
      `SELECT idx, start_sample, end_sample, has_speech, done FROM ${S}.chunks WHERE job_id = $1 ORDER BY idx`,
      [jobId],
    );
    return r.rows.map((c) => ({
      index: c.idx, startSample: Number(c.start_sample), endSample: Number(c.end_sample), hasSpeech: c.has_speech, done: c.done,
    }));
  }

  async saveChunkTranscript(jobId: string, t: ChunkTranscript): Promise<void> {
    await this.transaction(async (tx) => {
      // Two workers finishing the same chunk (a lease ran out under a slow one) take turns: the
      // second replaces the first whole, instead of failing on the first's fresh rows.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), $2)', [jobId, t.chunkIndex]);
      await tx.query(`DELETE FROM ${S}.segments WHERE job_id = $1 AND chunk_idx = $2`, [jobId, t.chunkIndex]);
      if (t.segments.length) {
        await tx.query(
          `INSERT INTO ${S}.segments (job_id, chunk_idx, seq, start_sec, end_sec, text, words, speaker, speaker_change)
           SELECT $1, $2, * FROM unnest($3::int[], $4::float8[], $5::float8[], $6::text[], $7::text[], $8::text[], $9::boolean[])`,
          [
            jobId,
            t.chunkIndex,
            t.segments.map((_s, i) => i),
            t.segments.map((s) => s.startSec),
            t.segments.map((s) => s.endSec),
            t.segments.map((s) => s.text),
            t.segments.map((s) => segmentExtras(s).words),
            t.segments.map((s) => segmentExtras(s).speaker),
            t.segments.map((s) => segmentExtras(s).speakerChange),
          ],
        );
      }
      await tx.query(`UPDATE ${S}.chunks SET done = true, language = $1 WHERE job_id = $2 AND idx = $3`, [t.language, jobId, t.chunkIndex]);
    });
  }

  async loadSegments(jobId: string, uptoChunk = Number.MAX_SAFE_INTEGER): Promise<TranscriptSegment[]> {
    const r = await this.query<SegmentRow>(
      `SELECT start_sec, end_sec, text, words, speaker, speaker_change FROM ${S}.segments WHERE job_id = $1 AND chunk_idx <= $2::float8 ORDER BY chunk_idx, seq`,
      [jobId, uptoChunk],
    );
    return r.rows.map(segmentFromRow);
  }
}
