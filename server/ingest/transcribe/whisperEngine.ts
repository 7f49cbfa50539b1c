import { rmsDbfs, SAMPLE_RATE, SILENCE_DBFS } from '../../domain/audio';
import { formatClock } from '../../domain/time';
// whisper.cpp through @fugood/whisper.node, as a SpeechEngine: GPU-aware (CUDA → Vulkan → CPU by
// what loads and what devices whisper.cpp finds), language detected from several points of the
// file, absolute segment times, cancellation, and the hallucination guards.
//
// Facts about the binding (1.1.3) this adapter works around, read from its source:
// - stop() only sets a flag that is checked before and after whisper_full; no abort callback is
//   installed, so a running chunk's computation cannot be interrupted, and the promise of a
//   stopped job never settles. transcribe() therefore rejects as soon as the signal fires and
//   leaves the native pass to finish in the background (its result is discarded).
// - the binding does not expose whisper.cpp's no-speech probability; whisper.cpp's own
//   no_speech_thold (0.6) already drops such segments, and we add an energy-based estimate.
// - one context runs one job at a time (a mutex), so parallel chunks need one context each.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TranscribeOptions, TranscribeResult, WhisperContext } from '@fugood/whisper.node/lib/binding';
import { type Chunk, type ChunkTranscript, type DecodedAudio, type TranscriptSegment } from '../../domain/types';
import { UserError, CancelledError } from '../../domain/errors';
import type { ChunkAudio, SpeechEngine, SpeechOptions } from './engine';
import {
  addNativeLogListener,
  chooseBackend,
  loadedBackendModule,
  probeBackends,
  type Backend,
  type GpuPreference,
  type WhisperNativeModule,
} from './gpuBackend';
import { collapseRepeats, isLikelyHallucination } from './hallucination';
import { readModelHeader, type ModelHeader } from '../models/modelManager';

export interface WhisperEngineOptions {
  modelPath: string;
  /** Threads per context; default: the cores divided among the parallel contexts. */
  threads?: number;
  gpu?: GpuPreference;
  /** Chunks transcribed at once (one whisper context each); default 1. */
  parallelism?: number;
  log?: (line: string) => void;
}

/** Audio per language-detection sample; whisper looks at up to 30 s, speech starts near a chunk's start. */
const DETECTION_WINDOW_SEC = 10;
/** Points of the speech (fractions of the speech chunks) sampled for language detection. */
const DETECTION_POINTS = [0.1, 0.5, 0.9];

interface ContextSlot {
  context: WhisperContext;
  busy: boolean;
}

/** The binding does not report whisper's no-speech probability, so a segment much quieter than
 * its chunk stands in for it: near-silence under text is the classic hallucination. */
export function quietnessAsNoSpeechProb(segmentDbfs: number, chunkDbfs: number): number | undefined {
  if (segmentDbfs < Math.max(SILENCE_DBFS, chunkDbfs - 35)) return 0.9;
  if (segmentDbfs < chunkDbfs - 20) return 0.6;
  return undefined;
}

/** whisper.cpp takes 16-bit PCM; the pipeline hands over -1..1 floats. */
export function floatToPcm16(samples: Float32Array): ArrayBuffer {
  const pcm = new Int16Array(samples.length);
  for (let index = 0; index < samples.length; index++) {
    const value = Math.max(-1, Math.min(1, samples[index] as number));
    pcm[index] = Math.round(value < 0 ? value * 32768 : value * 32767);
  }
  return pcm.buffer;
}

/** Speech chunks at 10 %, 50 % and 90 % of the speech (fewer when there are fewer chunks), so a
 * talk whose first minute is an English intro is not taken for English throughout. */
export function pickDetectionChunks(chunks: readonly Chunk[]): Chunk[] {
  const speech = chunks.filter((chunk) => chunk.hasSpeech && chunk.endSample > chunk.startSample);
  if (speech.length === 0) return [];
  return [...new Set(DETECTION_POINTS.map((point) => speech[Math.min(speech.length - 1, Math.floor(point * speech.length))] as Chunk))];
}

/** The most frequent language; a tie goes to the higher summed detection probability, then to the earliest sample. */
export function voteLanguage(samples: Array<{ language: string; probability?: number }>): string | null {
  const tally = new Map<string, { votes: number; probability: number; first: number }>();
  samples.forEach((sample, index) => {
    const entry = tally.get(sample.language) ?? { votes: 0, probability: 0, first: index };
    entry.votes++;
    entry.probability += sample.probability ?? 0;
    tally.set(sample.language, entry);
  });
  let best: [string, { votes: number; probability: number; first: number }] | null = null;
  for (const candidate of tally) {
    if (
      !best ||
      candidate[1].votes > best[1].votes ||
      (candidate[1].votes === best[1].votes && candidate[1].probability > best[1].probability) ||
      (candidate[1].votes === best[1].votes && candidate[1].probability === best[1].probability && candidate[1].first < best[1].first)
    ) {
      best = candidate;
    }
  }
  return best ? best[0] : null;
}

export class WhisperEngine implements SpeechEngine {
  readonly name = 'whisper' as const;
  readonly description: string;
  readonly parallelism: number;
  /** What whisper.cpp actually runs on (cpu when a GPU build loaded but found no device). */
  readonly backend: Backend;
  /** The backend choice and, where it differs, why it fell back. */
  readonly backendReason: string;

  private readonly slots: ContextSlot[];
  private readonly waiters: Array<() => void> = [];
  private readonly detectedProbabilities: Array<{ language: string; probability: number }> = [];
  private readonly removeDetectionListener: () => void;
  /** The language every chunk is transcribed in, once prepare() settled it. */
  private language: string | null = null;
  private closed = false;

  private constructor(
    private readonly nativeModule: WhisperNativeModule,
    private readonly options: { modelPath: string; threads: number; moduleBackend: Backend; log: (line: string) => void },
    readonly header: ModelHeader,
    first: WhisperContext,
    backend: Backend,
    backendReason: string,
    parallelism: number,
  ) {
    this.slots = [{ context: first, busy: false }];
    this.backend = backend;
    this.backendReason = backendReason;
    this.parallelism = parallelism;
    this.removeDetectionListener = addNativeLogListener(options.moduleBackend, (_level, text) => this.onNativeLine(text));
    const where = backend === 'cpu' ? 'CPU' : backend === 'cuda' ? 'GPU (CUDA)' : 'GPU (Vulkan)';
    const model = path.basename(options.modelPath).replace(/^ggml-/, '').replace(/\.bin$/, '');
    this.description = `whisper.cpp ${model} on ${where} (${options.threads} thread${options.threads === 1 ? '' : 's'}${parallelism > 1 ? ` × ${parallelism} chunks at once` : ''})`;
  }

  static async create(opts: WhisperEngineOptions): Promise<WhisperEngine> {
    const log = opts.log ?? (() => {});
    const header = readModelHeader(opts.modelPath); // UserError for a missing, wrong or truncated file
    const parallelism = Math.max(1, Math.floor(opts.parallelism ?? 1));
    const threads = Math.max(1, Math.floor(opts.threads ?? Math.max(1, Math.floor(os.availableParallelism() / parallelism))));
    const probe = await probeBackends();
    let choice = chooseBackend(opts.gpu ?? 'auto', probe);
    log(`whisper build: ${choice.reason}`);

    // Native log lines say whether the GPU build found a device ("using Vulkan0 backend" / "no GPU found").
    const nativeLines: string[] = [];
    let attempt = await WhisperEngine.openContext(choice.backend, opts.modelPath, nativeLines);
    if (!attempt.ok && choice.backend !== 'cpu') {
      log(`whisper backend: ${choice.backend} failed to load the model (${attempt.error}); falling back to CPU`);
      choice = { backend: 'cpu', reason: `cpu: ${choice.backend} failed to load the model` };
      attempt = await WhisperEngine.openContext('cpu', opts.modelPath, nativeLines);
    }
    if (!attempt.ok) {
      throw new UserError(`whisper.cpp could not load the model ${opts.modelPath}: ${attempt.error}`, 'EMODEL');
    }
    let backend = choice.backend;
    let reason = choice.reason;
    if (backend !== 'cpu') {
      const usedDevice = nativeLines.map((line) => /whisper_backend_init_gpu: using (.+) backend/.exec(line)?.[1]).find(Boolean);
      const initFailed = nativeLines.some((line) => /whisper_backend_init_gpu: failed to initialize/.test(line));
      if (!usedDevice || initFailed) {
        // The GPU build includes the CPU backend; it runs, just not on a GPU.
        const label = backend === 'cuda' ? 'CUDA' : 'Vulkan';
        reason = initFailed
          ? `cpu: the ${backend} build loaded but the ${label} device ${usedDevice ?? ''} failed to initialize, so it runs on the CPU`
          : `cpu: the ${backend} build loaded but whisper.cpp found no ${label} device, so it runs on the CPU`;
        backend = 'cpu';
        log(`whisper backend: ${reason}`);
      } else {
        log(`whisper backend: running on ${usedDevice}`);
      }
    }
    const engine = new WhisperEngine(
      attempt.module,
      { modelPath: opts.modelPath, threads, moduleBackend: attempt.backend, log },
      header,
      attempt.context,
      backend,
      reason,
      parallelism,
    );
    attempt.removeListener(); // after the engine's own listener is in place: no gap in the routing
    log(`whisper: ${engine.description}; model is ${header.multilingual ? 'multilingual' : 'English-only'}${header.tensorCount === 0 ? ' and has no weights (a test model: it transcribes nothing)' : ''}`);
    return engine;
  }

  /** Loads the model on one backend's build; never throws (a failure is the answer). */
  private static async openContext(
    backend: Backend,
    modelPath: string,
    nativeLines: string[],
  ): Promise<
    | { ok: true; backend: Backend; module: WhisperNativeModule; context: WhisperContext; removeListener: () => void }
    | { ok: false; error: string }
  > {
    const nativeModule = loadedBackendModule(backend);
    if (!nativeModule) return { ok: false, error: `the ${backend} build of whisper.cpp did not load` };
    let sawInitEnd!: () => void;
    const initEnded = new Promise<void>((resolve) => (sawInitEnd = resolve));
    const removeListener = addNativeLogListener(backend, (level, text) => {
      nativeLines.push(text.trim());
      if (/compute buffer \(decode\)|failed to/.test(text)) sawInitEnd();
      if (level === 'error') nativeLines.push(`error: ${text.trim()}`);
    });
    try {
      const context = new nativeModule.WhisperContext({ filePath: modelPath, useGpu: backend !== 'cpu' });
      // Log lines arrive asynchronously after the synchronous load; wait briefly for the last one.
      await Promise.race([initEnded, new Promise((resolve) => setTimeout(resolve, 1000))]);
      return { ok: true, backend, module: nativeModule, context, removeListener };
    } catch (error) {
      removeListener();
      const lastError = nativeLines.filter((line) => line.startsWith('error: ')).pop()?.slice(7);
      return { ok: false, error: lastError ?? (error instanceof Error ? error.message : String(error)) };
    }
  }

  /** The language chunks are transcribed in: the fixed one, or the one prepare() detected. */
  get resolvedLanguage(): string | null {
    return this.language;
  }

  async prepare(audio: DecodedAudio, chunks: Chunk[], opts: SpeechOptions): Promise<void> {
    if (opts.language !== 'auto') {
      this.language = opts.language;
      const translating = opts.translate && this.header.multilingual && opts.language !== 'en';
      this.options.log(`whisper: language ${opts.language} (fixed)${translating ? ', translated to English' : ''}`);
      return;
    }
    if (!this.header.multilingual) {
      this.language = 'en';
      this.options.log('whisper: language en (the model is English-only)');
      return;
    }
    const picked = pickDetectionChunks(chunks);
    if (picked.length === 0) return;
    const votes: Array<{ language: string; probability?: number; atSec: number }> = [];
    for (const chunk of picked) {
      if (opts.signal.aborted) throw new CancelledError();
      const samples = readPcmWindow(audio.pcmPath, chunk.startSample, Math.min(chunk.endSample, chunk.startSample + DETECTION_WINDOW_SEC * SAMPLE_RATE));
      const before = this.detectedProbabilities.length;
      // duration 1 ms: whisper.cpp detects the language, then finds nothing left to decode and returns.
      const result = await this.run(samples, { language: 'auto', duration: 1, maxThreads: this.options.threads }, opts.signal);
      await new Promise((resolve) => setTimeout(resolve, 20)); // let the native log line arrive
      const detected = result.language ?? '';
      if (!detected) continue;
      const probability = this.detectedProbabilities.slice(before).find((entry) => entry.language === detected)?.probability;
      votes.push({ language: detected, probability, atSec: chunk.startSample / SAMPLE_RATE });
    }
    this.language = voteLanguage(votes);
    const detail = votes.map((vote) => `${vote.language} at ${formatClock(vote.atSec)}${vote.probability !== undefined ? ` (p=${vote.probability.toFixed(2)})` : ''}`).join(', ');
    this.options.log(`whisper: language ${this.language ?? 'unknown'} by majority of ${votes.length} samples: ${detail}${opts.translate ? '; translated to English' : ''}`);
  }

  async transcribe(audio: ChunkAudio, opts: SpeechOptions): Promise<ChunkTranscript> {
    if (opts.signal.aborted) throw new CancelledError();
    const language = opts.language === 'auto' ? (this.header.multilingual ? this.language : 'en') : opts.language;
    const empty: ChunkTranscript = { chunkIndex: audio.chunk.index, segments: [], language };
    if (!audio.chunk.hasSpeech || audio.samples.length === 0) return empty;
    const chunkDbfs = rmsDbfs(audio.samples);
    if (chunkDbfs < SILENCE_DBFS) {
      this.options.log(`whisper: chunk ${audio.chunk.index} is silent (${chunkDbfs.toFixed(0)} dBFS); skipped`);
      return empty;
    }
    const result = await this.run(
      audio.samples,
      {
        language: language ?? 'auto',
        translate: opts.translate && this.header.multilingual,
        maxThreads: this.options.threads,
        temperature: 0,
      },
      opts.signal,
    );
    const segments = toAbsoluteSegments(result.segments, audio, chunkDbfs, (text) =>
      this.options.log(`whisper: chunk ${audio.chunk.index}: dropped likely hallucination "${text.slice(0, 60)}"`),
    );
    return { chunkIndex: audio.chunk.index, segments, language: language ?? (result.language || null) };
  }

  /** One whisper_full call on a free context; rejects at once when the signal fires. */
  private async run(samples: Float32Array, options: TranscribeOptions, signal: AbortSignal): Promise<TranscribeResult> {
    const slot = await this.acquire(signal);
    let settled = false;
    try {
      return await new Promise<TranscribeResult>((resolve, reject) => {
        if (signal.aborted) return reject(new CancelledError());
        const handle = slot.context.transcribeData(floatToPcm16(samples), options);
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
      this.releaseSlot(slot);
    }
  }

  private async acquire(signal: AbortSignal): Promise<ContextSlot> {
    for (;;) {
      if (this.closed) throw new Error('whisper engine is closed');
      if (signal.aborted) throw new CancelledError();
      const free = this.slots.find((slot) => !slot.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      if (this.slots.length < this.parallelism) {
        // More contexts are loaded on first need, so a short job never pays for them.
        const context = new this.nativeModule.WhisperContext({ filePath: this.options.modelPath, useGpu: this.options.moduleBackend !== 'cpu' });
        const slot = { context, busy: true };
        this.slots.push(slot);
        this.options.log(`whisper: loaded context ${this.slots.length} of ${this.parallelism}`);
        return slot;
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.waiters.push(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  private releaseSlot(slot: ContextSlot): void {
    slot.busy = false;
    this.waiters.shift()?.();
  }

  /** Called by the native log router: whisper.cpp logs each detection's probability. */
  private onNativeLine(text: string): void {
    const match = /auto-detected language: (\S+) \(p = ([0-9.]+)\)/.exec(text);
    if (match) this.detectedProbabilities.push({ language: match[1] as string, probability: Number(match[2]) });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
    this.removeDetectionListener();
    // release() is safe while a (stopped) pass still runs: the native session outlives it.
    await Promise.all(this.slots.map((slot) => slot.context.release().catch(() => {})));
  }

}

/** 16 kHz s16le samples [from, to) of the decoded PCM file, as -1..1 floats. */
export function readPcmWindow(pcmPath: string, fromSample: number, toSample: number): Float32Array {
  const count = Math.max(0, toSample - fromSample);
  const bytes = Buffer.alloc(count * 2);
  const fd = fs.openSync(pcmPath, 'r');
  let got = 0;
  try {
    got = fs.readSync(fd, bytes, 0, bytes.length, fromSample * 2);
  } finally {
    fs.closeSync(fd);
  }
  const samples = new Float32Array(Math.floor(got / 2));
  for (let index = 0; index < samples.length; index++) samples[index] = bytes.readInt16LE(index * 2) / 32768;
  return samples;
}

/** whisper's chunk-relative segments (t0/t1 in ms) → absolute transcript segments: offset added,
 * clamped to the chunk, loops collapsed, likely hallucinations dropped. */
export function toAbsoluteSegments(
  raw: ReadonlyArray<{ text: string; t0: number; t1: number }>,
  audio: Pick<ChunkAudio, 'samples' | 'offsetSec'>,
  chunkDbfs: number = rmsDbfs(audio.samples),
  onDropped: (text: string) => void = () => {},
): TranscriptSegment[] {
  const chunkEndSec = audio.offsetSec + audio.samples.length / SAMPLE_RATE;
  const segments: TranscriptSegment[] = [];
  for (const segment of raw) {
    const text = collapseRepeats(segment.text);
    const segmentDbfs = rmsDbfs(audio.samples, (segment.t0 / 1000) * SAMPLE_RATE, (segment.t1 / 1000) * SAMPLE_RATE);
    const noSpeechProb = quietnessAsNoSpeechProb(segmentDbfs, chunkDbfs);
    const durationSec = Math.max(0, (segment.t1 - segment.t0) / 1000);
    if (isLikelyHallucination({ text, noSpeechProb, durationSec })) {
      onDropped(text);
      continue;
    }
    const startSec = Math.min(chunkEndSec, audio.offsetSec + segment.t0 / 1000);
    const endSec = Math.min(chunkEndSec, Math.max(startSec, audio.offsetSec + segment.t1 / 1000));
    segments.push({ startSec, endSec, text });
  }
  return segments;
}
