// Which whisper model a request means, and the speech engine for a chosen engine name, sized to
// the machine (cores, free memory, libuv pool).
import fs from 'node:fs';
import os from 'node:os';
import type { EngineChoice, EngineName, QualityTier } from '../domain/types';
import { UserError } from '../domain/errors';
import type { SpeechEngine } from '../ingest/transcribe/engine';
import { PocketsphinxEngine } from '../ingest/transcribe/pocketsphinxEngine';
import { WhisperLanes } from '../ingest/transcribe/whisperLanes';
import type { GpuPreference } from '../ingest/transcribe/gpuBackend';
import { bestInstalledModel, checkModelFile, resolveModel } from '../ingest/models/modelManager';
import { planParallelism, whisperWorkerBytes } from '../ingest/transcribe/parallelism';

/** --model NAME|PATH (checked before any download), or the best installed model for the quality tier. */
export function chooseModelPath(req: { model?: string; engine?: EngineChoice; quality: QualityTier }): string | null {
  if (req.model) {
    const p = resolveModel(req.model);
    if (!p) {
      throw new UserError(`whisper model "${req.model}" is not installed: run \`videoinsight models pull ${req.model}\` or pass a file path`, 'ENOMODEL');
    }
    checkModelFile(p);
    return p;
  }
  if (req.engine && req.engine !== 'auto' && req.engine !== 'whisper') return null;
  return bestInstalledModel(req.quality);
}

export interface EngineRequest {
  threads?: number;
  gpu?: GpuPreference;
  log?: (line: string) => void;
}

/** Chunks run in parallel as far as cores, memory and (for whisper) the libuv pool allow. */
export async function createSpeechEngine(name: EngineName, modelPath: string | null, req: EngineRequest): Promise<SpeechEngine> {
  const machine = {
    cores: os.availableParallelism(), freeMemBytes: os.freemem(), requestedThreads: req.threads,
    threadPoolSize: Number(process.env.UV_THREADPOOL_SIZE) || 4,
  };
  if (name === 'whisper') {
    if (!modelPath) throw new UserError('the whisper engine needs a model: `videoinsight models pull base.en`', 'ENOMODEL');
    const plan = planParallelism({ ...machine, engine: name, perWorkerBytes: whisperWorkerBytes(fs.statSync(modelPath).size) });
    // Each parallel chunk in its own process: Cancel can stop whisper mid-chunk.
    return WhisperLanes.start({ modelPath, threads: plan.threadsPerWorker, parallelism: plan.workers, gpu: req.gpu ?? 'auto', log: req.log });
  }
  if (name === 'pocketsphinx') {
    const plan = planParallelism({ ...machine, engine: name, perWorkerBytes: 64 * 1024 * 1024 });
    return new PocketsphinxEngine({ parallelism: plan.workers });
  }
  throw new UserError(`${name} is not a speech engine`);
}
