// "Download GPU Build": fetch whisper's CUDA or Vulkan build (left out of the VSIX) and say whether it
// loads here — a download can succeed on a machine whose driver the build then does not find.
import { UserError } from '../domain/errors';
import { pullGpuBuild } from '../ingest/transcribe/gpuBuilds';
import { cpuBuildVersion, forgetProbe, probeBackends, variantPackageName } from '../ingest/transcribe/gpuBackend';

export interface GpuBuildResult {
  folder: string;
  loads: boolean;
  /** Why it does not load (the first line of the loader's error), when it does not. */
  error?: string;
}

export async function downloadGpuBuild(
  build: 'cuda' | 'vulkan',
  opts: { registry?: string; dir?: string; signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<GpuBuildResult> {
  const version = cpuBuildVersion();
  if (!version) throw new UserError('whisper.cpp\'s CPU build is missing, so the matching GPU build is unknown; reinstall VideoInsight', 'EGPU');
  const folder = await pullGpuBuild(variantPackageName(build), { version, ...opts });
  forgetProbe();
  const probe = (await probeBackends())[build];
  return { folder, loads: probe.ok, ...(probe.error ? { error: probe.error } : {}) };
}
