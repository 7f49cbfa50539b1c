// Proves a trickling server cannot hold a job forever: real yt-dlp downloads from a loopback server
// that sends 200 bytes a second; with the watchdog's window shortened to 4 s the CLI stops with
// one line naming the rate, exit non-zero, and leaves no notes; Ctrl-C in the middle of that
// download ends the run as cancelled (exit 130), with yt-dlp stopped.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli, startCli } from '../helpers/cli';

/** A loopback server whose every download trickles at 200 B/s; `stop` ends it and its connections. */
async function trickleServer(): Promise<{ url: string; stop(): Promise<void> }> {
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lecture.mp4`,
    async stop() {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

test('a download trickling at 200 B/s is stopped with one line', async () => {
  const { url, stop } = await trickleServer();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-slow-'));
  try {
    const t0 = Date.now();
    const r = await runCli(['notes', url, '--out', out], { env: { VIDEOINSIGHT_SLOW_DOWNLOAD_SEC: '4' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /too slow \(\d+ bytes\/s for 4 s\)/);
    assert.equal(r.stderr.trim().split('\n').filter((l) => l.startsWith('videoinsight:')).length, 1, r.stderr);
    assert.ok(Date.now() - t0 < 60_000);
    assert.deepEqual(fs.readdirSync(out).filter((f) => f !== '.videoinsight'), []);
  } finally {
    await stop();
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('Ctrl-C while yt-dlp downloads exits 130 "cancelled", and yt-dlp is gone', async () => {
  const { url, stop } = await trickleServer();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-slow-int-'));
  try {
    const child = startCli(['notes', url, '--out', out]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const deadline = Date.now() + 60_000;
    // In the download itself: yt-dlp has read the page and is fetching the media.
    while (!/\[download\]|downloading/i.test(stderr) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(child.exitCode, null, stderr);
    assert.match(stderr, /\[download\]|downloading/i, 'the download had started');
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    const last = stderr.trim().split('\n').at(-1)!;
    assert.match(last, /^videoinsight: cancelled/, stderr);
    const ytdlp = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try { return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(url); } catch { return false; }
    });
    assert.deepEqual(ytdlp, [], 'no yt-dlp left downloading');
  } finally {
    await stop();
    fs.rmSync(out, { recursive: true, force: true });
  }
});
