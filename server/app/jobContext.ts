// What every stage of one job shares: the request, the store, where to report, and the job's id
// once the engine (part of the job's identity) is chosen.
import path from 'node:path';
import type { AcquiredMedia, EngineName, ProgressEvent, QualityTier, TranscriptSegment } from '../domain/types';
import type { Analysis, Embedder } from '../domain/analysis';
import type { CheckpointStore } from '../store/checkpointStore';
import { analyzeTranscript } from '../knowledge/analyze';
import { ensureDirInside } from '../render/outputFolder';
import { JobProgress } from './progress';
import type { NotesHooks, NotesRequest } from './jobTypes';

export class JobContext {
  readonly quality: QualityTier;
  jobId = '';
  private readonly tracker: JobProgress;

  constructor(
    readonly req: NotesRequest,
    readonly hooks: NotesHooks,
    readonly store: CheckpointStore,
    readonly embedder: Embedder,
    readonly outDir: string,
  ) {
    this.quality = req.quality ?? 'standard';
    this.tracker = new JobProgress((e) => this.hooks.onProgress?.({ ...e, jobId: this.jobId }));
  }

  get signal(): AbortSignal | undefined {
    return this.hooks.signal;
  }

  log(line: string): void {
    this.hooks.log?.(line);
  }

  progress(stage: ProgressEvent['stage'], within: number, message: string, etaSec?: number): void {
    this.tracker.report(stage, within, message, etaSec);
  }

  useEngine(engine: EngineName): void {
    this.tracker.useEngine(engine);
  }

  notesUpdated(notesPath: string, sectionCount: number, final: boolean): void {
    this.hooks.onNotesUpdated?.({ jobId: this.jobId, notesPath, sectionCount, final });
  }

  /** A folder under --out, refusing symlinks and anything outside it. */
  ensureDir(dir: string): void {
    ensureDirInside(this.outDir, path.relative(this.outDir, dir));
  }

  analyze(segments: TranscriptSegment[], media: Pick<AcquiredMedia, 'chapters' | 'durationSec'>, onProgress?: (f: number) => void): Promise<Analysis> {
    return analyzeTranscript(
      { segments, chapters: media.chapters, durationSec: media.durationSec, quality: this.quality },
      this.embedder,
      { signal: this.signal, onProgress },
    );
  }
}
