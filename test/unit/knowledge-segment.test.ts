// Proves: the topic segmenter returns valid section starts for any input (first 0, strictly increasing,
// in range), so sections cover every sentence exactly once and in order (fast-check properties, also
// through analyzeTranscript); it finds a clear topic shift, keeps chapters as hard boundaries, treats
// spoken "Chapter two, ..." announcements as boundaries, and respects the minimum section length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { announcesPart, rangesFromStarts, segmentTopics } from '../../server/knowledge/segment';
import { analyzeTranscript } from '../../server/knowledge/analyze';
import type { Sentence } from '../../server/knowledge/types';
import { normalize } from '../../server/knowledge/vector';
import { fakeEmbedder } from './knowledge-fake-embedder';

function unit(dim: number, hot: number, noise: number, seed: number): Float32Array {
  const v = new Float32Array(dim);
  v[hot] = 1;
  for (let i = 0; i < dim; i++) v[i] += noise * Math.sin(seed * 12.9898 + i * 78.233);
  return normalize(v);
}

function timedSentences(n: number, secEach: number): Sentence[] {
  return Array.from({ length: n }, (_, i) => ({ index: i, text: `sentence ${i}`, startSec: i * secEach, endSec: (i + 1) * secEach - 0.5 }));
}

function assertValidStarts(starts: number[], n: number): void {
  if (n === 0) return assert.deepEqual(starts, []);
  assert.equal(starts[0], 0);
  for (let i = 1; i < starts.length; i++) assert.ok(starts[i] > starts[i - 1], `starts increase: ${starts}`);
  assert.ok(starts[starts.length - 1] < n);
  const covered = rangesFromStarts(starts, n).flatMap((r) => Array.from({ length: r.to - r.from }, (_, k) => r.from + k));
  assert.deepEqual(covered, Array.from({ length: n }, (_, i) => i));
}

test('a clear topic shift becomes a section boundary', () => {
  const sentences = timedSentences(120, 5); // 10 minutes
  const vectors = sentences.map((_, i) => unit(16, i < 60 ? 1 : 7, 0.3, i));
  const starts = segmentTopics(sentences, vectors, []);
  assert.ok(starts.includes(60) || starts.some((s) => Math.abs(s - 60) <= 2), `boundary near 60 in ${starts}`);
});

test('chapters are hard boundaries; a short chapter is not split further', () => {
  const sentences = timedSentences(120, 5);
  const vectors = sentences.map((_, i) => unit(16, 3, 0.3, i));
  const starts = segmentTopics(sentences, vectors, [
    { title: 'A', startSec: 0, endSec: 200 },
    { title: 'B', startSec: 200, endSec: 600 },
  ]);
  assert.deepEqual(starts, [0, 40]);
});

test('no section is shorter than the minimum length (except a lone short transcript)', () => {
  const sentences = timedSentences(200, 5);
  const vectors = sentences.map((_, i) => unit(16, Math.floor(i / 10) % 16, 0.2, i)); // a "shift" every 50 s
  const starts = segmentTopics(sentences, vectors, [], { minSectionSec: 120 });
  const times = [...starts.map((s) => sentences[s].startSec), 1000];
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 120, `${times}`);
});

test('spoken part announcements are recognised', () => {
  assert.ok(announcesPart('Chapter two, "The Law of Prosperity".'));
  assert.ok(announcesPart('Part 3: results'));
  assert.ok(announcesPart('“Lecture four'));
  assert.ok(!announcesPart('In the following chapter, I will explain'));
  assert.ok(!announcesPart('Parts of speech are useful'));
});

test('property: segmentTopics returns valid starts for any sentences, vectors and chapters', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 150 }),
      fc.double({ min: 0.5, max: 30, noNaN: true }),
      fc.array(fc.double({ min: -100, max: 5000, noNaN: true }), { maxLength: 6 }),
      fc.integer({ min: 0, max: 1000 }),
      (n, secEach, chapterStarts, seed) => {
        const sentences = timedSentences(n, secEach);
        const vectors = sentences.map((_, i) => unit(8, (i * 7 + seed) % 8, 0.5, i + seed));
        const chapters = chapterStarts.map((s) => ({ title: 'c', startSec: s, endSec: s + 1 }));
        assertValidStarts(segmentTopics(sentences, vectors, chapters), n);
      },
    ),
    { seed: 7, numRuns: 150 },
  );
});

test('property: analyzeTranscript sections cover all sentences in order without overlap', async () => {
  const embedder = fakeEmbedder();
  const vocabulary = ['neural networks learn weights.', 'the river flows to the sea.', 'Alan Turing built machines.', 'prices rise in winter.', 'um', 'and so'];
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ pick: fc.integer({ min: 0, max: vocabulary.length - 1 }), dur: fc.double({ min: 0.2, max: 20, noNaN: true }) }), { maxLength: 80 }),
      fc.constantFrom('basic' as const, 'standard' as const, 'premium' as const),
      async (items, quality) => {
        let t = 0;
        const segments = items.map((it) => {
          const s = { startSec: t, endSec: t + it.dur, text: vocabulary[it.pick] };
          t += it.dur + 0.5;
          return s;
        });
        const a = await analyzeTranscript({ segments, chapters: [], durationSec: t, quality }, embedder);
        let next = 0;
        for (const [i, s] of a.sections.entries()) {
          assert.equal(s.index, i);
          assert.equal(s.sentenceFrom, next);
          assert.ok(s.sentenceTo > s.sentenceFrom);
          assert.ok(s.endSec >= s.startSec);
          next = s.sentenceTo;
        }
        assert.equal(next, a.sentences.length);
      },
    ),
    { seed: 11, numRuns: 40 },
  );
});
