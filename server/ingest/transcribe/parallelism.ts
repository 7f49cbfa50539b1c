// How many chunks to transcribe at once, and with how many threads each.
import type { EngineName } from '../../domain/types';

export interface ParallelismInput {
  cores: number;
  freeMemBytes: number;
  /** Memory one worker needs (a whisper context: the model plus its compute buffers). */
  perWorkerBytes: number;
  engine: EngineName;
  /** --threads: total threads the user allows. */
  requestedThreads?: number;
  /** libuv's thread pool size (UV_THREADPOOL_SIZE, default 4). Each whisper job occupies one of its
   * threads for its whole run, so one is left free for file I/O. */
  threadPoolSize?: number;
}

/** Keep this much memory for everything else (the pipeline, the OS, the user's editor). */
const MEMORY_HEADROOM = 0.75;
/** whisper.cpp scales well to ~4 threads per context; beyond that more contexts use cores better. */
const WHISPER_THREADS_SWEET_SPOT = 4;
const MAX_WORKERS = 8;

export function planParallelism(input: ParallelismInput): { workers: number; threadsPerWorker: number } {
  const cores = Math.max(1, Math.floor(Number.isFinite(input.cores) ? input.cores : 1));
  const budget = Math.max(1, Math.floor(input.requestedThreads !== undefined && input.requestedThreads > 0 ? input.requestedThreads : cores));
  if (input.engine === 'captions') return { workers: 1, threadsPerWorker: 1 };
  const byMemory = input.perWorkerBytes > 0 ? Math.floor((Math.max(0, input.freeMemBytes) * MEMORY_HEADROOM) / input.perWorkerBytes) : MAX_WORKERS;
  if (input.engine === 'pocketsphinx') {
    // Single-threaded processes: one per core.
    const workers = Math.max(1, Math.min(budget, byMemory, MAX_WORKERS));
    return { workers, threadsPerWorker: 1 };
  }
  const byThreads = Math.max(1, Math.floor(budget / WHISPER_THREADS_SWEET_SPOT));
  const byThreadPool = Math.max(1, Math.floor(input.threadPoolSize ?? 4) - 1);
  const workers = Math.max(1, Math.min(byThreads, byMemory, byThreadPool, MAX_WORKERS));
  const threadsPerWorker = Math.max(1, Math.floor(budget / workers));
  return { workers, threadsPerWorker };
}

/** Memory for one whisper context: the weights plus whisper.cpp's KV caches and compute buffers
 * (they grow with the model, so they scale with its size; the measurement is in BENCHMARKS.md). */
export function whisperWorkerBytes(modelFileBytes: number): number {
  return Math.round(modelFileBytes * 1.25 + 200 * 1024 * 1024);
}
