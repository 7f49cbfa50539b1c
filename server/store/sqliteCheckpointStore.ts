// The checkpoint store on the SQLite file under --out (one machine). Statements are synchronous
// (better-sqlite3); the methods are async only to honour the contract PostgreSQL shares.
import type { Db } from './database';
import type { Chunk, ChunkTranscript, TranscriptSegment } from '../domain/types';
import { segmentExtras, segmentFromRow, type SegmentRow } from './segmentRow';
import { maskCredentials } from '../domain/safeUrl';
import type { CheckpointStore, JobDescription, JobRow, JobStatus, PlannedChunk } from './checkpointStore';

export type { JobRow, JobStatus } from './checkpointStore';

/** Columns under the names JobRow uses, so rows need no mapping. */
const JOB_COLUMNS = `id, source, settings, status, title, slug, duration_sec AS durationSec, engine, error,
  created_at AS createdAt, updated_at AS updatedAt`;

export class SqliteCheckpointStore implements CheckpointStore {
  constructor(readonly db: Db) {}

  async startJob(id: string, source: string, settings: object): Promise<JobRow> {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO jobs (id, source, settings, status, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?)
         ON CONFLICT(id) DO UPDATE SET status = 'running', error = NULL, updated_at = excluded.updated_at`,
      )
      // A store never holds credentials: the job id already tells runs apart (it hashes the full source).
      .run(id, maskCredentials(source), JSON.stringify(settings), now, now);
    return this.getJobNow(id)!;
  }

  async getJob(id: string): Promise<JobRow | undefined> {
    return this.getJobNow(id);
  }

  private getJobNow(id: string): JobRow | undefined {
    return this.db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined;
  }

  async listJobs(): Promise<JobRow[]> {
    return this.db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY updated_at DESC`).all() as JobRow[];
  }

  async describeJob(id: string, fields: JobDescription): Promise<void> {
    this.db
      .prepare(
        `UPDATE jobs SET title = COALESCE(?, title), slug = COALESCE(?, slug), duration_sec = COALESCE(?, duration_sec),
         engine = COALESCE(?, engine), updated_at = ? WHERE id = ?`,
      )
      .run(fields.title ?? null, fields.slug ?? null, fields.durationSec ?? null, fields.engine ?? null, Date.now(), id);
  }

  async setStatus(id: string, status: JobStatus, error: string | null = null): Promise<void> {
    this.db.prepare('UPDATE jobs SET status = ?, error = ?, updated_at = ? WHERE id = ?').run(status, error, Date.now(), id);
  }

  async deleteJob(id: string): Promise<void> {
    this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
  }

  async saveStage<T>(jobId: string, stage: string, output: T): Promise<void> {
    this.db
      .prepare('INSERT INTO stages (job_id, stage, output) VALUES (?, ?, ?) ON CONFLICT(job_id, stage) DO UPDATE SET output = excluded.output')
      .run(jobId, stage, JSON.stringify(output));
  }

  async loadStage<T>(jobId: string, stage: string): Promise<T | undefined> {
    const r = this.db.prepare('SELECT output FROM stages WHERE job_id = ? AND stage = ?').get(jobId, stage) as { output: string } | undefined;
    return r ? (JSON.parse(r.output) as T) : undefined;
  }

  async clearStage(jobId: string, stage: string): Promise<void> {
    this.db.prepare('DELETE FROM stages WHERE job_id = ? AND stage = ?').run(jobId, stage);
  }

  async saveChunks(jobId: string, chunks: Chunk[]): Promise<void> {
    const ins = this.db.prepare(
      'INSERT OR IGNORE INTO chunks (job_id, idx, start_sample, end_sample, has_speech) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const c of chunks) ins.run(jobId, c.index, c.startSample, c.endSample, c.hasSpeech ? 1 : 0);
    })();
  }

  async loadChunks(jobId: string): Promise<PlannedChunk[]> {
    const rows = this.db
      .prepare('SELECT idx, start_sample, end_sample, has_speech, done FROM chunks WHERE job_id = ? ORDER BY idx')
      .all(jobId) as { idx: number; start_sample: number; end_sample: number; has_speech: number; done: number }[];
    return rows.map((r) => ({
      index: r.idx, startSample: r.start_sample, endSample: r.end_sample, hasSpeech: r.has_speech === 1, done: r.done === 1,
    }));
  }

  async saveChunkTranscript(jobId: string, t: ChunkTranscript): Promise<void> {
    const del = this.db.prepare('DELETE FROM segments WHERE job_id = ? AND chunk_idx = ?');
    const ins = this.db.prepare(
      'INSERT INTO segments (job_id, chunk_idx, seq, start_sec, end_sec, text, words, speaker, speaker_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const mark = this.db.prepare('UPDATE chunks SET done = 1, language = ? WHERE job_id = ? AND idx = ?');
    this.db.transaction(() => {
      del.run(jobId, t.chunkIndex);
      t.segments.forEach((s, i) => {
        const x = segmentExtras(s);
        ins.run(jobId, t.chunkIndex, i, s.startSec, s.endSec, s.text, x.words, x.speaker, x.speakerChange ? 1 : null);
      });
      mark.run(t.language, jobId, t.chunkIndex);
    })();
  }

  async loadSegments(jobId: string, uptoChunk = Number.MAX_SAFE_INTEGER): Promise<TranscriptSegment[]> {
    const rows = this.db
      .prepare(
        'SELECT start_sec, end_sec, text, words, speaker, speaker_change FROM segments WHERE job_id = ? AND chunk_idx <= ? ORDER BY chunk_idx, seq',
      )
      .all(jobId, uptoChunk) as SegmentRow[];
    return rows.map(segmentFromRow);
  }
}
