// Proves that the pocketsphinx engine runs Debian's real pocketsphinx_continuous on jfk.wav and
// returns "country" at a plausible absolute time (chunk offset + word time) with clean words
// (no <s>, <sil>, fillers or "(2)" variants), that aborting kills the child at once and leaves
// no temp files, that non-English requests and a missing binary are one-line UserErrors, and that
// pocketsphinxStatus reports what is installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PocketsphinxEngine, parsePocketsphinxOutput, pocketsphinxStatus } from '../../server/ingest/transcribe/pocketsphinxEngine';
import type { ChunkAudio, SpeechOptions } from '../../server/ingest/transcribe/engine';
import { UserError } from '../../server/domain/errors';

const JFK = path.resolve(__dirname, '../../../shared/fixtures/whisper.cpp/jfk.wav');
let dir = '';
let jfk: Float32Array;

const opts = (signal = new AbortController().signal, language = 'auto'): SpeechOptions => ({ language, translate: false, signal });
const chunkAudio = (samples: Float32Array, offsetSec: number): ChunkAudio => ({
  chunk: { index: 3, startSample: offsetSec * 16000, endSample: offsetSec * 16000 + samples.length, hasSpeech: true },
  samples,
  offsetSec,
});
const tempDirs = () => fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('videoinsight-ps-')).sort();

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-ps-test-'));
  const out = path.join(dir, 'jfk.pcm');
  execFileSync('ffmpeg', ['-v', 'error', '-i', JFK, '-ac', '1', '-ar', '16000', '-f', 's16le', out]);
  const buf = fs.readFileSync(out);
  jfk = new Float32Array(buf.length >> 1);
  for (let i = 0; i < jfk.length; i++) jfk[i] = buf.readInt16LE(2 * i) / 32768;
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('status: the installed binary and English model are found; a missing binary is explained', () => {
  const ok = pocketsphinxStatus();
  assert.equal(ok.available, true, ok.reason);
  assert.match(ok.reason, /pocketsphinx_continuous/);
  const missing = pocketsphinxStatus('no-such-pocketsphinx-binary');
  assert.equal(missing.available, false);
  assert.match(missing.reason, /not on PATH.*apt-get install pocketsphinx/);
});

test('jfk.wav end to end: "country" at a plausible absolute time, clean words, sorted segments', async () => {
  const engine = new PocketsphinxEngine({ parallelism: 1 });
  const offset = 100;
  const before = tempDirs();
  const t0 = Date.now();
  const result = await engine.transcribe(chunkAudio(jfk, offset), opts());
  const wallSec = (Date.now() - t0) / 1000;
  await engine.close();
  console.log(`# pocketsphinx on 11 s of jfk.wav: ${wallSec.toFixed(1)} s; "${result.segments.map((s) => s.text).join(' | ')}"`);
  assert.equal(result.chunkIndex, 3);
  assert.equal(result.language, 'en');
  const words = result.segments.flatMap((s) => s.words ?? []);
  const country = words.find((w) => w.text === 'country');
  assert.ok(country, 'the transcript contains "country"');
  // "...what your country can do..." is spoken about 5.9-6.4 s into the clip.
  assert.ok(country.startSec > offset + 5 && country.endSec < offset + 7.5, `country at ${country.startSec}-${country.endSec}`);
  for (const w of words) {
    assert.match(w.text, /^[a-z'.-]+$/, `clean word "${w.text}"`);
    assert.ok(w.startSec >= offset && w.endSec <= offset + 11.1 && w.endSec >= w.startSec);
  }
  result.segments.forEach((s, i) => {
    assert.equal(s.text, (s.words ?? []).map((w) => w.text).join(' '));
    if (i > 0) assert.ok(s.startSec >= result.segments[i - 1].endSec, 'segments are in order and do not overlap');
  });
  assert.deepEqual(tempDirs(), before, 'the chunk WAV is removed');
});

test('abort kills the running recogniser at once and cleans up', async () => {
  const engine = new PocketsphinxEngine();
  const before = tempDirs();
  const ac = new AbortController();
  const t0 = Date.now();
  setTimeout(() => ac.abort(), 400);
  await assert.rejects(engine.transcribe(chunkAudio(jfk, 0), opts(ac.signal)), (e: Error) => e.name === 'CancelledError');
  const took = Date.now() - t0;
  assert.ok(took < 2000, `rejected ${took} ms after start (a full run takes ~5 s)`);
  assert.deepEqual(tempDirs(), before);
});

test('non-English and a missing binary are one-line UserErrors; empty audio is no segments', async () => {
  const engine = new PocketsphinxEngine();
  await assert.rejects(engine.transcribe(chunkAudio(jfk, 0), opts(undefined, 'de')), (e: Error) => e instanceof UserError && /English/.test(e.message));
  const ok = await engine.transcribe(chunkAudio(jfk.subarray(0, 16000), 0), opts(undefined, 'en-US'));
  assert.ok(Array.isArray(ok.segments), 'en-US is accepted');
  assert.deepEqual((await engine.transcribe(chunkAudio(new Float32Array(0), 0), opts())).segments, []);
  const broken = new PocketsphinxEngine({ binary: 'no-such-pocketsphinx-binary' });
  await assert.rejects(broken.transcribe(chunkAudio(jfk, 0), opts()), (e: Error) => e instanceof UserError && /not installed/.test(e.message) && !e.message.includes('\n'));
});

test('output parsing: fillers dropped, variants stripped, utterances and pauses split segments', () => {
  const out = [
    'hello world',
    '<s> 0.000 0.040 0.99',
    'hello 0.050 0.400 0.9',
    '[NOISE] 0.410 0.500 0.5',
    'world(2) 0.510 0.900 0.8',
    '<sil> 0.910 1.700 0.9',
    'again 1.710 2.000 0.9',
    '</s> 2.010 2.100 1.0',
    'next',
    '<s> 2.200 2.240 1.0',
    '++BREATH++ 2.250 2.300 1.0',
    'next 2.310 2.500 1.0',
    '</s> 2.510 2.600 1.0',
  ].join('\n');
  const segs = parsePocketsphinxOutput(out, 10);
  assert.deepEqual(segs.map((s) => [s.startSec, s.endSec, s.text]), [
    [10.05, 10.91, 'hello world'],
    [11.71, 12.01, 'again'],
    [12.31, 12.51, 'next'],
  ]);
});
