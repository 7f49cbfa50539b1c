// Proves a trickling server cannot hold a job forever: real yt-dlp downloads from a loopback server
// that sends 200 bytes a second; with the watchdog's window shortened to 4 s the CLI stops with
// one line naming the rate, exit non-zero, and leaves no notes.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli } from '../helpers/cli';

test('a download trickling at 200 B/s is stopped with one line', async () => {
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': String(5_000_000) });
    if (req.method === 'HEAD') return res.end();
    const t = setInterval(() => res.write(Buffer.alloc(200)), 1000);
    timers.add(t);
    res.on('close', () => {
      clearInterval(t);
      timers.delete(t);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-slow-'));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lecture.mp4`;
    const t0 = Date.now();
    const r = await runCli(['notes', url, '--out', out], { env: { VIDEOINSIGHT_SLOW_DOWNLOAD_SEC: '4' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /too slow \(\d+ bytes\/s for 4 s\)/);
    assert.equal(r.stderr.trim().split('\n').filter((l) => l.startsWith('videoinsight:')).length, 1, r.stderr);
    assert.ok(Date.now() - t0 < 60_000);
    assert.deepEqual(fs.readdirSync(out).filter((f) => f !== '.videoinsight'), []);
  } finally {
    for (const t of timers) clearInterval(t);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(out, { recursive: true, force: true });
  }
});
