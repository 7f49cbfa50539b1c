// Proves "Download GPU Build" end to end against a loopback npm registry: the real Vulkan build of
// whisper.cpp (packed here from node_modules into an npm tarball) is fetched, checked against the
// registry's sha512, unpacked into the GPU builds folder, and then really loads from there (a dlopen
// of the Vulkan library; this machine has no GPU, loading is all it proves). A tarball whose sha512
// does not match installs nothing and leaves no temp files; a second download of a present build
// makes no request.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pullGpuBuild, gpuBuildFolder } from '../../server/ingest/transcribe/gpuBuilds';
import { cpuBuildVersion, variantPackageName } from '../../server/ingest/transcribe/gpuBackend';
import { npmRegistry, packFolder, sha512Integrity } from '../helpers/npmRegistry';

const NAME = variantPackageName('vulkan');
const SOURCE = path.resolve(__dirname, '../../node_modules', NAME);

test('a GPU build downloads from the registry, is verified, unpacked, and loads; a bad sha512 installs nothing', async () => {
  const version = cpuBuildVersion();
  assert.ok(version, 'the CPU build is installed');
  const tgz = await packFolder(SOURCE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-gpu-'));
  const wrong = await npmRegistry(NAME, version, tgz, sha512Integrity('something else'));
  try {
    await assert.rejects(pullGpuBuild(NAME, { version, dir, registry: wrong.url }), /does not match the registry's sha512; nothing was installed/);
    assert.equal(fs.existsSync(gpuBuildFolder(NAME, version, dir)), false);
    assert.deepEqual(fs.readdirSync(dir).flatMap((d) => fs.readdirSync(path.join(dir, d), { recursive: true, encoding: 'utf8' })), [], 'no temp files');
  } finally {
    await wrong.stop();
  }
  const right = await npmRegistry(NAME, version, tgz);
  try {
    let last = 0;
    const folder = await pullGpuBuild(NAME, { version, dir, registry: right.url, onProgress: (f) => { last = f; } });
    assert.equal(folder, gpuBuildFolder(NAME, version, dir));
    assert.equal(last, 1, 'progress reached the end');
    assert.deepEqual(fs.readdirSync(path.dirname(folder)), [path.basename(NAME)], 'only the package, no staging folder');
    // The real library loads from there (a dlopen in this process).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(folder) as { WhisperContext?: unknown };
    assert.equal(typeof loaded.WhisperContext, 'function');
    const before = right.requests.length;
    assert.equal(await pullGpuBuild(NAME, { version, dir, registry: right.url }), folder);
    assert.equal(right.requests.length, before, 'a present build is not downloaded again');
  } finally {
    await right.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
