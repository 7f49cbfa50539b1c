// Typed wrapper around a @huggingface/transformers feature-extraction model (e.g. all-MiniLM-L6-v2).
// Local folders only unless the user allowed remote downloads.
import path from 'node:path';
import { UserError } from '../../domain/errors';
import type { Embedder } from '../../domain/analysis';

interface FeatureTensor {
  dims: number[];
  data: Float32Array | number[];
}
type FeatureExtractor = (texts: string[], opts: { pooling: 'mean'; normalize: boolean }) => Promise<FeatureTensor>;

export interface TransformersOptions {
  model: string;
  localPath?: string;
  allowRemote?: boolean;
}

export async function transformersEmbedder(opts: TransformersOptions): Promise<Embedder> {
  const lib = await import('@huggingface/transformers');
  lib.env.allowRemoteModels = opts.allowRemote === true;
  let modelId = opts.model;
  if (opts.localPath) {
    // A folder holding the model itself: its parent is the model root and its name the model id.
    const abs = path.resolve(opts.localPath);
    lib.env.localModelPath = path.dirname(abs) + path.sep;
    modelId = path.basename(abs);
  }
  lib.env.allowLocalModels = true;
  let extractor: FeatureExtractor;
  try {
    const pipe = await lib.pipeline('feature-extraction', modelId, { device: 'cpu' });
    extractor = pipe as unknown as FeatureExtractor;
  } catch (e) {
    const hint = opts.allowRemote ? '' : ' (remote models are off; give a local model folder or allow downloads)';
    throw new UserError(`cannot load the embedding model ${opts.model}: ${(e as Error).message}${hint}`, 'EMODEL');
  }
  let dim = 0;
  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
    const out = await extractor(texts, { pooling: 'mean', normalize: true });
    const d = out.dims[out.dims.length - 1];
    const data = out.data instanceof Float32Array ? out.data : Float32Array.from(out.data);
    const rows: Float32Array[] = [];
    for (let i = 0; i < texts.length; i++) rows.push(data.slice(i * d, (i + 1) * d));
    return rows;
  };
  // The dimension is only known after a first run.
  dim = (await embed(['dimension probe']))[0].length;
  return { id: `transformers:${opts.model}`, dim, embed };
}
