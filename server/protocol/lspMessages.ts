// The custom messages between the extension (client) and the backend (server), declared once and
// imported by both sides. One namespace per message, as vscode-eslint does: `method` + typed type.
// No vscode or Node imports here: the webview-free, editor-free contract both bundles share.
// From the protocol package (not vscode-jsonrpc directly) so the types are the very ones
// vscode-languageclient and vscode-languageserver were built against.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

export type EngineSetting = 'auto' | 'whisper' | 'captions' | 'pocketsphinx';
export type QualitySetting = 'basic' | 'standard' | 'premium';
export type GpuSetting = 'auto' | 'cuda' | 'vulkan' | 'cpu';
export type PipelineStage = 'acquire' | 'audio' | 'segment' | 'transcribe' | 'analyze' | 'render' | 'index';

/** Options the extension reads from its settings and passes through to the pipeline. */
export interface PipelineOptions {
  engine?: EngineSetting;
  model?: string;
  quality?: QualitySetting;
  gpu?: GpuSetting;
  /** 0 or absent: the pipeline decides. */
  threads?: number;
  language?: string;
  ytDlpPath?: string;
  ffmpegPath?: string;
  /** 'use-lite' (bundled weights) or a transformers.js model id / local folder. */
  embeddingModel?: string;
  /** Team mode: a postgres:// URL; jobs run on the team's workers and the notes land here. */
  queueUrl?: string;
}

export interface SectionInfo {
  title: string;
  startSec: number;
  endSec: number;
}

export interface NotesResultInfo {
  jobId: string;
  notesPath: string;
  transcriptPath: string;
  graphPath: string;
  engine: string;
  engineReason: string;
  durationSec: number;
  title: string;
  sections: SectionInfo[];
}

/** Start (or resume: the same source again) a notes job. Resolves when the run ends. */
export namespace GenerateNotesRequest {
  export const method = 'videoinsight/generateNotes' as const;
  export interface Params extends PipelineOptions {
    /** Chosen by the client so it can cancel the run before any job id is known. */
    runId: string;
    source: string;
    outDir: string;
    /**
     * Regenerate this job (its source is `source`): analysis and notes made again from its stored
     * transcript with the current settings, no transcription. Fails when the settings make another job.
     */
    regenerateJobId?: string;
  }
  export type Result =
    | { status: 'done'; results: NotesResultInfo[] }
    | { status: 'cancelled'; jobIds: string[] }
    | { status: 'failed'; message: string; jobIds: string[] };
  export const type = new RequestType<Params, Result, void>(method);
}

/** Abort a running job (by the client's run id or the pipeline's job id). Checkpoints are kept. */
export namespace CancelJobRequest {
  export const method = 'videoinsight/cancelJob' as const;
  export interface Params { runId?: string; jobId?: string }
  export interface Result { cancelled: boolean }
  export const type = new RequestType<Params, Result, void>(method);
}

export interface JobInfo {
  id: string;
  source: string;
  /** 'running' only while a live process (this backend or a CLI) holds the job; 'interrupted' when it was killed. */
  status: 'running' | 'interrupted' | 'done' | 'failed' | 'cancelled';
  title: string | null;
  /** Folder name under the output folder (notes.md lives there), once known. */
  slug: string | null;
  error: string | null;
  updatedAt: number;
  /** True when this backend process is running it now (a 'running' job may also be a CLI's). */
  active: boolean;
}

export namespace ListJobsRequest {
  export const method = 'videoinsight/listJobs' as const;
  export interface Params { outDir: string }
  export interface Result { jobs: JobInfo[] }
  export const type = new RequestType<Params, Result, void>(method);
}

/** Delete a job that is not running: its notes folder (unless another job writes there), its search passages, its store rows. */
export namespace DeleteJobRequest {
  export const method = 'videoinsight/deleteJob' as const;
  export interface Params { outDir: string; jobId: string }
  export type Result = { deleted: true; removedFolder: string | null } | { deleted: false; message: string };
  export const type = new RequestType<Params, Result, void>(method);
}

export interface SearchHitInfo {
  file: string;
  /** 1-based line in `file`. */
  line: number;
  startSec: number | null;
  score: number;
  text: string;
}

export namespace SearchNotesRequest {
  export const method = 'videoinsight/searchNotes' as const;
  export interface Params { outDir: string; query: string; k?: number; embeddingModel?: string }
  export interface Result { hits: SearchHitInfo[] }
  export const type = new RequestType<Params, Result, void>(method);
}

/** What the backend runs on: lets the client (and the tests) see the runtime really works. */
/** The player's media for a notes folder: a local file (the source or its proxy) or a YouTube id. Cancellable. */
export namespace PlayableMediaRequest {
  export const method = 'videoinsight/playableMedia' as const;
  export interface Params { outDir: string; notesDir: string; ffmpegPath?: string }
  export type Result =
    | { title: string; kind: 'media'; file: string; hasVideo: boolean; made: boolean }
    | { title: string; kind: 'youtube'; videoId: string };
  export const type = new RequestType<Params, Result, void>(method);
}

/** Proxy creation progress of a PlayableMediaRequest (0..1). */
export namespace PlayableProgressNotification {
  export const method = 'videoinsight/playableProgress' as const;
  export interface Params { notesDir: string; fraction: number }
  export const type = new NotificationType<Params>(method);
}

/** Download whisper's CUDA or Vulkan build (not in the VSIX) and try loading it. Cancellable. */
export namespace DownloadGpuBuildRequest {
  export const method = 'videoinsight/downloadGpuBuild' as const;
  export interface Params { build: 'cuda' | 'vulkan' }
  export interface Result { folder: string; loads: boolean; error?: string }
  export const type = new RequestType<Params, Result, void>(method);
}

/** Download progress of a DownloadGpuBuildRequest (0..1). */
export namespace GpuBuildProgressNotification {
  export const method = 'videoinsight/gpuBuildProgress' as const;
  export interface Params { build: 'cuda' | 'vulkan'; fraction: number }
  export const type = new NotificationType<Params>(method);
}

export namespace RuntimeInfoRequest {
  export const method = 'videoinsight/runtimeInfo' as const;
  export interface Result { pid: number; node: string; abi: string; execPath: string; sqlite: string | null; error: string | null }
  export const type = new RequestType0<Result, void>(method);
}

export namespace JobProgressNotification {
  export const method = 'videoinsight/jobProgress' as const;
  export interface Params {
    runId: string;
    jobId: string;
    stage: PipelineStage;
    /** 0..1 for the whole job. */
    fraction: number;
    message: string;
    etaSec?: number;
  }
  export const type = new NotificationType<Params>(method);
}

/** notes.md was (re)written on disk: the client opens it on the first one. */
export namespace NotesUpdatedNotification {
  export const method = 'videoinsight/notesUpdated' as const;
  export interface Params { runId: string; jobId: string; notesPath: string; sectionCount: number; final: boolean }
  export const type = new NotificationType<Params>(method);
}

/** Options the client hands over in `initializationOptions`. */
export interface InitializationOptions {
  /** Absolute output folders (one per workspace folder) whose notes the language features serve. */
  outDirs: string[];
}
