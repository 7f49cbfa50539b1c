// Where models live and which one a name, a path or a quality tier means. Never downloads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { userCacheDir } from '../../domain/cacheDir';
import { DEFAULT_QUALITY_TIER, QUALITY_TIERS } from '../../domain/qualityTiers';
import type { QualityTier } from '../../domain/types';
import { KNOWN_MODELS, modelFileName } from './catalogue';

export interface ModelInfo {
  name: string;
  file: string;
  /** Actual size when present; else the published size (approximate, from whisper.cpp's models/README). */
  sizeBytes?: number;
  sha1?: string;
  present: boolean;
  path: string;
}

export function modelsDir(): string {
  const fromEnv = process.env.VIDEOINSIGHT_MODELS_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return userCacheDir('models');
}

/** Size of a regular file, or null when there is none. */
export function fileSize(filePath: string): number | null {
  try {
    const stat = fs.statSync(filePath);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

export function listModels(dir: string = modelsDir()): ModelInfo[] {
  const models: ModelInfo[] = KNOWN_MODELS.map((model) => {
    const file = modelFileName(model.name);
    const modelPath = path.join(dir, file);
    const size = fileSize(modelPath);
    return { name: model.name, file, sizeBytes: size ?? Math.round(model.approxBytes), sha1: model.sha1, present: size !== null, path: modelPath };
  });
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    // No models directory yet: only the known list.
  }
  const knownFiles = new Set(models.map((model) => model.file));
  for (const file of entries.sort()) {
    if (!file.endsWith('.bin') || knownFiles.has(file)) continue;
    const modelPath = path.join(dir, file);
    const size = fileSize(modelPath);
    if (size === null) continue;
    const name = file.replace(/^ggml-/, '').replace(/\.bin$/, '');
    models.push({ name, file, sizeBytes: size, present: true, path: modelPath });
  }
  return models;
}

function looksLikePath(value: string): boolean {
  return value.includes('/') || value.includes(path.sep) || value.endsWith('.bin');
}

/** The model to use for a quality tier: the first installed one of the tier's preferred models
 * (domain/qualityTiers), else any installed model, else null. Never downloads. */
export function bestInstalledModel(tier: QualityTier, dir: string = modelsDir()): string | null {
  const present = listModels(dir).filter((model) => model.present);
  for (const name of QUALITY_TIERS[tier].preferredModels) {
    const match = present.find((model) => model.name === name);
    if (match) return match.path;
  }
  return present[0]?.path ?? null;
}

/** --model NAME|PATH → a path, or null. Never downloads. With no name: bestInstalledModel for the
 * default quality tier. */
export function resolveModel(nameOrPath: string | undefined, dir: string = modelsDir()): string | null {
  if (nameOrPath === undefined || nameOrPath.trim() === '') return bestInstalledModel(DEFAULT_QUALITY_TIER, dir);
  const asPath = path.resolve(nameOrPath);
  if (fileSize(asPath) !== null) return asPath;
  if (looksLikePath(nameOrPath)) return null;
  const byName = [path.join(dir, modelFileName(nameOrPath)), path.join(dir, `${nameOrPath}.bin`)];
  return byName.find((candidate) => fileSize(candidate) !== null) ?? null;
}
