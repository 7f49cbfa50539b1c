// What team mode keeps beside the checkpoint contract: who submitted what (one job per source and
// settings), each chunk's compressed audio, how often a chunk was taken, the progress the submitter
// shows, and the one transaction that commits a chunk's transcript with its task.
import type { Pool } from 'pg';
import type { ChunkTranscript, EngineName } from '../../domain/types';
import type { JobStatus } from '../checkpointStore';
import { clientExecutor, type SqlExecutor } from './pgExecutor';
import type { PgCheckpointStore } from './pgCheckpointStore';
import { PG_SCHEMA } from './pgSchema';

const S = PG_SCHEMA;
export const PROGRESS_CHANNEL = 'videoinsight_progress';
export const CANCEL_CHANNEL = 'videoinsight_cancel';

/** What a submission found: a new job, a stopped one started again, one already running or done. */
export type Claim = 'created' | 'restarted' | 'running' | 'done';

export interface TeamProgress {
  status: JobStatus;
  engine: EngineName | null;
  error: string | null;
  stage: string | null;
  fraction: number | null;
  message: string | null;
  etaSec: number | null;
  chunksTotal: number;
  chunksDone: number;
  speechSecTotal: number;
  speechSecDone: number;
}

export class PgTeamStore {
  private readonly pool: Pool;

  constructor(private readonly checkpoints: PgCheckpointStore) {
    this.pool = checkpoints.pool;
  }

  /**
   * One job per id however many submit it at once: the first inserts it, a failed or cancelled one
   * runs again, a running or finished one is joined. `onStart` runs in the same transaction when
   * this call starts (or restarts) the job, e.g. to queue its plan task.
   */
  async claimJob(id: string, source: string, settings: string, onStart: (exec: SqlExecutor) => Promise<void>): Promise<Claim> {
    return this.checkpoints.transaction(async (_tx, client) => {
      const exec = clientExecutor(client);
      const now = Date.now();
      const inserted = await client.query(
        `INSERT INTO ${S}.jobs (id, source, settings, status, created_at, updated_at) VALUES ($1, $2, $3, 'running', $4, $4)
         ON CONFLICT (id) DO NOTHING`,
        [id, source, settings, now],
      );
      let claim: Claim = 'created';
      if (inserted.rowCount === 0) {
        const r = await client.query<{ status: JobStatus }>(`SELECT status FROM ${S}.jobs WHERE id = $1 FOR UPDATE`, [id]);
        const status = r.rows[0]!.status;
        if (status === 'running' || status === 'done') return status;
        await client.query(`UPDATE ${S}.jobs SET status = 'running', error = NULL, settings = $2, updated_at = $3 WHERE id = $1`, [id, settings, now]);
        claim = 'restarted';
      }
      await onStart(exec);
      return claim;
    });
  }

  /** Stage progress for the submitter, and a wake-up for it. */
  async setProgress(jobId: string, stage: string, fraction: number, message: string, etaSec: number | null = null): Promise<void> {
    await this.pool.query(
      `UPDATE ${S}.jobs SET stage = $2, stage_fraction = $3, message = $4, eta_sec = $5, updated_at = $6 WHERE id = $1`,
      [jobId, stage, fraction, message, etaSec, Date.now()],
    );
    await this.notify(PROGRESS_CHANNEL, jobId);
  }

  async progress(jobId: string): Promise<TeamProgress | undefined> {
    const r = await this.pool.query<{
      status: JobStatus; engine: EngineName | null; error: string | null; stage: string | null; stage_fraction: number | null; message: string | null; eta_sec: number | null;
      total: string; done: string; speech_total: string | null; speech_done: string | null;
    }>(
      `SELECT j.status, j.engine, j.error, j.stage, j.stage_fraction, j.message, j.eta_sec,
              count(c.idx) AS total, count(c.idx) FILTER (WHERE c.done) AS done,
              sum(c.end_sample - c.start_sample) FILTER (WHERE c.has_speech) AS speech_total,
              sum(c.end_sample - c.start_sample) FILTER (WHERE c.has_speech AND c.done) AS speech_done
         FROM ${S}.jobs j LEFT JOIN ${S}.chunks c ON c.job_id = j.id
        WHERE j.id = $1 GROUP BY j.id`,
      [jobId],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    return {
      status: row.status, engine: row.engine, error: row.error, stage: row.stage, fraction: row.stage_fraction, message: row.message, etaSec: row.eta_sec,
      chunksTotal: Number(row.total), chunksDone: Number(row.done),
      speechSecTotal: Number(row.speech_total ?? 0) / 16000, speechSecDone: Number(row.speech_done ?? 0) / 16000,
    };
  }

  async saveChunkAudio(jobId: string, idx: number, codec: string, bytes: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${S}.chunk_audio (job_id, idx, codec, bytes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (job_id, idx) DO UPDATE SET codec = excluded.codec, bytes = excluded.bytes`,
      [jobId, idx, codec, bytes],
    );
  }

  async loadChunkAudio(jobId: string, idx: number): Promise<{ codec: string; bytes: Buffer } | undefined> {
    const r = await this.pool.query<{ codec: string; bytes: Buffer }>(`SELECT codec, bytes FROM ${S}.chunk_audio WHERE job_id = $1 AND idx = $2`, [jobId, idx]);
    return r.rows[0];
  }

  /** Chunks whose audio is in the database (a planner that died mid-upload left some without). */
  async chunksWithAudio(jobId: string): Promise<Set<number>> {
    const r = await this.pool.query<{ idx: number }>(`SELECT idx FROM ${S}.chunk_audio WHERE job_id = $1`, [jobId]);
    return new Set(r.rows.map((x) => x.idx));
  }

  /**
   * A worker takes a chunk: counts the attempt unless the chunk is done already. Returns the job's
   * status and whether there is work, so a cancelled job's or a finished chunk's task is dropped.
   */
  async takeChunk(jobId: string, idx: number): Promise<{ status: JobStatus | null; todo: boolean }> {
    const r = await this.pool.query<{ status: JobStatus; done: boolean }>(
      `WITH taken AS (
         UPDATE ${S}.chunks c SET attempts = c.attempts + 1
           FROM ${S}.jobs j WHERE c.job_id = $1 AND c.idx = $2 AND NOT c.done AND j.id = c.job_id AND j.status = 'running'
         RETURNING c.done)
       SELECT j.status, (SELECT count(*) FROM taken) = 0 AS done FROM ${S}.jobs j WHERE j.id = $1`,
      [jobId, idx],
    );
    const row = r.rows[0];
    return { status: row?.status ?? null, todo: row ? !row.done : false };
  }

  /** How often each chunk was taken by a worker (what "no chunk transcribed twice" is checked on). */
  async chunkAttempts(jobId: string): Promise<Map<number, number>> {
    const r = await this.pool.query<{ idx: number; attempts: number }>(`SELECT idx, attempts FROM ${S}.chunks WHERE job_id = $1 ORDER BY idx`, [jobId]);
    return new Map(r.rows.map((x) => [x.idx, x.attempts]));
  }

  /**
   * Commits a chunk's transcript, then `inTx(exec, remaining)` in the same transaction (complete
   * the task; queue the finish when `remaining` is 0). Chunk commits of one job are serialised on
   * the job's row, so exactly one of them sees 0 remaining.
   */
  async commitChunk(jobId: string, t: ChunkTranscript, inTx: (exec: SqlExecutor, remaining: number) => Promise<void>): Promise<number> {
    return this.checkpoints.transaction(async (tx, client) => {
      await client.query(`SELECT 1 FROM ${S}.jobs WHERE id = $1 FOR UPDATE`, [jobId]);
      await tx.saveChunkTranscript(jobId, t);
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${S}.chunks WHERE job_id = $1 AND NOT done`, [jobId]);
      const remaining = Number(r.rows[0]!.n);
      await inTx(clientExecutor(client), remaining);
      return remaining;
    });
  }

  async saveFrame(jobId: string, name: string, bytes: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${S}.job_frames (job_id, name, bytes) VALUES ($1, $2, $3) ON CONFLICT (job_id, name) DO UPDATE SET bytes = excluded.bytes`,
      [jobId, name, bytes],
    );
  }

  async loadFrames(jobId: string): Promise<{ name: string; bytes: Buffer }[]> {
    return (await this.pool.query<{ name: string; bytes: Buffer }>(`SELECT name, bytes FROM ${S}.job_frames WHERE job_id = $1 ORDER BY name`, [jobId])).rows;
  }

  /** Drops a job's chunk audio once its transcript is complete: it is the bulk of the job's bytes. */
  async dropChunkAudio(jobId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${S}.chunk_audio WHERE job_id = $1`, [jobId]);
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }
}
