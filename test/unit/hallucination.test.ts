import { rmsDbfs } from '../../server/domain/audio';
// Proves the hallucination guards: repeated-token and repeated-phrase loops collapse to one copy
// while ordinary repetition survives, and stock phrases over silence, non-speech tags, bare
// punctuation and impossibly dense text are flagged while ordinary speech is not. Also proves
// the whisper adapter's pure helpers: segment times become absolute and clamped, guards applied,
// language-detection samples spread over the speech, majority vote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collapseRepeats, isLikelyHallucination } from '../../server/ingest/transcribe/hallucination';
import { quietnessAsNoSpeechProb, toAbsoluteSegments } from '../../server/ingest/transcribe/segmentPostprocess';
import { pickDetectionChunks, voteLanguage } from '../../server/ingest/transcribe/languageDetection';
import { floatToPcm16 } from '../../server/ingest/pcmFile';

test('token loops collapse to one', () => {
  assert.equal(collapseRepeats('the the the the the'), 'the');
  assert.equal(collapseRepeats('and then the the the the the end'), 'and then the end');
  assert.equal(collapseRepeats('Thank you. Thank you. Thank you. Thank you.'), 'Thank you.');
  assert.equal(collapseRepeats('I mean, I mean, I mean, yes'), 'I mean, yes');
  assert.equal(
    collapseRepeats('we choose to go to the moon we choose to go to the moon in this decade'),
    'we choose to go to the moon in this decade',
  );
  assert.equal(collapseRepeats('la la la la la la la la la la la la la la la la la la'), 'la');
});

test('ordinary repetition is kept', () => {
  assert.equal(collapseRepeats('very very good'), 'very very good');
  assert.equal(collapseRepeats('ask not what your country can do for you, ask what you can do for your country'), 'ask not what your country can do for you, ask what you can do for your country');
  assert.equal(collapseRepeats('  spaced   out  '), 'spaced out');
  assert.equal(collapseRepeats(''), '');
});

test('collapsing is idempotent and never adds words (property)', () => {
  const word = fc.constantFrom('the', 'a', 'cat', 'sat', 'on', 'mat', 'you', 'Thank', 'you.');
  fc.assert(
    fc.property(fc.array(word, { maxLength: 40 }), (words) => {
      const once = collapseRepeats(words.join(' '));
      assert.equal(collapseRepeats(once), once);
      assert.ok(once.split(' ').filter(Boolean).length <= words.length);
    }),
  );
});

test('hallucinations are flagged', () => {
  assert.equal(isLikelyHallucination({ text: 'Thank you.', noSpeechProb: 0.7, durationSec: 2 }), true);
  assert.equal(isLikelyHallucination({ text: ' Thanks for watching!', noSpeechProb: 0.6, durationSec: 3 }), true);
  assert.equal(isLikelyHallucination({ text: '...', durationSec: 2 }), true);
  assert.equal(isLikelyHallucination({ text: '', durationSec: 2 }), true);
  assert.equal(isLikelyHallucination({ text: '[BLANK_AUDIO]', durationSec: 30 }), true);
  assert.equal(isLikelyHallucination({ text: '(upbeat music)', durationSec: 5 }), true);
  assert.equal(isLikelyHallucination({ text: '♪ ♪', durationSec: 5 }), true);
  assert.equal(isLikelyHallucination({ text: 'anything at all', noSpeechProb: 0.95, durationSec: 2 }), true);
  assert.equal(isLikelyHallucination({ text: 'x'.repeat(200), durationSec: 1 }), true, '200 chars in 1 s');
});

test('ordinary speech is not flagged', () => {
  assert.equal(isLikelyHallucination({ text: 'Thank you.', durationSec: 1 }), false, 'no sign of silence: keep it');
  assert.equal(isLikelyHallucination({ text: 'Thank you.', noSpeechProb: 0.2, durationSec: 1 }), false);
  assert.equal(isLikelyHallucination({ text: 'And so my fellow Americans, ask not what your country can do for you.', durationSec: 5 }), false);
  assert.equal(isLikelyHallucination({ text: 'Yes.', durationSec: 0 }), false, 'zero-length segments from whisper happen');
  assert.equal(isLikelyHallucination({ text: '42', durationSec: 1 }), false);
});

test('segments become absolute, clamped to the chunk, with guards applied', () => {
  // 4 s chunk at 100 s: loud first 3 s, silent last second.
  const samples = new Float32Array(16000 * 4);
  for (let index = 0; index < 16000 * 3; index++) samples[index] = Math.sin(index / 5) * 0.3;
  const dropped: string[] = [];
  const segments = toAbsoluteSegments(
    [
      { text: ' the the the the hello', t0: 0, t1: 1500 },
      { text: ' world', t0: 1500, t1: 2900 },
      { text: ' Thank you.', t0: 3100, t1: 3900 }, // over the silent second: whisper's classic
      { text: ' past the end', t0: 2900, t1: 9000 },
    ],
    { samples, offsetSec: 100 },
    undefined,
    (text) => dropped.push(text),
  );
  assert.deepEqual(segments, [
    { startSec: 100, endSec: 101.5, text: 'the hello' },
    { startSec: 101.5, endSec: 102.9, text: 'world' },
    { startSec: 102.9, endSec: 104, text: 'past the end' },
  ]);
  assert.deepEqual(dropped, ['Thank you.']);
});

test('tinydiarize turns: the marker leaves the text and the next kept segment starts a new speaker', () => {
  // What whisper.node's new-segments callback gives for a *-tdrz model (no such weights here: this is the parsing).
  // 4 s chunk at 10 s: speech, except a silent third second.
  const samples = new Float32Array(16000 * 4);
  for (let index = 0; index < samples.length; index++) if (index < 32000 || index >= 48000) samples[index] = Math.sin(index / 5) * 0.3;
  const segments = toAbsoluteSegments(
    [
      { text: ' How are you? [SPEAKER_TURN]', t0: 0, t1: 1000 },
      { text: ' Fine, thanks. [SPEAKER_TURN]', t0: 1000, t1: 2000 },
      { text: ' Thank you.', t0: 2100, t1: 2900 }, // dropped (silence under text): the turn goes on to the next
      { text: ' Good.', t0: 3000, t1: 3900 },
    ],
    { samples, offsetSec: 10 },
  );
  assert.deepEqual(segments, [
    { startSec: 10, endSec: 11, text: 'How are you?' },
    { startSec: 11, endSec: 12, text: 'Fine, thanks.', speakerChange: true },
    { startSec: 13, endSec: 13.9, text: 'Good.', speakerChange: true },
  ]);
});

test('audio helpers: level, quietness, PCM conversion, language vote', () => {
  assert.equal(rmsDbfs(new Float32Array(100)), -Infinity);
  assert.ok(Math.abs(rmsDbfs(new Float32Array(100).fill(0.5)) - 20 * Math.log10(0.5)) < 1e-9);
  assert.equal(quietnessAsNoSpeechProb(-80, -20), 0.9);
  assert.equal(quietnessAsNoSpeechProb(-45, -20), 0.6);
  assert.equal(quietnessAsNoSpeechProb(-22, -20), undefined);
  assert.deepEqual([...new Int16Array(floatToPcm16(Float32Array.from([-1, 0, 1, 2, -2])))], [-32768, 0, 32767, 32767, -32768]);
  assert.equal(voteLanguage([{ language: 'de' }, { language: 'en' }, { language: 'de' }]), 'de');
  assert.equal(voteLanguage([{ language: 'de', probability: 0.4 }, { language: 'en', probability: 0.9 }]), 'en');
  assert.equal(voteLanguage([{ language: 'fr' }, { language: 'en' }]), 'fr');
  assert.equal(voteLanguage([]), null);
});

test('language detection samples speech chunks at 10 %, 50 % and 90 % of the speech', () => {
  const chunks = Array.from({ length: 20 }, (_, index) => ({ index, startSample: index * 100, endSample: (index + 1) * 100, hasSpeech: index % 2 === 0 }));
  assert.deepEqual(pickDetectionChunks(chunks).map((chunk) => chunk.index), [2, 10, 18], 'speech chunks 0,2,…,18: positions 1, 5, 9');
  assert.deepEqual(pickDetectionChunks(chunks.slice(0, 1)).map((chunk) => chunk.index), [0], 'one chunk: one sample');
  assert.deepEqual(pickDetectionChunks(chunks.filter((chunk) => !chunk.hasSpeech)), [], 'no speech: no detection');
});
