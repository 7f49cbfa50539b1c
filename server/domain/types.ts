// Typed contracts between the pipeline stages. Data flows one way:
// acquire → audio → segment → transcribe → analyze → render → index.
// Every stage reads only the outputs of the stages before it; the store checkpoints each output.

export type EngineName = 'whisper' | 'captions' | 'pocketsphinx';
export type EngineChoice = EngineName | 'auto';
export type QualityTier = 'basic' | 'standard' | 'premium';

export interface Chapter {
  title: string;
  startSec: number;
  endSec: number;
}

/** A caption file on disk: a sidecar next to a local file, or one yt-dlp wrote. */
export interface CaptionTrack {
  path: string;
  format: 'vtt' | 'srt';
  /** BCP-47-ish language tag when known ("en", "en-US"), else "". */
  lang: string;
  /** Manual captions are preferred over automatic ones. */
  kind: 'manual' | 'auto';
}

/** acquire's output: a local media file plus what we know about it. */
export interface AcquiredMedia {
  /** Stable identity of the source: an absolute file path or the normalized URL. */
  sourceKey: string;
  sourceKind: 'file' | 'url';
  /** Local file ffmpeg can read (for URLs: the downloaded file). */
  mediaPath: string;
  title: string;
  durationSec: number;
  uploader: string | null;
  /** Web page of the video, for "open the video at this second" links; null for local files. */
  webpageUrl: string | null;
  chapters: Chapter[];
  captions: CaptionTrack[];
  hasAudio: boolean;
  hasVideo: boolean;
}

/** audio's output: 16 kHz mono signed 16-bit little-endian PCM in a file (streamed, never held in memory). */
export interface DecodedAudio {
  pcmPath: string;
  sampleRate: 16000;
  sampleCount: number;
}

/** segment's output: a chunk of the PCM, cut at a natural pause. Offsets are in samples so they never drift. */
export interface Chunk {
  index: number;
  startSample: number;
  endSample: number;
  /** False when VAD found no speech in it: the chunk is not transcribed. */
  hasSpeech: boolean;
}

export interface Word {
  text: string;
  startSec: number;
  endSec: number;
}

/** One timed piece of transcript, with absolute times (seconds from the start of the media). */
export interface TranscriptSegment {
  startSec: number;
  endSec: number;
  text: string;
  words?: Word[];
  /** A different person starts speaking here (captions mark it with ">>"); absent when unknown or the same. */
  speakerChange?: boolean;
  /** Who speaks, when the source names them (a caption voice span or "NAME:" label). */
  speaker?: string;
}

export interface ChunkTranscript {
  chunkIndex: number;
  segments: TranscriptSegment[];
  /** Language the engine used or detected, when it knows. */
  language: string | null;
}

/** Progress reported by the pipeline to the CLI or the language server. */
export interface ProgressEvent {
  stage: 'acquire' | 'audio' | 'segment' | 'transcribe' | 'analyze' | 'render' | 'index';
  /** 0..1 for the whole job. */
  fraction: number;
  message: string;
  /** Estimated seconds left, when known. */
  etaSec?: number;
}

