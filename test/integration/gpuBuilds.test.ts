// Proves "Download GPU Build" end to end against a loopback npm registry: the real Vulkan build of
// whisper.cpp (packed here from node_modules into an npm tarball) is fetched, checked against the
// registry's sha512, unpacked into the GPU builds folder, and then really loads from there (a dlopen
// of the Vulkan library; this machine has no GPU, loading is all it proves). A tarball whose sha512
// does not match installs nothing and leaves no temp files; a second download of a present build
// makes no request.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as tar from 'tar';
import { pullGpuBuild, gpuBuildFolder } from '../../server/ingest/transcribe/gpuBuilds';
import { cpuBuildVersion, variantPackageName } from '../../server/ingest/transcribe/gpuBackend';

const NAME = variantPackageName('vulkan');
const SOURCE = path.resolve(__dirname, '../../node_modules', NAME);

interface Registry { url: string; requests: string[]; stop(): Promise<void> }

/** Serves the package's metadata (with `integrity`) and its tarball, on 127.0.0.1. */
async function registry(tgz: Buffer, integrity: string, version: string): Promise<Registry> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === `/${NAME.replace('/', '%2f')}/${version}`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ name: NAME, version, dist: { tarball: `${base}/t/${path.basename(NAME)}-${version}.tgz`, integrity } }));
    }
    if (req.url?.startsWith('/t/')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(tgz.length) });
      return res.end(tgz);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** An npm-style tarball ("package/…") of the installed package. */
async function pack(): Promise<Buffer> {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-pack-'));
  try {
    fs.cpSync(SOURCE, path.join(stage, 'package'), { recursive: true, dereference: true });
    const file = path.join(stage, 'p.tgz');
    await tar.c({ gzip: true, file, cwd: stage, portable: true }, ['package']);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

test('a GPU build downloads from the registry, is verified, unpacked, and loads; a bad sha512 installs nothing', async () => {
  const version = cpuBuildVersion();
  assert.ok(version, 'the CPU build is installed');
  const tgz = await pack();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-gpu-'));
  const good = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
  const bad = `sha512-${createHash('sha512').update('something else').digest('base64')}`;
  const wrong = await registry(tgz, bad, version);
  try {
    await assert.rejects(pullGpuBuild(NAME, { version, dir, registry: wrong.url }), /does not match the registry's sha512; nothing was installed/);
    assert.equal(fs.existsSync(gpuBuildFolder(NAME, version, dir)), false);
    assert.deepEqual(fs.readdirSync(dir).flatMap((d) => fs.readdirSync(path.join(dir, d), { recursive: true, encoding: 'utf8' })), [], 'no temp files');
  } finally {
    await wrong.stop();
  }
  const right = await registry(tgz, good, version);
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
