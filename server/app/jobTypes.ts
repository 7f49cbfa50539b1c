// What a caller gives a notes job and gets back; the CLI and the language server speak these.
import type { EngineChoice, EngineName, ProgressEvent, QualityTier } from '../domain/types';
import type { GpuPreference } from '../ingest/transcribe/gpuBackend';
import type { EmbedderConfig } from '../knowledge/embeddings';
import type { JobStatus } from '../store/checkpointStore';

export interface NotesRequest {
  source: string;
  outDir: string;
  engine?: EngineChoice;
  model?: string;
  language?: string;
  translate?: boolean;
  threads?: number;
  quality?: QualityTier;
  gpu?: GpuPreference;
  ytDlpPath?: string;
  ffmpegPath?: string;
  embedding?: EmbedderConfig;
  /** Skip embedding the notes into the search index (the search command indexes on demand). */
  skipIndex?: boolean;
  /**
   * Regenerate this finished job: its analysis is made again (current analyser and settings) from
   * its stored transcript. Refused when the request would make another job (that one would transcribe).
   */
  regenerateJobId?: string;
  /** Longest source accepted, in seconds (default DEFAULT_MAX_DURATION_SEC). */
  maxDurationSec?: number;
}

/**
 * A source longer than this is refused before transcription (a mislabelled stream, a week-long
 * recording): hours of CPU and gigabytes of audio for notes nobody asked for. `--max-hours` raises it.
 */
export const DEFAULT_MAX_DURATION_SEC = 12 * 3600;

export interface NotesHooks {
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent & { jobId: string }) => void;
  onNotesUpdated?: (e: { jobId: string; notesPath: string; sectionCount: number; final: boolean }) => void;
  log?: (line: string) => void;
}

export interface NotesResult {
  jobId: string;
  notesPath: string;
  transcriptPath: string;
  graphPath: string;
  engine: EngineName;
  engineReason: string;
  durationSec: number;
  title: string;
  sections: { title: string; startSec: number; endSec: number }[];
  /** Chunks that were already transcribed by an earlier run of the same job. */
  resumedChunks: number;
}

/** A job as listed: 'interrupted' is a 'running' job whose process is gone (see jobLockHolder). */
export type ListedJobStatus = JobStatus | 'interrupted';

export interface JobSummary {
  id: string;
  source: string;
  status: ListedJobStatus;
  title: string | null;
  slug: string | null;
  engine: EngineName | null;
  durationSec: number | null;
  error: string | null;
  updatedAt: number;
}
