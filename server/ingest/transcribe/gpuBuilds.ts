// Whisper's GPU builds outside the VSIX: the CUDA and Vulkan variants are 254 MB of the 377 MB an install
// would be, and only machines with such a GPU use them. The extension downloads one on request from the
// npm registry (the very packages npm installs for the CLI, at the version of the CPU build beside it),
// checks it against the registry's sha512, and unpacks it into a folder gpuBackend.ts also loads from.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { userCacheDir } from '../../domain/cacheDir';
import { CancelledError, UserError } from '../../domain/errors';
import { getFollowingRedirects } from '../httpGet';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org';

/** Where downloaded builds live: $VIDEOINSIGHT_GPU_DIR, else the user's cache (beside the models). */
export function gpuBuildsDir(): string {
  const fromEnv = process.env.VIDEOINSIGHT_GPU_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return userCacheDir('gpu');
}

/** The folder of a downloaded build: <dir>/<version>/node_modules/<package>, a package `require` loads. */
export function gpuBuildFolder(packageName: string, version: string, dir = gpuBuildsDir()): string {
  return path.join(dir, version, 'node_modules', packageName);
}

export interface PullOptions {
  /** The version of the CPU build the GPU build must match. */
  version: string;
  dir?: string;
  registry?: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** Downloads, verifies and unpacks a build's package unless it is there; returns its folder. Nothing half-made stays. */
export async function pullGpuBuild(name: string, opts: PullOptions): Promise<string> {
  const target = gpuBuildFolder(name, opts.version, opts.dir);
  if (fs.existsSync(path.join(target, 'package.json'))) return target;
  // npm's own setting names a mirror, as it does for npm itself.
  const registry = (opts.registry ?? process.env.npm_config_registry ?? DEFAULT_REGISTRY).replace(/\/+$/, '');
  const meta = JSON.parse((await get(`${registry}/${name.replace('/', '%2f')}/${encodeURIComponent(opts.version)}`, opts.signal)).toString('utf8')) as {
    dist?: { tarball?: string; integrity?: string };
  };
  const tarball = meta.dist?.tarball;
  const integrity = /^sha512-([A-Za-z0-9+/=]+)$/.exec(meta.dist?.integrity ?? '')?.[1];
  if (!tarball || !/^https?:\/\//.test(tarball) || !integrity) throw new UserError(`the registry gave no tarball with a sha512 for ${name}@${opts.version}`, 'EDOWNLOAD');
  const body = await get(tarball, opts.signal, opts.onProgress);
  if (createHash('sha512').update(body).digest('base64') !== integrity) {
    throw new UserError(`the download of ${name}@${opts.version} does not match the registry's sha512; nothing was installed`, 'EDOWNLOAD');
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.unpack-'));
  try {
    // npm tarballs hold one folder, "package/"; node-tar refuses absolute paths and "..".
    await new Promise<void>((resolve, reject) => {
      const x = tar.x({ cwd: staging, strip: 1 });
      x.on('error', reject).on('close', resolve);
      x.end(body);
    });
    if (!fs.existsSync(path.join(staging, 'package.json'))) throw new UserError(`${name}@${opts.version} unpacked to no package`, 'EDOWNLOAD');
    fs.renameSync(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/** GET into memory, after any redirects; fraction of the body as it comes. */
async function get(url: string, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<Buffer> {
  let response;
  try {
    response = await getFollowingRedirects(url, { headers: { 'user-agent': 'videoinsight-gpu-builds' }, signal });
  } catch (e) {
    if (e instanceof UserError || e instanceof CancelledError) throw e;
    throw new UserError(`download from ${url} failed: ${(e as Error).message}`, 'EDOWNLOAD');
  }
  const status = response.statusCode ?? 0;
  if (status !== 200) {
    response.resume();
    throw new UserError(`download from ${url} failed: HTTP ${status}`, 'EDOWNLOAD');
  }
  const total = Number(response.headers['content-length']) || 0;
  const chunks: Buffer[] = [];
  let done = 0;
  return new Promise((resolve, reject) => {
    response.on('data', (c: Buffer) => {
      chunks.push(c);
      done += c.length;
      if (total > 0) onProgress?.(Math.min(1, done / total));
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', (e: Error) => reject(signal?.aborted ? new CancelledError() : e));
  });
}
