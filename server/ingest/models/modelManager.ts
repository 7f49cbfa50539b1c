// whisper.cpp ggml models: where they live, which ones exist, which one to use, a header check,
// and a resumable, checksum-verified download. A present, verified model never touches the network.
//
//   catalogue.ts   the published models with sizes and SHA-1 sums
//   resolution.ts  name, path or quality tier → file (the tier's preferences live in domain/qualityTiers)
//   ggmlHeader.ts  the header walk that rejects wrong or truncated files
//   downloader.ts  resumable download with checksum
export { DEFAULT_MODEL_BASE_URL, modelFileName } from './catalogue';
export { bestInstalledModel, listModels, modelsDir, resolveModel, type ModelInfo } from './resolution';
export { checkModelFile, readModelHeader, type ModelHeader } from './ggmlHeader';
export { pullModel } from './downloader';
