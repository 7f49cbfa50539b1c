// Proves: transcript segments become timed sentences — split at sentence-final punctuation when the
// text has it (abbreviations and initials kept whole), at pauses and clause openers when it does not;
// times stay inside the source segments and in order; empty and odd input never throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitSentences } from '../../server/knowledge/sentences';

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

test('a long pause-less unpunctuated run is cut, preferably before a clause opener', () => {
  const words = Array.from({ length: 100 }, (_, i) => (i === 40 ? 'because' : `word${i}`));
  const s = splitSentences([{ startSec: 0, endSec: 50, text: words.join(' ') }]);
  assert.ok(s.length >= 2);
  assert.ok(s.every((x) => x.text.split(' ').length <= 60));
  assert.ok(s[1].text.startsWith('because'), s.map((x) => x.text.slice(0, 20)).join(' | '));
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

test('unpunctuated runs break before a clause or its subject, not inside "left and right" (rolling captions of the Crash Course talk)', () => {
  const filler = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `word${from + i}`);
  // "and" alone joins words: no break before it, even past half the longest sentence.
  const joined = splitSentences([{ startSec: 0, endSec: 30, text: [...filler(35), 'the', 'left', 'and', 'right', 'hemispheres', ...filler(10, 40)].join(' ') }]);
  assert.equal(joined.length, 1, joined.map((x) => x.text).join(' | '));
  // A subject pronoun, or "and" before one, opens a clause.
  for (const opener of [['we', 'call'], ["it's", 'called'], ['and', 'i', 'will']]) {
    const s = splitSentences([{ startSec: 0, endSec: 30, text: [...filler(35), ...opener, ...filler(10, 40)].join(' ') }]);
    assert.equal(s.length, 2, opener.join(' '));
    assert.ok(s[1].text.startsWith(opener.join(' ')), s[1].text);
  }
  // Too long with no opener: the break falls before the last "and" of the second half, not at the 60th word.
  const long = splitSentences([{ startSec: 0, endSec: 60, text: [...filler(40), 'and', ...filler(30, 50)].join(' ') }]);
  assert.ok(long[1].text.startsWith('and word50'), long.map((x) => x.text.slice(0, 12)).join(' | '));
});

test('the two sides of a cut for length are marked clipped (poor key points); breaks at openers and pauses are not', () => {
  const filler = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `word${from + i}`);
  const s = splitSentences([
    { startSec: 0, endSec: 40, text: [...filler(95), 'so', ...filler(35, 100)].join(' ') },
    { startSec: 45, endSec: 50, text: 'after a pause a new clean sentence' },
  ]);
  assert.deepEqual(s.map((x) => x.clipped === true), [true, true, false, false], s.map((x) => x.text.slice(0, 15)).join(' | '));
  const punctuated = splitSentences([{ startSec: 0, endSec: 60, text: `${filler(70).join(' ')}. Short one.` }]);
  assert.ok(punctuated.every((x) => !x.clipped));
});
