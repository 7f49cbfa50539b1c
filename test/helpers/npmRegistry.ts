// A loopback npm registry for one package version (its metadata with the tarball's sha512, and the
// tarball), and an npm-style tarball ("package/…") of an installed package. Listens on 127.0.0.1.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as tar from 'tar';

export interface NpmRegistry { url: string; requests: string[]; stop(): Promise<void> }

export function sha512Integrity(data: Buffer | string): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

/** Serves `name@version`: metadata saying `integrity` (the tarball's own unless given) and the tarball. */
export async function npmRegistry(name: string, version: string, tgz: Buffer, integrity = sha512Integrity(tgz)): Promise<NpmRegistry> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === `/${name.replace('/', '%2f')}/${version}`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ name, version, dist: { tarball: `${base}/t/${path.basename(name)}-${version}.tgz`, integrity } }));
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

/** The installed package folder as an npm tarball. */
export async function packFolder(folder: string): Promise<Buffer> {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-pack-'));
  try {
    fs.cpSync(folder, path.join(stage, 'package'), { recursive: true, dereference: true });
    const file = path.join(stage, 'p.tgz');
    await tar.c({ gzip: true, file, cwd: stage, portable: true }, ['package']);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
