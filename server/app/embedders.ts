// The embedder a job or a search uses, loaded only when something needs embedding (a re-run of a
// finished job does not).
import type { Db } from '../store/database';
import type { Embedder } from '../domain/analysis';
import type { EmbedderConfig } from '../knowledge/embeddings';
import { createEmbedder } from './searchService';
import { USE_LITE_ID } from '../knowledge/embeddings/useLite';

export function lazyEmbedder(config: EmbedderConfig, db: Db): Embedder {
  let real: Promise<Embedder> | undefined;
  let dim = 0; // unknown until the model has loaded
  return {
    // The same ids the real embedders report: passages and cached vectors are keyed by them.
    id: config.kind === 'use-lite' ? USE_LITE_ID : `transformers:${config.model}`,
    get dim(): number {
      return dim;
    },
    embed: async (texts) => {
      const e = await (real ??= createEmbedder(config, db));
      dim = e.dim;
      return e.embed(texts);
    },
  };
}
