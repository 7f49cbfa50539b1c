// Proves Cancel stops whisper.cpp at once: each parallel chunk runs in a lane process, and an
// aborted chunk kills its lane (the binding itself cannot interrupt a pass). Real whisper.cpp on
// the no-weights test model (it runs and transcribes nothing, so only the plumbing is proven):
// the lane's process is gone right after the abort, the call rejects with CancelledError, and the
// next chunk gets a fresh lane that works.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { WhisperLanes } from '../../server/ingest/transcribe/whisperLanes';
import { CancelledError, UserError } from '../../server/domain/errors';
import { SHARED } from '../helpers/cli';

const MODEL = path.join(SHARED, 'fixtures/whisper.cpp/for-tests-ggml-tiny.en.bin');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function noise(sec: number): Float32Array {
  const s = new Float32Array(sec * 16000);
  let x = 1;
  for (let i = 0; i < s.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s[i] = (x / 2147483648 - 0.5) * 0.5;
  }
  return s;
}

test('an aborted chunk kills its whisper lane at once; the next chunk runs on a fresh lane', async () => {
  const lines: string[] = [];
  const engine = await WhisperLanes.start({ modelPath: MODEL, threads: 1, gpu: 'cpu', parallelism: 1, log: (l) => lines.push(l) });
  try {
    assert.match(engine.description, /whisper\.cpp/);
    const [pid] = engine.lanePids();
    assert.ok(pid && alive(pid));
    const chunk = { index: 0, startSample: 0, endSample: 30 * 16000, hasSpeech: true };
    const ac = new AbortController();
    const running = engine.transcribe({ chunk, samples: noise(30), offsetSec: 0 }, { language: 'en', translate: false, signal: ac.signal });
    setImmediate(() => ac.abort());
    const t0 = Date.now();
    await assert.rejects(running, (e: unknown) => e instanceof CancelledError);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(alive(pid), false, 'the lane process is gone');
    assert.ok(Date.now() - t0 < 2000);

    const t = await engine.transcribe({ chunk, samples: noise(2), offsetSec: 0 }, { language: 'en', translate: false, signal: new AbortController().signal });
    assert.equal(t.chunkIndex, 0);
    const [fresh] = engine.lanePids();
    assert.ok(fresh && fresh !== pid && alive(fresh));
  } finally {
    await engine.close();
  }
});

test('a bad model fails at start with one line, no lane left behind', async () => {
  await assert.rejects(WhisperLanes.start({ modelPath: path.join(SHARED, 'fixtures/whisper.cpp/jfk.wav'), threads: 1, gpu: 'cpu', parallelism: 1 }), (e: unknown) => {
    return e instanceof UserError && !/\n/.test(e.message);
  });
});
