// Proves the whisper.cpp engine works with the real @fugood/whisper.node binding on this machine:
// probing the CPU/Vulkan/CUDA builds never crashes and reports what really loads; the engine
// loads whisper.cpp's "for-tests" tiny.en model (the real layout and vocabulary but NO weights,
// so an empty transcript is its correct output) and runs a 3 s chunk of jfk.wav to an empty
// transcript of the right shape; cancelling mid-run returns well before the run would have
// finished (the binding cannot interrupt whisper.cpp mid-pass: the engine settles at once and
// the native pass runs out in the background, discarded); language detection runs on a
// multilingual model; and corrupt model files give a one-line UserError instead of a crash. It
// cannot prove recognised words (no weights here) nor GPU speed (no GPU here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Chunk } from '../../server/domain/types';
import { UserError } from '../../server/domain/errors';
import { chooseBackend, probeBackends } from '../../server/ingest/transcribe/gpuBackend';
import { WhisperEngine } from '../../server/ingest/transcribe/whisperEngine';

const fixtures = path.resolve(__dirname, '../../../shared/fixtures/whisper.cpp');
const englishModel = path.join(fixtures, 'for-tests-ggml-tiny.en.bin');
const multilingualModel = path.join(fixtures, 'for-tests-ggml-tiny.bin');
const THREADS = 2;

/** 16 kHz mono 16-bit WAV → -1..1 floats, from the 'data' chunk on. */
function readWav(filePath: string): Float32Array {
  const wav = fs.readFileSync(filePath);
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'data') {
      const count = Math.floor(Math.min(size, wav.length - offset - 8) / 2);
      const samples = new Float32Array(count);
      for (let index = 0; index < count; index++) samples[index] = wav.readInt16LE(offset + 8 + index * 2) / 32768;
      return samples;
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

const jfk = readWav(path.join(fixtures, 'jfk.wav'));
/** 3 s of speech starting 1 s in ("...my fellow Americans..."), as chunk 4 at 120 s into a media file. */
const chunkSamples = jfk.subarray(16000, 16000 * 4);
const chunk: Chunk = { index: 4, startSample: 120 * 16000, endSample: 120 * 16000 + chunkSamples.length, hasSpeech: true };

test('probeBackends reports cpu ok and each GPU build as it really loads, without crashing', async () => {
  const probe = await probeBackends();
  assert.equal(probe.cpu.ok, true, `cpu build must load: ${probe.cpu.error}`);
  for (const backend of ['cuda', 'vulkan'] as const) {
    if (!probe[backend].ok) assert.ok(probe[backend].error && probe[backend].error.length > 0, `${backend} failure carries a reason`);
  }
  // The CUDA build needs libcudart.so.12; where it is absent the probe must say so, not crash.
  const hasCudart12 = ['/usr/lib/x86_64-linux-gnu/libcudart.so.12', '/usr/local/cuda/lib64/libcudart.so.12'].some((file) => fs.existsSync(file));
  if (!hasCudart12 && !process.env.LD_LIBRARY_PATH) assert.equal(probe.cuda.ok, false);
  if (!probe.cuda.ok) assert.match(probe.cuda.error ?? '', /libcud|not installed/);
  // A forced GPU backend that did not load falls back to cpu instead of failing.
  for (const pref of ['cuda', 'vulkan'] as const) {
    const choice = chooseBackend(pref, probe);
    assert.equal(choice.backend, probe[pref].ok ? pref : 'cpu');
  }
  assert.equal(await probeBackends(), await probeBackends(), 'cached');
});

test('parallelism 2: concurrent chunks get their own context, at most two, and all complete', async (t) => {
  const lines: string[] = [];
  const engine = await WhisperEngine.create({ modelPath: englishModel, threads: 1, gpu: 'cpu', parallelism: 2, log: (line) => lines.push(line) });
  t.after(() => engine.close());
  assert.equal(engine.parallelism, 2);
  // 50 ms of sound: whisper.cpp returns before its encoder for input under 100 ms, so this
  // exercises the context pool without minutes of CPU.
  const blip = jfk.subarray(16000 * 2, 16000 * 2 + 800);
  const signal = new AbortController().signal;
  const results = await Promise.all(
    [0, 1, 2, 3].map((index) =>
      engine.transcribe({ chunk: { index, startSample: index * 800, endSample: (index + 1) * 800, hasSpeech: true }, samples: blip, offsetSec: index * 0.05 }, { language: 'en', translate: false, signal }),
    ),
  );
  assert.deepEqual(results.map((result) => [result.chunkIndex, result.segments.length]), [[0, 0], [1, 0], [2, 0], [3, 0]]);
  assert.deepEqual(lines.filter((line) => /loaded context/.test(line)), ['whisper: loaded context 2 of 2']);
});

test('language detection runs on a multilingual model at sampled points and is logged', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-whisper-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pcmPath = path.join(dir, 'audio.pcm');
  const pcm = Buffer.alloc(chunkSamples.length * 2);
  chunkSamples.forEach((value, index) => pcm.writeInt16LE(Math.round(value * 32767), index * 2));
  fs.writeFileSync(pcmPath, pcm);
  const lines: string[] = [];
  const engine = await WhisperEngine.create({ modelPath: multilingualModel, threads: THREADS, gpu: 'cpu', log: (line) => lines.push(line) });
  t.after(() => engine.close());
  assert.equal(engine.header.multilingual, true);
  const speechChunk: Chunk = { index: 0, startSample: 0, endSample: chunkSamples.length, hasSpeech: true };
  const started = performance.now();
  await engine.prepare({ pcmPath, sampleRate: 16000, sampleCount: chunkSamples.length }, [speechChunk], {
    language: 'auto',
    translate: false,
    signal: new AbortController().signal,
  });
  t.diagnostic(`one detection window: ${(performance.now() - started).toFixed(0)} ms`);
  // No weights: whatever it detects is arbitrary, but it must be a language code, voted and logged.
  assert.match(engine.resolvedLanguage ?? '', /^[a-z]{2,3}$/);
  assert.ok(lines.some((line) => /language \w+ by majority of 1 samples: \w+ at 0:00/.test(line)), lines.join('\n'));
});

// Last of the whisper runs: the aborted pass keeps computing in the background until it ends.
test('engine loads the no-weights model, transcribes a 3 s chunk to an empty transcript, and cancels promptly', async (t) => {
  const lines: string[] = [];
  const engine = await WhisperEngine.create({ modelPath: englishModel, threads: THREADS, gpu: 'auto', log: (line) => lines.push(line) });
  t.after(() => engine.close());
  // On a machine without a usable GPU the engine must say it runs on the CPU.
  const probe = await probeBackends();
  if (!probe.cuda.ok && !probe.vulkan.ok) assert.equal(engine.backend, 'cpu');
  assert.ok(['cpu', 'cuda', 'vulkan'].includes(engine.backend));
  assert.match(engine.description, /whisper\.cpp for-tests-ggml-tiny\.en on (CPU|GPU)/);
  assert.ok(lines.some((line) => line.startsWith('whisper build: ')), 'the backend choice is logged');
  if (engine.backend === 'cpu' && probe.vulkan.ok && !probe.cuda.ok) {
    // Vulkan build loaded here but no device: the reason must say it runs on the CPU.
    assert.match(engine.backendReason, /no Vulkan device|runs on the CPU/);
  }
  assert.equal(engine.header.multilingual, false);

  const controller = new AbortController();
  await engine.prepare({ pcmPath: '/nonexistent', sampleRate: 16000, sampleCount: 0 }, [chunk], {
    language: 'auto',
    translate: false,
    signal: controller.signal,
  });
  assert.equal(engine.resolvedLanguage, 'en', 'an English-only model needs no detection');

  const started = performance.now();
  const result = await engine.transcribe({ chunk, samples: chunkSamples, offsetSec: 120 }, { language: 'auto', translate: false, signal: controller.signal });
  const fullRunMs = performance.now() - started;
  // The no-weights model recognises nothing: an empty transcript is the correct output.
  assert.deepEqual(result, { chunkIndex: 4, segments: [], language: 'en' });
  t.diagnostic(`full 3 s chunk on the no-weights model: ${fullRunMs.toFixed(0)} ms (${THREADS} threads)`);

  const abort = new AbortController();
  const abortedStart = performance.now();
  const running = engine.transcribe({ chunk, samples: chunkSamples, offsetSec: 120 }, { language: 'en', translate: false, signal: abort.signal });
  setTimeout(() => abort.abort(), 1000);
  await assert.rejects(running, (error: Error) => error.name === 'CancelledError');
  const abortedMs = performance.now() - abortedStart;
  t.diagnostic(`aborted 1 s into the run: returned after ${abortedMs.toFixed(0)} ms`);
  assert.ok(abortedMs < fullRunMs * 0.5, `abort returned after ${abortedMs} ms; the full run took ${fullRunMs} ms`);

  // An already-aborted signal never reaches whisper.cpp.
  await assert.rejects(engine.transcribe({ chunk, samples: chunkSamples, offsetSec: 0 }, { language: 'en', translate: false, signal: abort.signal }), { name: 'CancelledError' });
  // A chunk VAD marked as silent, or digital silence, is dropped without running whisper.
  const silent = await engine.transcribe(
    { chunk: { ...chunk, hasSpeech: true }, samples: new Float32Array(16000 * 3), offsetSec: 0 },
    { language: 'en', translate: false, signal: new AbortController().signal },
  );
  assert.deepEqual(silent.segments, []);
  assert.ok(lines.some((line) => /is silent/.test(line)));
});

test('a corrupt, truncated or foreign model file gives a one-line UserError, not a crash', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-whisper-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const good = fs.readFileSync(englishModel);
  const cases: Record<string, Buffer> = {
    'random.bin': Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256)),
    'truncated.bin': good.subarray(0, 200_000),
    'text.bin': Buffer.from('<html>404 Not Found</html>\n'),
    'empty.bin': Buffer.alloc(0),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const modelPath = path.join(dir, name);
    fs.writeFileSync(modelPath, bytes);
    await assert.rejects(WhisperEngine.create({ modelPath, threads: 1 }), (error: Error) => {
      assert.ok(error instanceof UserError, `${name}: ${error}`);
      assert.ok(!error.message.includes('\n'), 'one line');
      assert.ok(error.message.includes(modelPath), 'names the file');
      return true;
    });
  }
  await assert.rejects(WhisperEngine.create({ modelPath: path.join(dir, 'missing.bin') }), UserError);
});
