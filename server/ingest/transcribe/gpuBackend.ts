// Which build of whisper.cpp to run on: CUDA → Vulkan → CPU, by what actually loads here.
// @fugood/whisper.node ships one native addon per variant as its own npm package
// (@fugood/node-whisper-<platform>-<arch>[-vulkan|-cuda]). Its own loader caches the first
// module it loads for the whole process and silently falls back to the CPU build, so we load
// the variant packages directly: each load is a dlopen that either works or throws (e.g.
// "libcudart.so.12: cannot open shared object file"), which we record instead of crashing.
import { createRequire } from 'node:module';
import type { Module as WhisperNativeModule } from '@fugood/whisper.node/lib/binding';
import { gpuBuildFolder, gpuBuildsDir } from './gpuBuilds';

export type GpuPreference = 'auto' | 'cuda' | 'vulkan' | 'cpu';
export type Backend = 'cuda' | 'vulkan' | 'cpu';
export type BackendProbe = Record<Backend, { ok: boolean; error?: string }>;
export type { WhisperNativeModule };

/** The order `auto` tries: fastest first. */
export const AUTO_ORDER: readonly Backend[] = ['cuda', 'vulkan', 'cpu'];

const LABEL: Record<Backend, string> = { cuda: 'CUDA', vulkan: 'Vulkan', cpu: 'CPU' };

function failure(probe: BackendProbe, backend: Backend): string {
  const error = probe[backend].error;
  return error ? `the ${LABEL[backend]} build did not load (${error})` : `the ${LABEL[backend]} build did not load`;
}

/** Pure: the backend to use given the preference and which variants loaded. Never throws: a forced
 * backend that did not load falls back to cpu, and the reason says so. */
export function chooseBackend(pref: GpuPreference, probe: BackendProbe): { backend: Backend; reason: string } {
  if (pref === 'cpu') {
    return probe.cpu.ok
      ? { backend: 'cpu', reason: 'cpu: requested' }
      : { backend: 'cpu', reason: `cpu: requested, but ${failure(probe, 'cpu')}` };
  }
  if (pref === 'cuda' || pref === 'vulkan') {
    if (probe[pref].ok) return { backend: pref, reason: `${pref}: requested and the ${LABEL[pref]} build loaded` };
    return {
      backend: 'cpu',
      reason: `cpu: ${pref} was requested but ${failure(probe, pref)}; falling back to CPU`,
    };
  }
  const skipped: string[] = [];
  for (const backend of AUTO_ORDER) {
    if (probe[backend].ok) {
      const why = skipped.length > 0 ? `; ${skipped.join('; ')}` : '';
      return { backend, reason: `${backend}: the ${LABEL[backend]} build loaded${why}` };
    }
    skipped.push(failure(probe, backend));
  }
  return { backend: 'cpu', reason: `cpu: no whisper.cpp build loaded (${skipped.join('; ')})` };
}

/** npm package holding the native addon for a backend on this platform. */
export function variantPackageName(backend: Backend, platform: string = process.platform, arch: string = process.arch): string {
  const suffix = backend === 'cpu' ? '' : `-${backend}`;
  return `@fugood/node-whisper-${platform}-${arch}${suffix}`;
}

// CommonJS here (tsx, and the esbuild bundle) has `require`; the fallback is for an ESM build.
const requireFromHere: NodeRequire = typeof require === 'function' ? require : createRequire(import.meta.url);
const loadedModules = new Map<Backend, WhisperNativeModule>();
let probeCache: Promise<BackendProbe> | null = null;

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** The version of the CPU build (always shipped): a downloaded GPU build must be the same. */
export function cpuBuildVersion(): string | undefined {
  try {
    return (requireFromHere(`${variantPackageName('cpu')}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Where a backend's package loads from: node_modules (npm installs of the CLI), then the GPU builds
 * folder (the VSIX leaves the GPU builds out; "Download GPU Build" puts one there). */
export function variantLocations(backend: Backend, gpuDir = gpuBuildsDir()): string[] {
  const name = variantPackageName(backend);
  const version = backend === 'cpu' ? undefined : cpuBuildVersion();
  return version ? [name, gpuBuildFolder(name, version, gpuDir)] : [name];
}

function tryLoad(backend: Backend): { ok: boolean; error?: string } {
  if (loadedModules.has(backend)) return { ok: true };
  for (const location of variantLocations(backend)) {
    try {
      const loaded = requireFromHere(location) as Partial<WhisperNativeModule>;
      if (typeof loaded.WhisperContext !== 'function') return { ok: false, error: 'the package has no WhisperContext export' };
      loadedModules.set(backend, loaded as WhisperNativeModule);
      return { ok: true };
    } catch (error) {
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') return { ok: false, error: firstLine(error) };
    }
  }
  const hint = backend === 'cpu' ? '' : ' (VideoInsight: Download GPU Build)';
  return { ok: false, error: `${variantPackageName(backend)} is not installed${hint}` };
}

/** After a download: the next probe looks again (modules that loaded stay loaded). */
export function forgetProbe(): void {
  probeCache = null;
}

/** Loads each variant once (a dlopen in try/catch) and caches the answer for the process.
 * "ok" means the library loaded; whether it finds a GPU device is only known when a model is
 * loaded on it (WhisperEngine reads whisper.cpp's log for that). */
export function probeBackends(): Promise<BackendProbe> {
  probeCache ??= Promise.resolve().then(() => ({ cuda: tryLoad('cuda'), vulkan: tryLoad('vulkan'), cpu: tryLoad('cpu') }));
  return probeCache;
}

/** The native module of a backend that probed ok. */
export function loadedBackendModule(backend: Backend): WhisperNativeModule | undefined {
  return loadedModules.get(backend);
}

type NativeLogListener = (level: string, text: string) => void;
const logListeners = new Map<Backend, Set<NativeLogListener>>();

/** whisper.cpp's log is per native module and global; when nobody routes it, whisper.cpp writes it
 * to stderr, which would clutter the CLI. It is routed while at least one listener exists (an open
 * engine): the routing holds a thread-safe function that keeps Node's event loop alive, so it is
 * switched off again with the last listener, or the process could never exit. */
export function addNativeLogListener(backend: Backend, listener: NativeLogListener): () => void {
  const nativeModule = loadedModules.get(backend);
  let listeners = logListeners.get(backend);
  if (!listeners) {
    const created = new Set<NativeLogListener>();
    listeners = created;
    logListeners.set(backend, created);
    nativeModule?.WhisperContext.toggleNativeLog(true, (level, text) => {
      for (const each of created) each(level, text);
    });
  }
  const current = listeners;
  current.add(listener);
  return () => {
    if (!current.delete(listener) || current.size > 0) return;
    logListeners.delete(backend);
    nativeModule?.WhisperContext.toggleNativeLog(false);
  };
}
