// One embedding interface for the knowledge engine: USE-lite by default, a transformers.js model optionally.
// Adds what every caller wants: batching, unit-length vectors, length limits, and a persistent vector cache
// (an EmbeddingCache; the store implements it in server/store/embeddingCache.ts, app wires the two).
import crypto from 'node:crypto';
import type { Embedder } from '../../domain/analysis';
import { normalize } from '../../domain/vector';
import { transformersEmbedder } from './transformers';
import { useLiteEmbedder } from './useLite';

export type EmbedderConfig =
  | { kind: 'use-lite' }
  | { kind: 'transformers'; model: string; localPath?: string; allowRemote?: boolean };

/** Texts handed to the raw embedder per call; it batches further (USE-lite: 32 per model call, two lanes). */
export const EMBED_BATCH = 256;
/** Longer texts are cut: the models read a few hundred tokens at most and cost grows with length. */
export const MAX_EMBED_CHARS = 1500;

/** Vectors by (model id, sha1 of the prepared text) that outlive the process. */
export interface EmbeddingCache {
  get(model: string, textHash: string): Float32Array | undefined;
  put(model: string, entries: Iterable<[textHash: string, vector: Float32Array]>): void;
}

/** Batches, and caches vectors by (model id, text hash) in `cache` when given. */
export async function createEmbedder(config: EmbedderConfig, cache?: EmbeddingCache): Promise<Embedder> {
  const raw = config.kind === 'use-lite' ? useLiteEmbedder() : await transformersEmbedder(config);
  return wrapEmbedder(raw, cache);
}

export function textHash(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

/** Batching + normalization + optional persistent cache around any raw embedder. */
export function wrapEmbedder(raw: Embedder, cache?: EmbeddingCache, batchSize = EMBED_BATCH): Embedder {
  const memo = new Map<string, Float32Array>();
  const MEMO_LIMIT = 50_000;

  const lookup = (hash: string): Float32Array | undefined => {
    const hit = memo.get(hash);
    if (hit) return hit;
    const v = cache?.get(raw.id, hash);
    if (v && (v.length === raw.dim || raw.dim === 0)) return v;
    return undefined;
  };

  return {
    id: raw.id,
    dim: raw.dim,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const prepared = texts.map((t) => prepareText(t));
      const hashes = prepared.map((t) => textHash(t));
      const out: (Float32Array | undefined)[] = hashes.map((h) => lookup(h));
      // Unique misses only: repeated texts are embedded once.
      const missing = new Map<string, string>();
      hashes.forEach((h, i) => {
        if (!out[i] && !missing.has(h)) missing.set(h, prepared[i]);
      });
      // Similar lengths per batch: the encoder pads every text of a batch to the longest one.
      const missHashes = [...missing.keys()].sort((a, b) => missing.get(a)!.length - missing.get(b)!.length || (a < b ? -1 : 1));
      const fresh = new Map<string, Float32Array>();
      // Several batches per call: the raw embedder may run them in parallel lanes.
      for (let i = 0; i < missHashes.length; i += batchSize) {
        const batch = missHashes.slice(i, i + batchSize);
        const vectors = await raw.embed(batch.map((h) => missing.get(h)!));
        batch.forEach((h, j) => fresh.set(h, normalize(vectors[j])));
      }
      if (cache && fresh.size > 0) cache.put(raw.id, fresh);
      if (memo.size > MEMO_LIMIT) memo.clear();
      for (const [h, v] of fresh) memo.set(h, v);
      return hashes.map((h, i) => out[i] ?? fresh.get(h)!);
    },
  };
}

/** Whitespace collapsed, length capped; an empty text becomes a single space (models reject ''). */
function prepareText(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().slice(0, MAX_EMBED_CHARS);
  return t.length > 0 ? t : ' ';
}
