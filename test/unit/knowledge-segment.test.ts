// Proves: the topic segmenter (the optimal split, TextTiling, and the default that picks one by length) returns
// valid section starts for any input (first 0, strictly increasing, in range), so sections cover every
// sentence exactly once and in order (fast-check properties, also through analyzeTranscript); it finds a
// clear topic shift, several shifts of unequal length, and a shift seen only in the words; it leaves a
// one-topic transcript whole; keeps chapters as hard boundaries; treats spoken "Chapter one ... Chapter two"
// announcements as boundaries only in a run of ordered numbers (incidental "Section 2 of the act ..." or
// "Part I think ..." sentences split nothing); respects the minimum
// section length; uses the optimal split at every length by default; and finds the planted topics of a 3,000-sentence transcript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { announcesPart, rangesFromStarts, segmentTopics, subsectionStarts } from '../../server/knowledge/segment';
import { orderedAnnouncements, parseAnnouncement } from '../../server/knowledge/segmentation/cues';
import { analyzeTranscript } from '../../server/knowledge/analyze';
import type { Sentence } from '../../server/domain/analysis';
import { normalize } from '../../server/domain/vector';
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
  for (const method of ['optimal', 'texttiling'] as const) {
    const starts = segmentTopics(sentences, vectors, [
      { title: 'A', startSec: 0, endSec: 200 },
      { title: 'B', startSec: 200, endSec: 600 },
    ], { method });
    assert.deepEqual(starts, [0, 40], method);
  }
});

test('no section is shorter than the minimum length (except a lone short transcript)', () => {
  const sentences = timedSentences(200, 5);
  const vectors = sentences.map((_, i) => unit(16, Math.floor(i / 10) % 16, 0.2, i)); // a "shift" every 50 s
  const starts = segmentTopics(sentences, vectors, [], { minSectionSec: 120 });
  const times = [...starts.map((s) => sentences[s].startSec), 1000];
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 120, `${times}`);
});

test('several shifts of unequal length are all found, and nothing else', () => {
  const sentences = timedSentences(200, 5); // 1000 s: topics of 200 s, 500 s, 300 s
  const topic = (i: number): number => (i < 40 ? 2 : i < 140 ? 9 : 5);
  const vectors = sentences.map((_, i) => unit(16, topic(i), 0.3, i));
  const starts = segmentTopics(sentences, vectors, []);
  assert.equal(starts.length, 3, `${starts}`);
  assert.ok(Math.abs(starts[1] - 40) <= 2 && Math.abs(starts[2] - 140) <= 2, `${starts}`);
});

test('a one-topic transcript stays one section', () => {
  const sentences = timedSentences(240, 5); // 20 minutes of the same topic with sentence-level noise
  const vectors = sentences.map((_, i) => unit(16, 4, 0.6, i));
  assert.deepEqual(segmentTopics(sentences, vectors, []), [0]);
});

test('a shift seen only in the words is found when the embeddings are flat', () => {
  const a = ['river delta sediment flows', 'delta river floods sediment', 'sediment flows into the river delta'];
  const b = ['violin bow strings resonate', 'strings of the violin resonate', 'bow the violin strings'];
  const sentences = timedSentences(120, 5).map((s, i) => ({ ...s, text: (i < 50 ? a : b)[i % 3] }));
  const flat = sentences.map(() => unit(16, 1, 0, 0));
  const starts = segmentTopics(sentences, flat, [], { method: 'optimal' });
  assert.deepEqual(starts, [0, 50]);
  // Words are ignored when their weight is 0: the flat embeddings then give one section.
  assert.deepEqual(segmentTopics(sentences, flat, [], { method: 'optimal', lexicalWeight: 0 }), [0]);
});

test('a lone announced part is no boundary; a run of ordered ones ("Part one ... Part two") is', () => {
  const sentences = timedSentences(120, 5);
  const vectors = sentences.map((_, i) => unit(16, 3, 0.3, i));
  const one = sentences.map((s, i) => (i === 70 ? { ...s, text: 'Part two: the experiment' } : s));
  assert.deepEqual(segmentTopics(one, vectors, [], { method: 'optimal' }), [0]);
  const two = one.map((s, i) => (i === 30 ? { ...s, text: 'Part one: the question' } : s));
  assert.deepEqual(segmentTopics(two, vectors, [], { method: 'optimal' }), [0, 30, 70]);
  assert.deepEqual(segmentTopics(two, vectors, [], { method: 'optimal', announcedParts: false }), [0]);
  // TextTiling (which always draws its deepest valleys) tries the cues first.
  const tiled = segmentTopics(two, vectors, [], { method: 'texttiling' });
  assert.ok(tiled.includes(30) && tiled.includes(70), `${tiled}`);
  // Out of order ("Part two" before "Part one") is no run.
  const swapped = sentences.map((s, i) => (i === 30 ? { ...s, text: 'Part two: the experiment' } : i === 70 ? { ...s, text: 'Part one: the question' } : s));
  assert.deepEqual(segmentTopics(swapped, vectors, [], { method: 'optimal' }), [0]);
});

test('incidental "Section 2 of the act", "Part I think", "Unit 3 of the building" sentences do not split a talk', () => {
  // A 25-minute talk on one topic (a lawyer on a statute) whose sentences happen to open like announcements.
  const sentences = timedSentences(300, 5).map((s, i) => ({ ...s, text: `the statute governs tenancy and the landlord duties in clause ${i % 7}.` }));
  const incidental = new Map<number, string>([
    [40, 'Section 2 of the act says the landlord must repair.'],
    [95, 'Part I think is misunderstood by most tenants.'],
    [150, 'Unit 3 of the building had no heating at all.'],
    [210, 'Section 5 of the act is about deposits.'],
    [260, 'Chapter 11 is a different matter entirely.'],
  ]);
  const text = sentences.map((s, i) => (incidental.has(i) ? { ...s, text: incidental.get(i)! } : s));
  const vectors = sentences.map((_, i) => unit(16, 4, 0.6, i));
  assert.deepEqual(orderedAnnouncements(text, 60), []);
  for (const method of ['auto', 'optimal'] as const) assert.deepEqual(segmentTopics(text, vectors, [], { method }), [0], method);
  // TextTiling always draws its deepest valleys, but not at the incidental sentences.
  const tiled = segmentTopics(text, vectors, [], { method: 'texttiling' });
  assert.ok(!tiled.some((i) => incidental.has(i)), `${tiled}`);
  // The same talk read as "Chapter one ... Chapter two ... Chapter three" is a run: those are its sections.
  const read = sentences.map((s, i) => (i === 0 ? { ...s, text: 'Chapter one. The lease.' } : i === 100 ? { ...s, text: 'Chapter two. Repairs.' } : i === 200 ? { ...s, text: 'Chapter three. Deposits.' } : s));
  assert.deepEqual(orderedAnnouncements(read, 60), [0, 100, 200]);
  assert.deepEqual(segmentTopics(read, vectors, [], { method: 'optimal' }), [0, 100, 200]);
});

test('announcements are read with their numbers (digits, words, ordinals, roman numerals)', () => {
  assert.deepEqual(parseAnnouncement('Chapter two, "The Law of Prosperity".'), { keyword: 'chapter', number: 2 });
  assert.deepEqual(parseAnnouncement('Part IV: results'), { keyword: 'part', number: 4 });
  assert.deepEqual(parseAnnouncement('Lecture 12'), { keyword: 'lecture', number: 12 });
  assert.deepEqual(parseAnnouncement('Step third'), { keyword: 'step', number: 3 });
  assert.equal(parseAnnouncement('Next part, the results'), null);
  assert.equal(parseAnnouncement('Chapter next'), null);
});

test("the default method is the optimal split at every length; 'auto' with shortTranscriptSec picks TextTiling below it", () => {
  for (const count of [170, 190]) {
    const sentences = timedSentences(count, 5); // 850 s and 950 s
    const vectors = sentences.map((_, i) => unit(16, Math.floor(i / 25) % 16, 0.4, i));
    assert.deepEqual(segmentTopics(sentences, vectors, []), segmentTopics(sentences, vectors, [], { method: 'optimal' }), `${count} sentences`);
    const expected = count === 170 ? 'texttiling' : 'optimal';
    assert.deepEqual(segmentTopics(sentences, vectors, [], { shortTranscriptSec: 900 }), segmentTopics(sentences, vectors, [], { method: expected }), `${count} sentences, 900 s switch`);
  }
  const sentences = timedSentences(190, 5);
  const vectors = sentences.map((_, i) => unit(16, Math.floor(i / 25) % 16, 0.4, i));
  assert.notDeepEqual(segmentTopics(sentences, vectors, [], { method: 'optimal' }), segmentTopics(sentences, vectors, [], { method: 'texttiling' }));
});

// Its speed is measured by bench/knowledge-analyze.ts (BENCHMARKS.md), not timed here.
test('the optimal split of a 3,000-sentence (3-hour) transcript finds its ten planted topics', () => {
  const sentences = timedSentences(3000, 3.6); // 3 hours
  const vectors = sentences.map((_, i) => unit(512, Math.floor(i / 300) % 512, 0.05, i));
  const starts = segmentTopics(sentences, vectors, []);
  assertValidStarts(starts, sentences.length);
  assert.deepEqual(starts, Array.from({ length: 10 }, (_, k) => k * 300));
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
        if (n > 3 && seed % 3 === 0) sentences[seed % n] = { ...sentences[seed % n], text: 'Chapter two, next' };
        if (n > 3 && seed % 5 === 0) sentences[(seed * 7) % n] = { ...sentences[(seed * 7) % n], text: 'Part 3: more' };
        const chapters = chapterStarts.map((s) => ({ title: 'c', startSec: s, endSec: s + 1 }));
        for (const method of ['auto', 'optimal', 'texttiling'] as const)
          for (const announcedParts of [true, false]) assertValidStarts(segmentTopics(sentences, vectors, chapters, { method, announcedParts }), n);
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

test('subsections: a finer level under each section, starting at the section start', () => {
  const sentences = timedSentences(240, 5); // 20 minutes: two topics, the first with two sub-topics
  const topic = (i: number): number => (i < 60 ? 1 : i < 120 ? 2 : 9);
  const vectors = sentences.map((_, i) => unit(16, topic(i), 0.3, i));
  const subs = subsectionStarts(sentences, vectors, [0, 120]);
  assert.equal(subs.length, 2);
  assert.equal(subs[0][0], 0);
  assert.equal(subs[1][0], 120);
  assert.ok(subs[0].some((s) => Math.abs(s - 60) <= 2), `${subs[0]}`);
  assert.deepEqual(subs[1], [120]);
});
