// Proves: transcript segments become timed sentences — split at sentence-final punctuation when the
// text has it (abbreviations and initials kept whole), at pauses and where the sentence-start model says a
// sentence starts when it does not (on real speech with its marks removed);
// times stay inside the source segments and in order; empty and odd input never throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { splitSentences } from '../../server/knowledge/sentences';
import { parseCaptions } from '../../server/ingest/transcribe/captions';
import { words } from '../../server/knowledge/text';

const TALKS = path.resolve(__dirname, '../../../shared/eval-public/talks');

test('punctuated segments split at sentence ends, across segment borders', () => {
  const s = splitSentences([
    { startSec: 0, endSec: 4, text: 'Most people consider life a battle,' },
    { startSec: 4, endSec: 8, text: 'but it is not. It is a game.' },
    { startSec: 8, endSec: 12, text: 'Dr. Smith met J. R. Tolkien today! Really?' },
  ]);
  assert.deepEqual(
    s.map((x) => x.text),
    ['Most people consider life a battle, but it is not.', 'It is a game.', 'Dr. Smith met J. R. Tolkien today!', 'Really?'],
  );
  assert.equal(s[0].startSec, 0);
  assert.ok(s[0].endSec > 4 && s[0].endSec <= 8);
  assert.ok(s[1].startSec >= 4 && s[1].endSec <= 8);
  assert.equal(s[3].endSec, 12);
  s.forEach((x, i) => assert.equal(x.index, i));
});

test('unpunctuated captions split at pauses between segments', () => {
  const s = splitSentences([
    { startSec: 0, endSec: 3, text: 'this was what did the mischief' },
    { startSec: 3.6, endSec: 6, text: 'it is hardly necessary to say more' },
    { startSec: 6.0, endSec: 8, text: 'of them here' },
  ]);
  assert.deepEqual(s.map((x) => x.text), ['this was what did the mischief', 'it is hardly necessary to say more of them here']);
  assert.equal(s[1].startSec, 3.6);
  assert.equal(s[1].endSec, 8);
});

test('a long pause-less unpunctuated run with no likely sentence start is cut for length, before its last "and"', () => {
  // One word said over and over: no gap in it looks like a sentence start, so nothing but the length rule can cut.
  const filler = (n: number): string[] => Array.from({ length: n }, () => 'blah');
  const long = splitSentences([{ startSec: 0, endSec: 60, text: [...filler(40), 'and', ...filler(30)].join(' ') }]);
  assert.deepEqual(long.map((x) => x.text.split(' ').length), [40, 31]);
  assert.ok(long[1].text.startsWith('and blah'), long.map((x) => x.text.slice(0, 12)).join(' | '));
  const flat = splitSentences([{ startSec: 0, endSec: 60, text: filler(130).join(' ') }]);
  assert.deepEqual(flat.map((x) => x.text.split(' ').length), [60, 60, 10]);
});

test('engine word timings are used when present', () => {
  const s = splitSentences([
    {
      startSec: 0, endSec: 10, text: 'Hello there. General Kenobi.',
      words: [
        { text: 'Hello', startSec: 0, endSec: 0.5 }, { text: 'there.', startSec: 0.5, endSec: 1 },
        { text: 'General', startSec: 7, endSec: 8 }, { text: 'Kenobi.', startSec: 8, endSec: 9 },
      ],
    },
  ]);
  assert.deepEqual(s.map((x) => [x.text, x.startSec, x.endSec]), [['Hello there.', 0, 1], ['General Kenobi.', 7, 9]]);
});

test('empty, blank and odd input gives sensible sentences and never throws', () => {
  assert.deepEqual(splitSentences([]), []);
  assert.deepEqual(splitSentences([{ startSec: 0, endSec: 1, text: '   ' }]), []);
  const odd = splitSentences([
    { startSec: 5, endSec: 6, text: '<script>alert(1)</script> ](javascript:alert(1)) **bold**' },
    { startSec: 1, endSec: 2, text: '日本語のテキストです。次の文です。' },
    { startSec: Number.NaN, endSec: 3, text: 'no start time' },
    { startSec: 7, endSec: 6, text: 'end before start' },
  ]);
  assert.ok(odd.length >= 2);
  assert.equal(odd[0].startSec, 1, 'segments are taken in time order');
  for (const x of odd) assert.ok(Number.isFinite(x.startSec) && x.endSec >= x.startSec);
});

test('property: sentences keep every word, in order, with non-decreasing times', () => {
  const segment = fc.record({
    gap: fc.double({ min: 0, max: 3, noNaN: true }),
    dur: fc.double({ min: 0, max: 10, noNaN: true }),
    words: fc.array(fc.constantFrom('alpha', 'beta.', 'gamma', 'delta?', 'and', 'Mr.', 'x!', 'é', '—'), { maxLength: 30 }),
  });
  fc.assert(
    fc.property(fc.array(segment, { maxLength: 20 }), (segs) => {
      let t = 0;
      const input = segs.map((s) => {
        const start = t + s.gap;
        t = start + s.dur;
        return { startSec: start, endSec: t, text: s.words.join(' ') };
      });
      const out = splitSentences(input);
      assert.deepEqual(out.flatMap((x) => x.text.split(' ')), segs.flatMap((s) => s.words));
      for (let i = 0; i < out.length; i++) {
        assert.ok(out[i].endSec >= out[i].startSec);
        if (i > 0) assert.ok(out[i].startSec >= out[i - 1].startSec);
      }
    }),
    { seed: 42, numRuns: 200 },
  );
});

test('a speaker turn ends the sentence before it; named speakers stay with their sentences', () => {
  const s = splitSentences([
    { startSec: 0, endSec: 3, text: 'so what made you start', speaker: 'Lenny' },
    { startSec: 3, endSec: 6, text: 'we wanted to build a product people love', speaker: 'Dmitry' },
    { startSec: 6, endSec: 9, text: 'and it worked out' },
    { startSec: 9, endSec: 12, text: 'really', speakerChange: true },
  ]);
  assert.deepEqual(s.map((x) => x.text), ['so what made you start', 'we wanted to build a product people love and it worked out', 'really']);
  assert.deepEqual(s.map((x) => x.speaker), ['Lenny', 'Dmitry', undefined]);
  assert.deepEqual(s.map((x) => x.turn === true), [false, true, true]);
});

test('unpunctuated speech breaks where a sentence starts, not inside a phrase', () => {
  const text =
    'the brain is divided into two hemispheres and the left and right hemispheres are connected by the corpus callosum ' +
    "so now let's look at the four lobes of the cortex but first we need to talk about neurons";
  const s = splitSentences([{ startSec: 0, endSec: 20, text }]);
  assert.deepEqual(s.map((x) => x.text), [
    'the brain is divided into two hemispheres and the left and right hemispheres are connected by the corpus callosum',
    "so now let's look at the four lobes of the cortex",
    'but first we need to talk about neurons',
  ]);
  // A break leaves a few words on each side: "… more of them | here" is not a sentence.
  assert.equal(splitSentences([{ startSec: 0, endSec: 5, text: 'it is hardly necessary to say more of them here' }]).length, 1);
});

test('the Crash Course talk with its marks and capitals removed: most sentence starts found again', () => {
  // Real speech: the talk's own punctuated captions give the reference sentences; the same words unmarked, in
  // cues of 8 words run end to end as automatic captions come, must be split near them (bench/sentence-splits.ts
  // measures all talks; figures in BENCHMARKS.md).
  const segs = parseCaptions(fs.readFileSync(path.join(TALKS, 'crashcourse-psych-04-brain', 'talk.vtt'), 'utf8'), 'vtt');
  const all: string[] = [];
  const reference = new Set<number>();
  for (const sentence of splitSentences(segs)) {
    const ws = words(sentence.text).map((w) => w.toLowerCase());
    if (all.length > 0) reference.add(all.length);
    all.push(...ws);
  }
  const cues = [];
  for (let i = 0; i < all.length; i += 8) cues.push({ startSec: i, endSec: i + 8, text: all.slice(i, i + 8).join(' ') });
  const found = new Set<number>();
  let at = 0;
  for (const sentence of splitSentences(cues)) {
    if (at > 0) found.add(at);
    at += sentence.text.split(' ').length;
  }
  const hits = [...found].filter((b) => reference.has(b)).length;
  const precision = hits / found.size;
  const recall = hits / reference.size;
  assert.ok(precision >= 0.3 && recall >= 0.2, `precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}`);
  const meanWords = all.length / (found.size + 1);
  assert.ok(meanWords >= 12 && meanWords <= 35, `${meanWords.toFixed(1)} words a sentence`);
});

test('the two sides of a cut for length are marked clipped (poor key points); breaks at pauses are not', () => {
  const filler = (n: number): string[] => Array.from({ length: n }, () => 'blah');
  const s = splitSentences([
    { startSec: 0, endSec: 40, text: [...filler(95), 'so', 'now', "let's", 'look', ...filler(35)].join(' ') },
    { startSec: 45, endSec: 50, text: 'after a pause a new clean sentence' },
  ]);
  assert.deepEqual(s.map((x) => x.clipped === true), [true, true, false, false], s.map((x) => x.text.slice(0, 15)).join(' | '));
  const punctuated = splitSentences([{ startSec: 0, endSec: 60, text: `${filler(70).join(' ')}. Short one.` }]);
  assert.ok(punctuated.every((x) => !x.clipped));
});
