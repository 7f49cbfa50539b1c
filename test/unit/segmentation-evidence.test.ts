// Proves: the segmenter's extra evidence behaves as a general, talk-relative signal. Pauses count against
// the talk's own pauses (a long silence is strong, ordinary gaps, uniform gaps and touching captions are
// nothing); discourse markers are read at a sentence's opening only ("Now, ..." yes, "Nowhere ..." no);
// tf-idf vectors weigh a word said everywhere at zero and are unit length; and in the optimal split each
// is soft: it moves an ambiguous boundary to the pause or the marker, but alone never splits a one-topic
// talk; tf-idf vectors find a shift seen only in the words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentTopics } from '../../server/knowledge/segment';
import { pausesBefore, pauseStrength } from '../../server/knowledge/segmentation/pauses';
import { markerStrength, opensWithMarker } from '../../server/knowledge/segmentation/discourse';
import { tfidfVectors } from '../../server/knowledge/segmentation/tfidf';
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

test('discourse markers: read at the opening of a sentence, whole words only', () => {
  for (const yes of ['Now, the second law.', 'so what is a neuron', 'OK so here is the plan', "Let's look at the cortex.", 'Next, memory.', 'Moving on to sleep.', 'All right, questions.', '>> Okay.', 'Finally the brain stem'])
    assert.ok(opensWithMarker(yes), yes);
  for (const no of ['Nowhere is it clearer.', 'Some neurons fire.', 'The next day it rained, so we stayed.', 'Social behaviour matters.', 'Oklahoma is flat.', 'Letters arrived.'])
    assert.ok(!opensWithMarker(no), no);
  const s = ['Now we start.', 'Now again.', 'Plain.'].map((text, i) => ({ index: i, text, startSec: i, endSec: i + 1 }));
  // The first sentence opens the talk, not a new part.
  assert.deepEqual([...markerStrength(s)], [0, 1, 0]);
});

test('tf-idf vectors: a word said in every sentence weighs nothing; vectors are unit length or empty', () => {
  const texts = ['neuron brain cortex', 'neuron synapse signal', 'neuron', 'the of and'];
  const s = texts.map((text, i) => ({ index: i, text, startSec: i, endSec: i + 1 }));
  const { vectors } = tfidfVectors(s);
  // "neuron" is in 3 of 4 sentences, so not weightless; make one that is everywhere:
  const all = ['brain cortex', 'brain synapse', 'brain signal'].map((text, i) => ({ index: i, text, startSec: i, endSec: i + 1 }));
  const v2 = tfidfVectors(all).vectors;
  for (const v of v2) {
    const norm = Math.sqrt(v.weights.reduce((a, w) => a + w * w, 0));
    assert.ok(Math.abs(norm - 1) < 1e-9, `unit length ${norm}`);
    assert.equal(v.weights.length, 1, 'only the distinctive word is left');
  }
  assert.equal(vectors[2].weights.length, 1);
  assert.equal(vectors[3].weights.length, 0, 'no content words → empty');
});

test('tf-idf cohesion finds a shift seen only in the words, where the embeddings are flat', () => {
  const a = ['river delta sediment flows', 'delta river floods sediment', 'sediment flows into the river delta'];
  const b = ['violin bow strings resonate', 'strings of the violin resonate', 'bow the violin strings'];
  const sentences = spoken(120, 4.5).map((s, i) => ({ ...s, text: (i < 50 ? a : b)[i % 3] }));
  const flat = sentences.map(() => unit(16, 1, 0, 0));
  // The word-distribution model off: without tf-idf the flat embeddings give one section; with it, the shift.
  assert.deepEqual(segmentTopics(sentences, flat, [], { method: 'optimal', lexicalWeight: 0, countPrior: 0 }), [0]);
  assert.deepEqual(segmentTopics(sentences, flat, [], { method: 'optimal', lexicalWeight: 0, tfidfWeight: 0.5, countPrior: 0 }), [0, 50]);
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
  const opts = { method: 'optimal' as const, lexicalWeight: 0, countPrior: 0 };
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
});

test('a discourse marker moves a close-call boundary to it; markers alone split nothing', () => {
  const vectors = ambiguousShift();
  const opts = { method: 'optimal' as const, lexicalWeight: 0, countPrior: 0 };
  const base = spoken(120, 4.5);
  const plain = segmentTopics(base, vectors, [], opts);
  for (const at of [58, 62].filter((x) => x !== plain[1])) {
    const marked = base.map((s, i) => (i === at ? { ...s, text: 'Now, the next idea.' } : s));
    assert.deepEqual(segmentTopics(marked, vectors, [], { ...opts, markerWeight: 0.35 }), [0, at], `marker at ${at}`);
  }
  const oneTopic = Array.from({ length: 120 }, (_, i) => unit(16, 4, 0.6, i));
  const chatty = base.map((s, i) => (i % 10 === 5 ? { ...s, text: 'So, anyway.' } : s));
  assert.deepEqual(segmentTopics(chatty, oneTopic, [], { ...opts, markerWeight: 0.35 }), [0]);
});
