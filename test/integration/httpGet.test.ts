// Proves: the one GET the model and GPU-build downloads share follows relative and absolute redirects to the
// final response, gives up with a one-line error on a redirect loop, and reports an abort as a cancellation.
// A real HTTP server on 127.0.0.1, stopped after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getFollowingRedirects } from '../../server/ingest/httpGet';
import { CancelledError, UserError } from '../../server/domain/errors';

let server: http.Server;
let base = '';

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/a') return res.writeHead(302, { location: '/b' }).end();
    if (req.url === '/b') return res.writeHead(301, { location: `${base}/c` }).end();
    if (req.url === '/c') return res.writeHead(200, { 'content-type': 'text/plain' }).end(`final ${req.headers['user-agent']}`);
    if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/slow') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const body = async (r: http.IncomingMessage): Promise<string> => {
  let s = '';
  for await (const c of r) s += String(c);
  return s;
};

test('relative and absolute redirects lead to the final response, with the caller\'s headers on every hop', async () => {
  const r = await getFollowingRedirects(`${base}/a`, { headers: { 'user-agent': 'vi-test' } });
  assert.equal(r.statusCode, 200);
  assert.equal(await body(r), 'final vi-test');
  const missing = await getFollowingRedirects(`${base}/nothing`);
  assert.equal(missing.statusCode, 404); // the caller decides what a status means
  missing.resume();
});

test('a redirect loop ends in a one-line error; an abort is a cancellation', async () => {
  await assert.rejects(getFollowingRedirects(`${base}/loop`, { maxRedirects: 3 }), (e: unknown) => e instanceof UserError && /redirected too many times/.test(e.message) && !e.message.includes('\n'));
  const controller = new AbortController();
  const pending = getFollowingRedirects(`${base}/slow`, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
});
