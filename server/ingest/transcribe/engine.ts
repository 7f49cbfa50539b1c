// One interface for the speech engines (whisper.cpp, pocketsphinx). Captions are not a speech
// engine: they bypass audio decoding and become segments directly (captionsEngine.ts).
import type { Chunk, ChunkTranscript, DecodedAudio } from '../../domain/types';

export interface ChunkAudio {
  chunk: Chunk;
  /** 16 kHz mono, -1..1. */
  samples: Float32Array;
  /** Seconds from the start of the media to the chunk's first sample; engines return absolute times. */
  offsetSec: number;
}

export interface SpeechOptions {
  /** "auto" or a language code ("en", "de"). */
  language: string;
  /** Translate to English (whisper only). */
  translate: boolean;
  signal: AbortSignal;
}

export interface SpeechEngine {
  readonly name: 'whisper' | 'pocketsphinx';
  /** What it runs on, for the log: "whisper.cpp ggml-base.en on CPU (4 threads)". */
  readonly description: string;
  /** How many chunks may be transcribed at once with this engine on this machine. */
  readonly parallelism: number;
  /** Once per job before the chunks: e.g. detect the language from samples at several points. */
  prepare?(audio: DecodedAudio, chunks: Chunk[], opts: SpeechOptions): Promise<void>;
  /** The language prepare() settled on (detected or fixed), so a resumed job need not detect it again. */
  readonly resolvedLanguage?: string | null;
  transcribe(audio: ChunkAudio, opts: SpeechOptions): Promise<ChunkTranscript>;
  close(): Promise<void>;
}
