// The store contract every pipeline stage speaks: jobs, stage checkpoints, the chunk plan and each
// chunk's transcript. Two implementations pass one contract suite (test/integration/
// checkpointStore.contract.test.ts): SQLite under --out for one machine (sqliteCheckpointStore.ts),
// PostgreSQL for team workers (postgres/pgCheckpointStore.ts). Async, because PostgreSQL is.
import type { Chunk, ChunkTranscript, EngineName, TranscriptSegment } from '../domain/types';

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRow {
  id: string;
  source: string;
  settings: string;
  status: JobStatus;
  title: string | null;
  slug: string | null;
  durationSec: number | null;
  engine: EngineName | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface JobDescription {
  title?: string;
  slug?: string;
  durationSec?: number;
  engine?: EngineName;
}

export type PlannedChunk = Chunk & { done: boolean };

export interface CheckpointStore {
  /** Creates the job, or marks an existing one running again (resume). */
  startJob(id: string, source: string, settings: object): Promise<JobRow>;
  getJob(id: string): Promise<JobRow | undefined>;
  /** Newest first. */
  listJobs(): Promise<JobRow[]>;
  describeJob(id: string, fields: JobDescription): Promise<void>;
  setStatus(id: string, status: JobStatus, error?: string | null): Promise<void>;
  deleteJob(id: string): Promise<void>;

  /** A stage's output (JSON), committed as one checkpoint; saving again replaces it. */
  saveStage<T>(jobId: string, stage: string, output: T): Promise<void>;
  loadStage<T>(jobId: string, stage: string): Promise<T | undefined>;
  clearStage(jobId: string, stage: string): Promise<void>;

  /** Saves the chunk plan once; a resumed job keeps its plan (and so its finished chunks). */
  saveChunks(jobId: string, chunks: Chunk[]): Promise<void>;
  /** In index order. */
  loadChunks(jobId: string): Promise<PlannedChunk[]>;
  /** Commits one chunk's transcript and marks the chunk done, atomically; again replaces it. */
  saveChunkTranscript(jobId: string, t: ChunkTranscript): Promise<void>;
  /** The transcript of chunks up to `uptoChunk` (all by default), in time order. */
  loadSegments(jobId: string, uptoChunk?: number): Promise<TranscriptSegment[]>;
}
