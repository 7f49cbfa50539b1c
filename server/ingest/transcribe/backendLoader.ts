// Loads a whisper model on the best build gpuBackend.ts offers, and finds out what it really runs
// on: a GPU build that loads may still find no device (whisper.cpp then runs on its CPU backend),
// and a GPU build that cannot load the model falls back to the CPU build. Never a crash for a
// missing GPU library; a model no build can load is a one-line UserError.
import type { WhisperContext } from '@fugood/whisper.node/lib/binding';
import { UserError } from '../../domain/errors';
import {
  addNativeLogListener,
  chooseBackend,
  loadedBackendModule,
  probeBackends,
  type Backend,
  type GpuPreference,
  type WhisperNativeModule,
} from './gpuBackend';

export interface LoadedModel {
  module: WhisperNativeModule;
  context: WhisperContext;
  /** The build whose native module holds the context. */
  moduleBackend: Backend;
  /** What whisper.cpp actually runs on (cpu when a GPU build loaded but found no device). */
  backend: Backend;
  /** The backend choice and, where it differs, why it fell back. */
  reason: string;
  /** Stops routing the native log to the loader; call once the engine's own listener is in place. */
  removeListener: () => void;
}

type OpenResult =
  | { ok: true; backend: Backend; module: WhisperNativeModule; context: WhisperContext; removeListener: () => void }
  | { ok: false; error: string };

/** Loads the model on one backend's build; never throws (a failure is the answer). */
async function openContext(backend: Backend, modelPath: string, nativeLines: string[]): Promise<OpenResult> {
  const nativeModule = loadedBackendModule(backend);
  if (!nativeModule) return { ok: false, error: `the ${backend} build of whisper.cpp did not load` };
  let sawInitEnd!: () => void;
  const initEnded = new Promise<void>((resolve) => (sawInitEnd = resolve));
  const removeListener = addNativeLogListener(backend, (level, text) => {
    nativeLines.push(text.trim());
    if (/compute buffer \(decode\)|failed to/.test(text)) sawInitEnd();
    if (level === 'error') nativeLines.push(`error: ${text.trim()}`);
  });
  try {
    const context = new nativeModule.WhisperContext({ filePath: modelPath, useGpu: backend !== 'cpu' });
    // Log lines arrive asynchronously after the synchronous load; wait briefly for the last one.
    await Promise.race([initEnded, new Promise((resolve) => setTimeout(resolve, 1000))]);
    return { ok: true, backend, module: nativeModule, context, removeListener };
  } catch (error) {
    removeListener();
    const lastError = nativeLines.filter((line) => line.startsWith('error: ')).pop()?.slice(7);
    return { ok: false, error: lastError ?? (error instanceof Error ? error.message : String(error)) };
  }
}

/** The first context of a model on the preferred build, with what it really runs on and why. */
export async function loadModel(gpu: GpuPreference, modelPath: string, log: (line: string) => void): Promise<LoadedModel> {
  const probe = await probeBackends();
  let choice = chooseBackend(gpu, probe);
  log(`whisper build: ${choice.reason}`);

  // Native log lines say whether the GPU build found a device ("using Vulkan0 backend" / "no GPU found").
  const nativeLines: string[] = [];
  let attempt = await openContext(choice.backend, modelPath, nativeLines);
  if (!attempt.ok && choice.backend !== 'cpu') {
    log(`whisper backend: ${choice.backend} failed to load the model (${attempt.error}); falling back to CPU`);
    choice = { backend: 'cpu', reason: `cpu: ${choice.backend} failed to load the model` };
    attempt = await openContext('cpu', modelPath, nativeLines);
  }
  if (!attempt.ok) {
    throw new UserError(`whisper.cpp could not load the model ${modelPath}: ${attempt.error}`, 'EMODEL');
  }
  let backend = choice.backend;
  let reason = choice.reason;
  if (backend !== 'cpu') {
    const usedDevice = nativeLines.map((line) => /whisper_backend_init_gpu: using (.+) backend/.exec(line)?.[1]).find(Boolean);
    const initFailed = nativeLines.some((line) => /whisper_backend_init_gpu: failed to initialize/.test(line));
    if (!usedDevice || initFailed) {
      // The GPU build includes the CPU backend; it runs, just not on a GPU.
      const label = backend === 'cuda' ? 'CUDA' : 'Vulkan';
      reason = initFailed
        ? `cpu: the ${backend} build loaded but the ${label} device ${usedDevice ?? ''} failed to initialize, so it runs on the CPU`
        : `cpu: the ${backend} build loaded but whisper.cpp found no ${label} device, so it runs on the CPU`;
      backend = 'cpu';
      log(`whisper backend: ${reason}`);
    } else {
      log(`whisper backend: running on ${usedDevice}`);
    }
  }
  return { module: attempt.module, context: attempt.context, moduleBackend: attempt.backend, backend, reason, removeListener: attempt.removeListener };
}
