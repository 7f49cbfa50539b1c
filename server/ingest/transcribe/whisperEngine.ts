// whisper.cpp through @fugood/whisper.node, as a SpeechEngine: GPU-aware (backendLoader.ts),
// language detected from several points of the file (languageDetection.ts), one context per
// parallel chunk (contextPool.ts), absolute segment times and the hallucination guards
// (segmentPostprocess.ts, hallucination.ts), cancellation.
//
// Facts about the binding (1.1.3) this adapter works around, read from its source:
// - stop() only sets a flag that is checked before and after whisper_full; no abort callback is
//   installed, so a running chunk's computation cannot be interrupted, and the promise of a
//   stopped job never settles. transcribe() therefore rejects as soon as the signal fires and
//   leaves the native pass to finish in the background (its result is discarded); the pipeline
//   runs this engine inside lane processes (whisperLanes.ts) and kills the lane instead.
// - the binding does not expose whisper.cpp's no-speech probability; whisper.cpp's own
//   no_speech_thold (0.6) already drops such segments, and we add an energy-based estimate.
// - one context runs one job at a time (a mutex), so parallel chunks need one context each.
import * as os from 'node:os';
import * as path from 'node:path';
import type { TranscribeOptions, TranscribeResult } from '@fugood/whisper.node/lib/binding';
import { rmsDbfs, SILENCE_DBFS } from '../../domain/audio';
import { UserError, CancelledError, throwIfCancelled } from '../../domain/errors';
import { type Chunk, type ChunkTranscript, type DecodedAudio } from '../../domain/types';
import { readModelHeader, type ModelHeader } from '../models/modelManager';
import { floatToPcm16 } from '../pcmFile';
import { loadModel, type LoadedModel } from './backendLoader';
import { ContextPool } from './contextPool';
import type { ChunkAudio, SpeechEngine, SpeechOptions } from './engine';
import { addNativeLogListener, type Backend, type GpuPreference } from './gpuBackend';
import { describeVotes, detectLanguage, pickDetectionChunks } from './languageDetection';
import { toAbsoluteSegments } from './segmentPostprocess';

export interface WhisperEngineOptions {
  modelPath: string;
  /** Threads per context; default: the cores divided among the parallel contexts. */
  threads?: number;
  gpu?: GpuPreference;
  /** Chunks transcribed at once (one whisper context each); default 1. */
  parallelism?: number;
  log?: (line: string) => void;
}

export class WhisperEngine implements SpeechEngine {
  readonly name = 'whisper' as const;
  readonly description: string;
  readonly parallelism: number;
  /** What whisper.cpp actually runs on (cpu when a GPU build loaded but found no device). */
  readonly backend: Backend;
  /** The backend choice and, where it differs, why it fell back. */
  readonly backendReason: string;

  private readonly pool: ContextPool;
  private readonly detectedProbabilities: Array<{ language: string; probability: number }> = [];
  private readonly removeDetectionListener: () => void;
  private readonly log: (line: string) => void;
  /** The language every chunk is transcribed in, once prepare() settled it. */
  private language: string | null = null;
  private closed = false;
  /** A tinydiarize model: speaker turns are asked for and marked on the segments. */
  private readonly tdrz: boolean;

  private constructor(
    loaded: LoadedModel,
    private readonly modelPath: string,
    private readonly threads: number,
    readonly header: ModelHeader,
    parallelism: number,
    log: (line: string) => void,
  ) {
    this.backend = loaded.backend;
    this.backendReason = loaded.reason;
    this.parallelism = parallelism;
    this.log = log;
    const openContext = () => new loaded.module.WhisperContext({ filePath: modelPath, useGpu: loaded.moduleBackend !== 'cpu' });
    this.pool = new ContextPool(loaded.context, parallelism, openContext, log);
    this.removeDetectionListener = addNativeLogListener(loaded.moduleBackend, (_level, text) => this.onNativeLine(text));
    const where = this.backend === 'cpu' ? 'CPU' : this.backend === 'cuda' ? 'GPU (CUDA)' : 'GPU (Vulkan)';
    const model = path.basename(modelPath).replace(/^ggml-/, '').replace(/\.bin$/, '');
    this.tdrz = /-tdrz\b/i.test(model);
    this.description = `whisper.cpp ${model} on ${where} (${threads} thread${threads === 1 ? '' : 's'}${parallelism > 1 ? ` × ${parallelism} chunks at once` : ''})`;
  }

  static async create(opts: WhisperEngineOptions): Promise<WhisperEngine> {
    const log = opts.log ?? (() => {});
    const header = readModelHeader(opts.modelPath); // UserError for a missing, wrong or truncated file
    const parallelism = Math.max(1, Math.floor(opts.parallelism ?? 1));
    const threads = Math.max(1, Math.floor(opts.threads ?? Math.max(1, Math.floor(os.availableParallelism() / parallelism))));
    const loaded = await loadModel(opts.gpu ?? 'auto', opts.modelPath, log);
    const engine = new WhisperEngine(loaded, opts.modelPath, threads, header, parallelism, log);
    loaded.removeListener(); // after the engine's own listener is in place: no gap in the routing
    log(`whisper: ${engine.description}; model is ${header.multilingual ? 'multilingual' : 'English-only'}${header.tensorCount === 0 ? ' and has no weights (a test model: it transcribes nothing)' : ''}`);
    return engine;
  }

  /** The language chunks are transcribed in: the fixed one, or the one prepare() detected. */
  get resolvedLanguage(): string | null {
    return this.language;
  }

  async prepare(audio: DecodedAudio, chunks: Chunk[], opts: SpeechOptions): Promise<void> {
    if (opts.language !== 'auto') {
      this.language = opts.language;
      const translating = opts.translate && this.header.multilingual && opts.language !== 'en';
      this.log(`whisper: language ${opts.language} (fixed)${translating ? ', translated to English' : ''}`);
      return;
    }
    if (!this.header.multilingual) {
      this.language = 'en';
      this.log('whisper: language en (the model is English-only)');
      return;
    }
    if (pickDetectionChunks(chunks).length === 0) return;
    const { language, votes } = await detectLanguage(audio.pcmPath, chunks, (samples) => this.detectOne(samples, opts.signal), opts.signal);
    this.language = language;
    this.log(`whisper: language ${this.language ?? 'unknown'} by majority of ${votes.length} samples: ${describeVotes(votes)}${opts.translate ? '; translated to English' : ''}`);
  }

  /** whisper's language for the samples, with the probability its log reported. */
  private async detectOne(samples: Float32Array, signal: AbortSignal): Promise<{ language: string; probability?: number }> {
    const before = this.detectedProbabilities.length;
    // duration 1 ms: whisper.cpp detects the language, then finds nothing left to decode and returns.
    const result = await this.run(samples, { language: 'auto', duration: 1, maxThreads: this.threads }, signal);
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the native log line arrive
    const language = result.language ?? '';
    const probability = this.detectedProbabilities.slice(before).find((entry) => entry.language === language)?.probability;
    return { language, probability };
  }

  async transcribe(audio: ChunkAudio, opts: SpeechOptions): Promise<ChunkTranscript> {
    throwIfCancelled(opts.signal);
    const language = opts.language === 'auto' ? (this.header.multilingual ? this.language : 'en') : opts.language;
    const empty: ChunkTranscript = { chunkIndex: audio.chunk.index, segments: [], language };
    if (!audio.chunk.hasSpeech || audio.samples.length === 0) return empty;
    const chunkDbfs = rmsDbfs(audio.samples);
    if (chunkDbfs < SILENCE_DBFS) {
      this.log(`whisper: chunk ${audio.chunk.index} is silent (${chunkDbfs.toFixed(0)} dBFS); skipped`);
      return empty;
    }
    // A tinydiarize model (small.en-tdrz) marks speaker turns; the binding reports them only in the
    // new-segments callback's texts, so those texts are used when they cover the whole result.
    const marked: { text: string; t0: number; t1: number }[] = [];
    const result = await this.run(
      audio.samples,
      {
        language: language ?? 'auto',
        translate: opts.translate && this.header.multilingual,
        maxThreads: this.threads,
        temperature: 0,
        ...(this.tdrz ? { tdrzEnable: true, onNewSegments: (r: { segments: { text: string; t0: number; t1: number }[] }) => void marked.push(...r.segments) } : {}),
      },
      opts.signal,
    );
    const raw = this.tdrz && marked.length === result.segments.length ? marked : result.segments;
    const segments = toAbsoluteSegments(raw, audio, chunkDbfs, (text) =>
      this.log(`whisper: chunk ${audio.chunk.index}: dropped likely hallucination "${text.slice(0, 60)}"`),
    );
    return { chunkIndex: audio.chunk.index, segments, language: language ?? (result.language || null) };
  }

  /** One whisper_full call on a free context; rejects at once when the signal fires. */
  private async run(samples: Float32Array, options: TranscribeOptions, signal: AbortSignal): Promise<TranscribeResult> {
    const slot = await this.pool.acquire(signal);
    let settled = false;
    try {
      return await new Promise<TranscribeResult>((resolve, reject) => {
        if (signal.aborted) return reject(new CancelledError());
        const handle = slot.context.transcribeData(floatToPcm16(samples).buffer as ArrayBuffer, options);
        const onAbort = (): void => {
          if (settled) return;
          settled = true;
          // The binding cannot interrupt a running pass (see the top of this file); stop() makes it
          // discard the result, and the next job on this context waits for its mutex.
          void handle.stop().catch(() => {});
          reject(new CancelledError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        handle.promise.then(
          (result) => {
            signal.removeEventListener('abort', onAbort);
            if (settled) return;
            settled = true;
            resolve(result);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            if (settled) return;
            settled = true;
            reject(new UserError(`whisper.cpp failed: ${error instanceof Error ? error.message : String(error)}`, 'EWHISPER'));
          },
        );
      });
    } finally {
      this.pool.release(slot);
    }
  }

  /** Called by the native log router: whisper.cpp logs each detection's probability. */
  private onNativeLine(text: string): void {
    const match = /auto-detected language: (\S+) \(p = ([0-9.]+)\)/.exec(text);
    if (match) this.detectedProbabilities.push({ language: match[1] as string, probability: Number(match[2]) });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.removeDetectionListener();
    await this.pool.close();
  }
}
