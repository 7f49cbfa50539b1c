// Runs notes jobs for the client: one AbortController per run, progress and "notes updated"
// forwarded as notifications, cancel by run id or job id (the pipeline keeps its checkpoints, so
// the same request again resumes). The pipeline is injected so the runner is testable without it.
import type { NotesHooks, NotesRequest, NotesResult, JobSummary } from '../app/generateNotes';
import { UserError } from '../domain/errors';
import type { DeleteJobRequest, GenerateNotesRequest, JobInfo, JobProgressNotification, NotesUpdatedNotification, PipelineOptions } from '../protocol/lspMessages';

export interface PipelineApi {
  generateNotes(req: NotesRequest, hooks?: NotesHooks): Promise<NotesResult[]>;
  /** The same job on the team's workers (videoinsight.queueUrl); the notes land in the same place. */
  teamNotes(req: NotesRequest & { queueUrl: string }, hooks?: NotesHooks): Promise<NotesResult[]>;
  listJobs(outDir: string): Promise<JobSummary[]>;
  deleteJob(outDir: string, jobId: string): Promise<{ removedFolder: string | null }>;
}

export interface JobEvents {
  progress(p: JobProgressNotification.Params): void;
  notesUpdated(p: NotesUpdatedNotification.Params): void;
  log(line: string): void;
}

interface Run { runId: string; controller: AbortController; jobIds: Set<string> }

export class JobRunner {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly pipeline: () => Promise<PipelineApi>, private readonly events: JobEvents) {}

  async generate(p: GenerateNotesRequest.Params): Promise<GenerateNotesRequest.Result> {
    const run: Run = { runId: p.runId, controller: new AbortController(), jobIds: new Set() };
    this.runs.set(p.runId, run);
    try {
      const api = await this.pipeline();
      const queueUrl = p.queueUrl?.trim();
      // Regenerate works on a job of this output folder's store (List Jobs lists those): always here.
      const makeNotes = queueUrl && !p.regenerateJobId ? (req: NotesRequest, hooks: NotesHooks) => api.teamNotes({ ...req, queueUrl }, hooks) : api.generateNotes;
      const results = await makeNotes(toRequest(p), {
        signal: run.controller.signal,
        log: (line) => this.events.log(line),
        onProgress: (e) => {
          run.jobIds.add(e.jobId);
          this.events.progress({ runId: p.runId, jobId: e.jobId, stage: e.stage, fraction: e.fraction, message: e.message, etaSec: e.etaSec });
        },
        onNotesUpdated: (e) => {
          run.jobIds.add(e.jobId);
          this.events.notesUpdated({ runId: p.runId, ...e });
        },
      });
      if (run.controller.signal.aborted) return { status: 'cancelled', jobIds: [...run.jobIds] };
      return {
        status: 'done',
        results: results.map((r) => ({
          jobId: r.jobId, notesPath: r.notesPath, transcriptPath: r.transcriptPath, graphPath: r.graphPath, engine: r.engine,
          engineReason: r.engineReason, durationSec: r.durationSec, title: r.title, sections: r.sections,
        })),
      };
    } catch (e) {
      if (run.controller.signal.aborted) return { status: 'cancelled', jobIds: [...run.jobIds] };
      const message = e instanceof Error ? e.message : String(e);
      // A user's error (a missing file, a bad URL) is one line; only our own bugs keep their stack.
      this.events.log(`job failed: ${e instanceof Error && e.stack && !(e instanceof UserError) ? e.stack : message}`);
      return { status: 'failed', message, jobIds: [...run.jobIds] };
    } finally {
      this.runs.delete(p.runId);
    }
  }

  cancel(p: { runId?: string; jobId?: string }): boolean {
    for (const run of this.runs.values()) {
      if ((p.runId && run.runId === p.runId) || (p.jobId && run.jobIds.has(p.jobId))) {
        run.controller.abort();
        return true;
      }
    }
    return false;
  }

  activeJobIds(): Set<string> {
    return new Set([...this.runs.values()].flatMap((r) => [...r.jobIds]));
  }

  async list(outDir: string): Promise<JobInfo[]> {
    const api = await this.pipeline();
    const active = this.activeJobIds();
    return (await api.listJobs(outDir)).map((j) => ({ id: j.id, source: j.source, status: j.status, title: j.title, slug: j.slug, error: j.error, updatedAt: j.updatedAt, active: active.has(j.id) }));
  }

  async delete(p: DeleteJobRequest.Params): Promise<DeleteJobRequest.Result> {
    if (this.activeJobIds().has(p.jobId)) return { deleted: false, message: 'the job is running: cancel it first' };
    try {
      const r = await (await this.pipeline()).deleteJob(p.outDir, p.jobId);
      this.events.log(`deleted job ${p.jobId}${r.removedFolder ? ` and ${r.removedFolder}` : ''}`);
      return { deleted: true, removedFolder: r.removedFolder };
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      return { deleted: false, message: e.message };
    }
  }

  cancelAll(): void {
    for (const r of this.runs.values()) r.controller.abort();
  }
}

function toRequest(p: GenerateNotesRequest.Params): NotesRequest {
  return {
    source: p.source, outDir: p.outDir, engine: p.engine, model: p.model || undefined, quality: p.quality,
    gpu: p.gpu, threads: p.threads && p.threads > 0 ? p.threads : undefined, language: p.language || undefined,
    ytDlpPath: p.ytDlpPath || undefined, ffmpegPath: p.ffmpegPath || undefined, embedding: embeddingConfig(p),
    regenerateJobId: p.regenerateJobId || undefined,
  };
}

/** 'use-lite' (default) or a transformers.js model id; a path is loaded from disk, never fetched. */
export function embeddingConfig(p: PipelineOptions): NotesRequest['embedding'] {
  const m = p.embeddingModel?.trim();
  if (!m || m === 'use-lite') return { kind: 'use-lite' };
  const isPath = m.startsWith('/') || m.startsWith('.') || /^[A-Za-z]:[\\/]/.test(m);
  return isPath ? { kind: 'transformers', model: m, localPath: m } : { kind: 'transformers', model: m };
}
