// Proves the model manager's downloads against a real HTTP server on 127.0.0.1 serving
// whisper.cpp's for-tests-ggml-tiny.en.bin: a full download lands with the right SHA-1 and
// progress; a download cut mid-way resumes with an HTTP Range request (also from a .part left by
// an earlier process) and ends byte-identical; corrupted bytes are rejected and deleted (against
// a given sum and against the published sum of a known model); a present model makes zero requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../../server/domain/errors';
import { listModels, pullModel, resolveModel } from '../../server/ingest/models/modelManager';
import { startModelServer, type ModelServer } from '../helpers/modelServer';

const fixture = fs.readFileSync(path.resolve(__dirname, '../../../shared/fixtures/whisper.cpp/for-tests-ggml-tiny.en.bin'));
const fixtureSha1 = createHash('sha1').update(fixture).digest('hex');
const sha1 = (file: string) => createHash('sha1').update(fs.readFileSync(file)).digest('hex');

async function setup(t: { after: (fn: () => Promise<void> | void) => void }): Promise<{ server: ModelServer; dir: string }> {
  const server = await startModelServer({ 'ggml-tiny.en.bin': fixture, 'ggml-base.en.bin': fixture });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-models-'));
  t.after(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { server, dir };
}

test('full download: checksum verified, progress reported, atomic rename, then no network for a present model', async (t) => {
  const { server, dir } = await setup(t);
  const progress: Array<[number, number | null]> = [];
  const modelPath = await pullModel('tiny.en', { baseUrl: server.baseUrl, dir, expectedSha1: fixtureSha1, onProgress: (done, total) => progress.push([done, total]) });
  assert.equal(modelPath, path.join(dir, 'ggml-tiny.en.bin'));
  assert.equal(sha1(modelPath), fixtureSha1);
  assert.equal(fs.existsSync(`${modelPath}.part`), false);
  assert.deepEqual(progress.at(-1), [fixture.length, fixture.length]);
  assert.deepEqual(server.requests, [{ url: '/ggml-tiny.en.bin', range: null }]);

  // Present and verified: no request at all, and resolution finds it by name.
  const again = await pullModel('tiny.en', { baseUrl: server.baseUrl, dir, expectedSha1: fixtureSha1 });
  assert.equal(again, modelPath);
  assert.equal(resolveModel('tiny.en', dir), modelPath);
  assert.equal(listModels(dir).find((model) => model.name === 'tiny.en')?.present, true);
  assert.equal(server.requests.length, 1, 'a present model triggers no request');
});

test('an interrupted download resumes with a Range request and ends byte-identical', async (t) => {
  const { server, dir } = await setup(t);
  server.cutNextAfter(200_000);
  const modelPath = await pullModel('tiny.en', { baseUrl: server.baseUrl, dir, expectedSha1: fixtureSha1 });
  assert.equal(sha1(modelPath), fixtureSha1);
  assert.equal(server.requests.length, 2, JSON.stringify(server.requests));
  assert.equal(server.requests[0]?.range, null);
  const resumedFrom = Number(/^bytes=(\d+)-$/.exec(server.requests[1]?.range ?? '')?.[1]);
  assert.ok(resumedFrom > 0 && resumedFrom <= 200_000, `resumed from byte ${resumedFrom}`);
});

test('a .part file left by an earlier run is resumed, not restarted', async (t) => {
  const { server, dir } = await setup(t);
  fs.writeFileSync(path.join(dir, 'ggml-tiny.en.bin.part'), fixture.subarray(0, 123_456));
  const modelPath = await pullModel('tiny.en', { baseUrl: server.baseUrl, dir, expectedSha1: fixtureSha1 });
  assert.deepEqual(server.requests, [{ url: '/ggml-tiny.en.bin', range: 'bytes=123456-' }]);
  assert.equal(sha1(modelPath), fixtureSha1);
});

test('a corrupted download is rejected with a one-line UserError and deleted', async (t) => {
  const { server, dir } = await setup(t);
  server.setCorrupt(true);
  await assert.rejects(pullModel('tiny.en', { baseUrl: server.baseUrl, dir, expectedSha1: fixtureSha1 }), (error: Error) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.code, 'ECHECKSUM');
    assert.match(error.message, /failed its checksum.*deleted/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  assert.deepEqual(fs.readdirSync(dir), [], 'neither the model nor its .part remains');
});

test('a known model is checked against the published SHA-1 (the test file is not the real base.en)', async (t) => {
  const { server, dir } = await setup(t);
  await assert.rejects(pullModel('base.en', { baseUrl: server.baseUrl, dir }), /expected 137c40403d78fd54d454da0f9bd998f78703390c/);
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('HTTP errors and cancellation are reported, not crashes', async (t) => {
  const { server, dir } = await setup(t);
  await assert.rejects(pullModel('small', { baseUrl: server.baseUrl, dir }), (error: Error) => error instanceof UserError && /HTTP 404/.test(error.message));
  const controller = new AbortController();
  controller.abort();
  const before = server.requests.length;
  await assert.rejects(pullModel('tiny.en', { baseUrl: server.baseUrl, dir, signal: controller.signal }), { name: 'CancelledError' });
  assert.equal(server.requests.length, before);
  await assert.rejects(pullModel('../etc/passwd', { baseUrl: server.baseUrl, dir }), UserError);
});
