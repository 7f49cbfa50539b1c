// A job's context on a team worker (or a planning submitter): the same stages as a local run, with
// the PostgreSQL store, and progress also written to the job's row (throttled) for its submitters.
import type { ProgressEvent } from '../../domain/types';
import type { Embedder } from '../../domain/analysis';
import { JobContext } from '../jobContext';
import type { NotesHooks, NotesRequest } from '../jobTypes';
import type { TeamConnection } from './teamConnection';
import type { TeamJobSpec } from './teamJobSpec';

const PROGRESS_EVERY_MS = 500;

export class TeamJobContext extends JobContext {
  private lastWrite = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(readonly conn: TeamConnection, jobId: string, spec: TeamJobSpec, hooks: NotesHooks, embedder: Embedder, workDir: string, tools: Pick<NotesRequest, 'ffmpegPath' | 'ytDlpPath'> = {}) {
    super(requestOf(spec, workDir, tools), hooks, conn.checkpoints, embedder, workDir);
    this.jobId = jobId;
  }

  /** Reported to this process's hooks (a planning submitter shows it) and written to the job's row. */
  override progress(stage: ProgressEvent['stage'], within: number, message: string, etaSec?: number): void {
    super.progress(stage, within, message, etaSec);
    const now = Date.now();
    if (within > 0 && within < 1 && now - this.lastWrite < PROGRESS_EVERY_MS) return;
    this.lastWrite = now;
    // In order, never blocking the stage; a lost update only delays what the submitter shows.
    this.pending = this.pending.then(() => this.conn.team.setProgress(this.jobId, stage, within, message, etaSec ?? null)).catch(() => undefined);
  }

  /** Waits for the progress writes in flight (before a task completes). */
  flush(): Promise<void> {
    return this.pending;
  }
}

function requestOf(spec: TeamJobSpec, workDir: string, tools: Pick<NotesRequest, 'ffmpegPath' | 'ytDlpPath'>): NotesRequest {
  return {
    source: spec.entry, outDir: workDir, engine: spec.engine, model: spec.model ?? undefined, language: spec.language,
    translate: spec.translate, quality: spec.quality, embedding: spec.embedding, ...tools,
  };
}
