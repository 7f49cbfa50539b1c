// Proves: pauses are boundary evidence relative to the talk's own pauses (a silence long for this talk is
// strong; ordinary gaps are weak; uniform gaps, touching or overlapping captions, and start-times-only
// captions carry none), and in the optimal split they are soft: a long pause moves a close-call boundary to
// it, a pause weight of 0 ignores pauses, and pauses alone never split a one-topic talk (nor, under the
// count prior, add a section to the prior's count). The default
// segmentation uses pauses (pauseWeight > 0). Questions the same way: a sentence ending in "?" opens a section
// at a lower price, so a close call moves to it; many questions in one topic split nothing; unpunctuated text
// carries no question evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SEGMENT_OPTIONS, segmentTopics } from '../../server/knowledge/segment';
import { pausesBefore, pauseStrength } from '../../server/knowledge/segmentation/pauses';
import { questionFlags } from '../../server/knowledge/segmentation/questions';
import type { Sentence } from '../../server/domain/analysis';
import { normalize } from '../../server/domain/vector';

function unit(dim: number, hot: number, noise: number, seed: number): Float32Array {
  const v = new Float32Array(dim);
  v[hot] = 1;
  for (let i = 0; i < dim; i++) v[i] += noise * Math.sin(seed * 12.9898 + i * 78.233);
  return normalize(v);
}

/** n sentences of `secEach` seconds with an ordinary gap after each that varies a little (0.3-0.7 s), and optional long pauses before some. */
function spoken(n: number, secEach: number, longPauseBefore: Map<number, number> = new Map()): Sentence[] {
  const out: Sentence[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += i === 0 ? 0 : (longPauseBefore.get(i) ?? 0.3 + 0.4 * ((i * 7) % 5) / 4);
    out.push({ index: i, text: `sentence ${i}`, startSec: t, endSec: t + secEach });
    t += secEach;
  }
  return out;
}

test('pauses: a silence long for this talk is strong, ordinary gaps are weak or nothing', () => {
  const s = spoken(100, 4, new Map([[50, 6]]));
  const strength = pauseStrength(s);
  assert.equal(strength[0], 0);
  assert.ok(strength[50] > 0.6, `long pause ${strength[50]}`);
  for (let i = 1; i < 100; i++) if (i !== 50) assert.ok(strength[i] < strength[50] / 2, `sentence ${i}: ${strength[i]}`);
  assert.ok(strength.every((x) => x >= 0 && x <= 1));
  assert.ok(Math.abs(pausesBefore(s)[50] - 6) < 1e-9);
});

test('pauses: uniform gaps, touching sentences, or start times only carry no pause evidence', () => {
  const uniform = Array.from({ length: 50 }, (_, i) => ({ index: i, text: 'x', startSec: i * 5, endSec: i * 5 + 4.4 }));
  assert.ok(pauseStrength(uniform).every((x) => x === 0));
  const touching = Array.from({ length: 50 }, (_, i) => ({ index: i, text: 'x', startSec: i * 5, endSec: i * 5 + 5 }));
  assert.ok(pauseStrength(touching).every((x) => x === 0));
  const overlapping = Array.from({ length: 50 }, (_, i) => ({ index: i, text: 'x', startSec: i * 5, endSec: i * 5 + 7 }));
  assert.ok(pauseStrength(overlapping).every((x) => x === 0));
  assert.deepEqual([...pauseStrength([])], []);
});

/** Two topics whose change is gradual over sentences 56-64 (mixed vectors), so the exact boundary is a close call. */
function ambiguousShift(n = 120): Float32Array[] {
  return Array.from({ length: n }, (_, i) => {
    const mixB = Math.min(1, Math.max(0, (i - 56) / 8));
    const a = unit(16, 2, 0.25, i);
    const b = unit(16, 9, 0.25, i + 1000);
    return normalize(Float32Array.from(a, (x, k) => (1 - mixB) * x + mixB * b[k]));
  });
}

test('a long pause moves a close-call boundary to it; alone it splits nothing', () => {
  const vectors = ambiguousShift();
  const opts = { method: 'optimal' as const, lexicalWeight: 0, countPrior: 0, pauseWeight: 0 };
  const plain = segmentTopics(spoken(120, 4.5), vectors, [], opts);
  assert.equal(plain.length, 2, `${plain}`);
  for (const at of [57, 63].filter((x) => x !== plain[1])) {
    const paused = spoken(120, 4.5, new Map([[at, 5]]));
    assert.deepEqual(segmentTopics(paused, vectors, [], { ...opts, pauseWeight: 0.5 }), [0, at], `pause before ${at}`);
    assert.deepEqual(segmentTopics(paused, vectors, [], opts), plain, 'weight 0: pauses ignored');
  }
  // One topic throughout, with long pauses: still one section.
  const oneTopic = Array.from({ length: 120 }, (_, i) => unit(16, 4, 0.6, i));
  const pauses = spoken(120, 4.5, new Map([[30, 6], [60, 8], [90, 6]]));
  assert.deepEqual(segmentTopics(pauses, oneTopic, [], { ...opts, pauseWeight: 0.75 }), [0]);
  // With the default count prior a flat 10-minute stretch is cut to the prior's count anyway (pauses or not);
  // pauses may decide where those cuts fall, never add one.
  const withPauses = segmentTopics(pauses, oneTopic, []);
  assert.equal(withPauses.length, segmentTopics(pauses, oneTopic, [], { pauseWeight: 0 }).length, `${withPauses}`);
});

test('the default segmentation uses pauses', () => {
  assert.ok(DEFAULT_SEGMENT_OPTIONS.pauseWeight > 0);
  const vectors = ambiguousShift();
  const plain = segmentTopics(spoken(120, 4.5), vectors, [], { method: 'optimal', countPrior: 0, pauseWeight: 0 });
  const at = plain[1] === 63 ? 57 : 63;
  assert.deepEqual(segmentTopics(spoken(120, 4.5, new Map([[at, 5]])), vectors, [], { countPrior: 0 }), [0, at]);
});

test('questions: a sentence ending in "?" (closing quotes aside) is one; unpunctuated text holds none', () => {
  const s = (text: string, i: number): Sentence => ({ index: i, text, startSec: i, endSec: i + 1 });
  const texts = ['Is there anything unique about how you approach hiring?', 'He asked, "why not?"', 'What a day.', 'so what is attention', 'Why? Because.'];
  assert.deepEqual([...questionFlags(texts.map(s))], [1, 1, 0, 0, 0]);
});

test('a question moves a close-call boundary to it; questions alone split nothing', () => {
  const vectors = ambiguousShift();
  const opts = { method: 'optimal' as const, lexicalWeight: 0, countPrior: 0, pauseWeight: 0, questionWeight: 0 };
  const plain = segmentTopics(spoken(120, 4.5), vectors, [], opts);
  assert.equal(plain.length, 2, `${plain}`);
  const asking = (at: number[]): Sentence[] => spoken(120, 4.5).map((x) => (at.includes(x.index) ? { ...x, text: `what is sentence ${x.index}?` } : x));
  for (const at of [57, 63].filter((x) => x !== plain[1])) {
    assert.deepEqual(segmentTopics(asking([at]), vectors, [], { ...opts, questionWeight: 0.5 }), [0, at], `question at ${at}`);
    assert.deepEqual(segmentTopics(asking([at]), vectors, [], opts), plain, 'weight 0: questions ignored');
  }
  const oneTopic = Array.from({ length: 120 }, (_, i) => unit(16, 4, 0.6, i));
  assert.deepEqual(segmentTopics(asking([20, 40, 60, 80, 100]), oneTopic, [], { ...opts, questionWeight: 0.5 }), [0]);
});

test('the default segmentation uses questions', () => {
  assert.ok(DEFAULT_SEGMENT_OPTIONS.questionWeight > 0);
  const vectors = ambiguousShift();
  const plain = segmentTopics(spoken(120, 4.5), vectors, [], { method: 'optimal', countPrior: 0, questionWeight: 0 });
  const at = plain[1] === 63 ? 57 : 63;
  const asking = spoken(120, 4.5).map((x) => (x.index === at ? { ...x, text: 'so what is attention?' } : x));
  assert.deepEqual(segmentTopics(asking, vectors, [], { countPrior: 0 }), [0, at]);
});
