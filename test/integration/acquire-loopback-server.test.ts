// Proves the loopback HTTP server that the acquire (and model download) tests stand on behaves
// like a real file host: whole files and byte ranges (206 with Content-Range, suffix ranges,
// 416 past the end), HEAD without a body, 404 for missing files, no escape from its folder,
// in-memory routes, a dropped or stalled connection exactly when asked, and close() ending
// even with a stalled connection open. Uses Node's real fetch/http client over 127.0.0.1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeTempDir, writeRandomBytes, type TempDir } from '../helpers/media';
import { startStaticServer, videoPage, type StaticServer } from '../helpers/staticServer';

let tmp: TempDir;
let server: StaticServer;
let data: Buffer;
before(async () => {
  tmp = await makeTempDir('vi-server-');
  const root = path.join(tmp.dir, 'www');
  fs.mkdirSync(root);
  await writeRandomBytes(path.join(root, 'blob.bin'), 100_000, 3);
  data = fs.readFileSync(path.join(root, 'blob.bin'));
  fs.copyFileSync(path.join(root, 'blob.bin'), path.join(root, 'ä b.bin'));
  fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'outside the root');
  server = await startStaticServer(root, {
    routes: { '/page.html': { contentType: 'text/html', body: videoPage({ title: 'A & B', src: '/clip.mp4', tracks: [{ src: '/c.vtt', lang: 'en' }] }) } },
  });
});
after(async () => {
  await server.close();
  await tmp.cleanup();
});

/** A raw GET with Node's http client (fetch would retry or hide a cut connection). */
function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: urlPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), aborted: aborted || !res.complete }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('listens on 127.0.0.1 only', () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('whole file, then byte ranges, suffix ranges and an unsatisfiable range', async () => {
  const whole = await get('/blob.bin');
  assert.equal(whole.status, 200);
  assert.equal(whole.headers['accept-ranges'], 'bytes');
  assert.deepEqual(whole.body, data);

  const part = await get('/blob.bin', { Range: 'bytes=1000-1999' });
  assert.equal(part.status, 206);
  assert.equal(part.headers['content-range'], 'bytes 1000-1999/100000');
  assert.deepEqual(part.body, data.subarray(1000, 2000));

  const open = await get('/blob.bin', { Range: 'bytes=99000-' });
  assert.equal(open.status, 206);
  assert.equal(open.body.length, 1000);

  const suffix = await get('/blob.bin', { Range: 'bytes=-10' });
  assert.deepEqual(suffix.body, data.subarray(99990));

  assert.equal((await get('/blob.bin', { Range: 'bytes=100000-' })).status, 416);
});

test('a connection is cut once, after the configured bytes; the next request is served in full', async () => {
  const cutServer = await startStaticServer(path.join(tmp.dir, 'www'), { breakConnection: { '/blob.bin': { afterBytes: 5000 } } });
  try {
    const r1 = await new Promise<{ bytes: number; complete: boolean }>((resolve) => {
      http.get(cutServer.url('/blob.bin'), (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('error', () => undefined);
        res.on('close', () => resolve({ bytes, complete: res.complete }));
      });
    });
    assert.equal(r1.bytes, 5000);
    assert.equal(r1.complete, false);
    const r2 = await fetch(cutServer.url('/blob.bin'));
    assert.deepEqual(Buffer.from(await r2.arrayBuffer()), data);
  } finally {
    await cutServer.close();
  }
});

test('a stalled connection does not keep close() waiting', async () => {
  const stallServer = await startStaticServer(path.join(tmp.dir, 'www'), { breakConnection: { '/blob.bin': { afterBytes: 2000, mode: 'stall' } } });
  let received = 0;
  const req = http.get(stallServer.url('/blob.bin'), (res) => {
    res.on('data', (c: Buffer) => (received += c.length));
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  while (received < 2000) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(received, 2000, 'no more data after the stall point');
  const t0 = Date.now();
  await stallServer.close();
  assert.ok(Date.now() - t0 < 2000);
});

test('HEAD, 404, percent-encoded non-ASCII names, and no path traversal', async () => {
  const head = await get('/blob.bin', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '100000');
  assert.equal(head.body.length, 0);
  assert.equal((await get('/missing.bin')).status, 404);
  const r = await fetch(server.url('/ä b.bin'));
  assert.equal(r.status, 200);
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), data);
  const escape = await get('/../secret.txt');
  assert.notEqual(escape.status, 200);
  const encoded = await get('/%2e%2e/secret.txt');
  assert.notEqual(encoded.status, 200);
  assert.ok(!encoded.body.toString().includes('outside the root'));
  // An encoded slash survives URL normalisation and decodes to "/../": the root check stops it.
  const slash = await get('/..%2fsecret.txt');
  assert.equal(slash.status, 403);
});

test('in-memory routes: the <video> page escapes its title', async () => {
  const r = await fetch(server.url('/page.html'));
  assert.equal(r.headers.get('content-type'), 'text/html');
  const html = await r.text();
  assert.match(html, /<title>A &#38; B<\/title>/);
  assert.match(html, /<source src="\/clip\.mp4" type="video\/mp4">/);
  assert.match(html, /<track kind="captions" src="\/c\.vtt" srclang="en"/);
});
