// Proves that segmentAudio (streamed PCM → energy gate → real Silero VAD → planChunks) on real
// ffmpeg-made audio marks silence as no-speech chunks and keeps JFK's speech in speech chunks,
// cuts continuous speech in its pauses, ends a chunk exactly on a chapter start, reports
// progress, and stops when aborted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { segmentAudio } from '../../server/ingest/chunking';
import type { Chunk, DecodedAudio } from '../../server/domain/types';

const SR = 16000;
const JFK = path.resolve(__dirname, '../../../shared/fixtures/whisper.cpp/jfk.wav');
let dir = '';
let jfk: Buffer;

function pcmOf(args: string[]): Buffer {
  const out = path.join(dir, `part-${Math.random().toString(36).slice(2)}.pcm`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, '-ac', '1', '-ar', '16000', '-f', 's16le', out]);
  return fs.readFileSync(out);
}
const noise = (sec: number) => pcmOf(['-f', 'lavfi', '-i', `anoisesrc=d=${sec}:c=pink:r=16000:a=0.004`]);
const silence = (sec: number) => Buffer.alloc(Math.round(sec * SR) * 2);

/** Writes the parts as one PCM file; returns it and where each part starts (seconds). */
function compose(name: string, parts: Buffer[]): { audio: DecodedAudio; starts: number[] } {
  const pcmPath = path.join(dir, name);
  fs.writeFileSync(pcmPath, Buffer.concat(parts));
  const starts: number[] = [];
  let at = 0;
  for (const p of parts) {
    starts.push(at / 2 / SR);
    at += p.length;
  }
  return { audio: { pcmPath, sampleRate: 16000, sampleCount: at / 2 }, starts };
}

function assertCover(chunks: Chunk[], total: number): void {
  let sum = 0;
  for (const c of chunks) {
    assert.equal(c.startSample, sum);
    sum = c.endSample;
  }
  assert.equal(sum, total);
}

const overlap = (c: Chunk, a: number, b: number) => Math.max(0, Math.min(c.endSample / SR, b) - Math.max(c.startSample / SR, a));

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-seg-'));
  jfk = pcmOf(['-i', JFK]);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('silence and noise become no-speech chunks; JFK stays inside speech chunks', async () => {
  const { audio, starts } = compose('mixed.pcm', [noise(4), jfk, silence(40), jfk, noise(3)]);
  const progress: number[] = [];
  const chunks = await segmentAudio(audio, [], { onProgress: (f) => progress.push(f) });
  assertCover(chunks, audio.sampleCount);
  assert.ok(chunks.every((c) => c.endSample - c.startSample <= 30 * SR));
  // JFK speaks from ~0.35 s to ~10.5 s of each copy: none of that may sit in a no-speech chunk.
  for (const s of [starts[1], starts[3]]) {
    for (const c of chunks.filter((x) => !x.hasSpeech)) assert.equal(overlap(c, s + 0.4, s + 10.4), 0, `no-speech chunk ${c.index} overlaps speech at ${s}`);
  }
  const secs = (cs: Chunk[]) => cs.reduce((t, c) => t + (c.endSample - c.startSample) / SR, 0);
  const silent = chunks.filter((c) => !c.hasSpeech);
  assert.ok(secs(silent) > 35, `most of the 40 s silence and the noise is marked no-speech (${secs(silent).toFixed(1)} s)`);
  assert.ok(secs(chunks.filter((c) => c.hasSpeech)) < 30, 'speech chunks hold little besides the two 11 s clips');
  assert.ok(progress.length > 1 && progress.at(-1) === 1 && progress.every((f, i) => i === 0 || f >= progress[i - 1]), 'progress rises to 1');
});

test('continuous speech longer than the maximum is cut in the pauses between sentences', async () => {
  const gap = 1.5;
  const { audio, starts } = compose('speech.pcm', [jfk, noise(gap), jfk, noise(gap), jfk, noise(gap), jfk]);
  const chunks = await segmentAudio(audio, [], { maxChunkSec: 20 });
  assertCover(chunks, audio.sampleCount);
  assert.ok(chunks.length >= 3, `48 s at 20 s max needs at least 3 chunks, got ${chunks.length}`);
  // Every cut lies in a pause: between JFK's last word (~10.5 s into a copy) and the next copy's first (~0.35 s).
  const jfkSec = jfk.length / 2 / SR;
  for (const c of chunks.slice(0, -1)) {
    const cut = c.endSample / SR;
    const inGap = starts.some((s, i) => i % 2 === 1 && cut > s - (jfkSec - 10.5) && cut < s + gap + 0.35);
    assert.ok(inGap, `cut at ${cut.toFixed(2)} s is in a pause between sentences (gaps start at ${starts.filter((_, i) => i % 2).map((s) => s.toFixed(1))})`);
  }
  assert.ok(chunks.every((c) => c.hasSpeech));
});

test('a chapter start is a chunk edge, exactly', async () => {
  const { audio } = compose('chapters.pcm', [jfk, jfk]);
  const startSec = 7.3;
  const chunks = await segmentAudio(audio, [
    { title: 'One', startSec: 0, endSec: startSec },
    { title: 'Two', startSec, endSec: audio.sampleCount / SR },
  ]);
  assertCover(chunks, audio.sampleCount);
  const edge = Math.round(startSec * SR);
  assert.ok(chunks.some((c) => c.endSample === edge), 'a chunk ends at the chapter start');
  assert.ok(chunks.every((c) => !(c.startSample < edge && c.endSample > edge)), 'no chunk crosses it');
});

test('abort stops the stage with a CancelledError', async () => {
  const { audio } = compose('abort.pcm', [jfk, jfk, jfk]);
  const ac = new AbortController();
  await assert.rejects(
    segmentAudio(audio, [], { signal: ac.signal, onProgress: (f) => f > 0.2 && ac.abort() }),
    (err: Error) => err.name === 'CancelledError',
  );
});
