// Proves that planChunks (pure chunk planning from per-frame speech probabilities) always yields
// contiguous chunks that cover the audio exactly with cumulative offsets, never exceed the maximum,
// never cross a chapter boundary and flag speech correctly (fast-check properties), and that on
// hand-built probability tracks it cuts inside real pauses, prefers the longest one, falls back to
// the least speechy frame, and splits long silences off as no-speech chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planChunks } from '../../server/ingest/chunking/chunkPlanner';
import type { Chunk } from '../../server/domain/types';

const SR = 16000;
const FS = 512;

/** A probability track from [durationSec, prob] pieces, at 512-sample frames. */
function track(pieces: [number, number][]): { frames: Float32Array; total: number } {
  const probs: number[] = [];
  let total = 0;
  for (const [sec, p] of pieces) {
    const samples = Math.round(sec * SR);
    const start = total;
    total += samples;
    // Frames whose first sample falls in this piece take its probability.
    while (probs.length * FS < total) {
      probs.push(probs.length * FS >= start ? p : probs[probs.length - 1] ?? p);
    }
  }
  return { frames: Float32Array.from(probs), total };
}

function assertCovers(chunks: Chunk[], total: number): void {
  let sum = 0;
  chunks.forEach((c, i) => {
    assert.equal(c.index, i);
    assert.equal(c.startSample, sum, `chunk ${i} starts at the cumulative sum of earlier lengths`);
    assert.ok(c.endSample > c.startSample, `chunk ${i} is not empty`);
    sum += c.endSample - c.startSample;
  });
  assert.equal(sum, total);
}

const endsSec = (chunks: Chunk[]) => chunks.slice(0, -1).map((c) => c.endSample / SR);

test('properties: exact cover, cumulative offsets, max length, boundaries, speech flags', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 200 * SR }),
      fc.array(fc.oneof(fc.constant(0), fc.constant(0.5), fc.constant(0.97), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 8000 }),
      fc.array(fc.integer({ min: -SR, max: 210 * SR }), { maxLength: 6 }),
      fc.record({
        maxChunkSec: fc.double({ min: 0.1, max: 40, noNaN: true }),
        minChunkSec: fc.double({ min: 0, max: 20, noNaN: true }),
        minPauseSec: fc.double({ min: 0, max: 2, noNaN: true }),
      }),
      fc.integer({ min: 1, max: 8 }),
      (total, probs, boundaries, opts, runLength) => {
        // Repeat each value so the track has runs (pauses and speech stretches), not just noise.
        const frames = Float32Array.from(probs.flatMap((p) => Array<number>(runLength).fill(p)));
        const chunks = planChunks(frames, FS, total, boundaries, opts);
        assertCovers(chunks, total);
        const maxS = Math.max(1, Math.floor(opts.maxChunkSec * SR));
        for (const c of chunks) {
          assert.ok(c.endSample - c.startSample <= maxS, `chunk ${c.index} longer than max`);
          for (const b of boundaries) assert.ok(!(c.startSample < b && b < c.endSample), `chunk ${c.index} crosses boundary ${b}`);
          let speech = false;
          for (let f = Math.floor(c.startSample / FS); f * FS < c.endSample; f++) if ((frames[f] ?? 0) >= 0.5) speech = true;
          assert.equal(c.hasSpeech, speech, `chunk ${c.index} speech flag`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('empty audio gives no chunks; a frame count that disagrees with the length is tolerated', () => {
  assert.deepEqual(planChunks([], FS, 0, []), []);
  const chunks = planChunks([0.9, 0.9], FS, 40 * SR, []);
  assertCovers(chunks, 40 * SR);
  assert.equal(chunks[0].hasSpeech, true);
  assert.equal(chunks.at(-1)!.hasSpeech, false, 'frames missing at the end count as silence');
});

test('cuts inside the pauses of continuous speech', () => {
  const { frames, total } = track([
    [11.6, 0.95], [0.6, 0.03], // pause 11.6-12.2
    [12, 0.9], [0.6, 0.02], // pause 23.8-24.4
    [13, 0.92], [0.6, 0.05], // pause 37.4-38.0
    [15, 0.93],
  ]);
  const chunks = planChunks(frames, FS, total, [], { maxChunkSec: 30, minChunkSec: 5 });
  assertCovers(chunks, total);
  const pauses = [[11.6, 12.2], [24.2, 24.8], [37.8, 38.4]];
  const ends = endsSec(chunks);
  assert.ok(ends.length >= 1 && ends.length <= 3, `53 s of speech needs 1-3 cuts, got ${ends}`);
  for (const e of ends) assert.ok(pauses.some(([a, b]) => e > a && e < b), `cut at ${e} s lies inside a pause`);
  assert.ok(chunks.every((c) => c.hasSpeech));
});

test('prefers the longest pause in the window over a short later one', () => {
  const { frames, total } = track([[9, 0.9], [1.5, 0.01], [9, 0.9], [0.4, 0.01], [25, 0.9]]);
  const chunks = planChunks(frames, FS, total, [], { maxChunkSec: 30, minChunkSec: 5 });
  const first = chunks[0].endSample / SR;
  assert.ok(first > 9 && first < 10.5, `first cut ${first} is in the 1.5 s pause at 9-10.5`);
});

test('without any pause, cuts at the least speechy frame and never beyond the maximum', () => {
  const pieces: [number, number][] = [[21, 0.95], [0.032, 0.6], [30, 0.95]];
  const { frames, total } = track(pieces);
  const chunks = planChunks(frames, FS, total, [], { maxChunkSec: 30, minChunkSec: 5 });
  assertCovers(chunks, total);
  const cut = chunks[0].endSample / SR;
  assert.ok(Math.abs(cut - 21) < 0.1, `cut ${cut} is next to the dip at 21 s`);
  const flat = planChunks(new Float32Array(2000).fill(0.99), FS, 2000 * FS, [], { maxChunkSec: 30, minChunkSec: 5 });
  assert.ok(flat.every((c) => c.endSample - c.startSample <= 30 * SR));
  assert.equal(flat[0].endSample, Math.floor((30 * SR) / FS) * FS, "uniform speech is cut at the last frame edge before the maximum");
});

test('a long silence becomes no-speech chunks, with the speech kept whole on both sides', () => {
  const { frames, total } = track([[10, 0.9], [60, 0.01], [10, 0.9]]);
  const chunks = planChunks(frames, FS, total, [], { maxChunkSec: 30, minChunkSec: 5 });
  assertCovers(chunks, total);
  const speech = chunks.filter((c) => c.hasSpeech);
  assert.equal(speech.length, 2);
  assert.ok(speech[0].startSample === 0 && speech[0].endSample >= 10 * SR && speech[0].endSample <= 10.5 * SR, 'first speech chunk ends just after the speech');
  assert.ok(speech[1].startSample >= 69.5 * SR && speech[1].startSample <= 70 * SR, 'second speech chunk starts just before the speech');
  const silent = chunks.filter((c) => !c.hasSpeech);
  assert.ok(silent.length >= 2 && silent.every((c) => c.endSample - c.startSample <= 30 * SR));
});

test('all silence: every chunk is flagged as no speech', () => {
  const chunks = planChunks(new Float32Array(5000), FS, 5000 * FS, []);
  assert.ok(chunks.length > 0 && chunks.every((c) => !c.hasSpeech));
});

test('a chapter start is always a chunk edge, even off the frame grid', () => {
  const { frames, total } = track([[60, 0.9]]);
  const b = Math.round(17.3 * SR) + 7;
  const chunks = planChunks(frames, FS, total, [b], { maxChunkSec: 30, minChunkSec: 5 });
  assertCovers(chunks, total);
  assert.ok(chunks.some((c) => c.endSample === b));
});
