// What the adapters (the CLI's `models` command, settings) may know of the speech side: the model
// catalogue and downloads, and the GPU preference names.
export { listModels, modelsDir, pullModel, DEFAULT_MODEL_BASE_URL } from '../ingest/models/modelManager';
export type { GpuPreference } from '../ingest/transcribe/gpuBackend';
