// Proves (with a deterministic bag-of-words embedder): analyzeTranscript finds obvious noun phrases and
// named people as concepts with occurrences and an explaining sentence; key points and the summary are
// real transcript sentences with their own times; chapter titles name sections; output is identical
// across runs; empty, one-sentence, unpunctuated, non-English and Markdown/HTML input never throw;
// cancellation stops it; progress rises to 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTranscript } from '../../server/knowledge/analyze';
import type { TranscriptSegment } from '../../server/domain/types';
import { fakeEmbedder } from './knowledge-fake-embedder';

const LECTURE = [
  'Today we study neural networks and how a neural network learns.',
  'A neural network is a stack of layers that transform their input.',
  'Each layer of the neural network has weights and biases.',
  'Gradient descent adjusts the weights of the neural network.',
  'Alan Turing asked whether machines can think.',
  'Alan Turing proposed the imitation game in 1950.',
  'The imitation game tests a machine against a human judge.',
  'Gradient descent follows the slope of the loss function.',
  'The loss function measures how wrong the network is.',
  'Neural networks need a lot of training data.',
];

function lecture(repeat = 3): TranscriptSegment[] {
  const out: TranscriptSegment[] = [];
  for (let r = 0; r < repeat; r++) LECTURE.forEach((text, i) => out.push({ startSec: (r * LECTURE.length + i) * 6, endSec: (r * LECTURE.length + i) * 6 + 5, text }));
  return out;
}

test('concepts: obvious noun phrases and people, with occurrences and an explanation', async () => {
  const a = await analyzeTranscript({ segments: lecture(), chapters: [], durationSec: 180, quality: 'standard' }, fakeEmbedder());
  const labels = a.concepts.map((c) => c.label.toLowerCase());
  for (const expected of ['neural network', 'gradient descent', 'loss function', 'alan turing']) {
    assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
  }
  const turing = a.concepts.find((c) => c.label.toLowerCase() === 'alan turing')!;
  assert.equal(turing.kind, 'person');
  assert.ok(turing.occurrences.length >= 3);
  assert.match(turing.explanation.text, /Alan Turing/);
  const nn = a.concepts.find((c) => c.label.toLowerCase() === 'neural network')!;
  assert.ok(nn.importance > 0 && nn.importance <= 1);
  assert.ok(a.concepts.every((c) => /^[a-z0-9-]+$/.test(c.id)));
  assert.equal(new Set(a.concepts.map((c) => c.id)).size, a.concepts.length, 'ids are unique');
  assert.ok(a.edges.length > 0);
  const ids = new Set(a.concepts.map((c) => c.id));
  assert.ok(a.edges.every((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target));
});

test('key points and summary are transcript sentences with their own times', async () => {
  const a = await analyzeTranscript({ segments: lecture(), chapters: [], durationSec: 180, quality: 'premium' }, fakeEmbedder());
  const timed = new Set(a.sentences.map((s) => `${s.startSec}|${s.endSec}|${s.text}`));
  const points = [...a.summary, ...a.sections.flatMap((s) => s.keyPoints)];
  assert.ok(points.length > 0 && a.summary.length > 0);
  for (const p of points) assert.ok(timed.has(`${p.startSec}|${p.endSec}|${p.text}`), `key point is a timed transcript sentence: ${p.text}`);
  for (const sec of a.sections) for (const p of sec.keyPoints) assert.ok(p.startSec >= sec.startSec && p.startSec <= sec.endSec);
});

test('chapter titles name their sections', async () => {
  const a = await analyzeTranscript(
    { segments: lecture(), chapters: [{ title: 'Networks', startSec: 0, endSec: 90 }, { title: 'Turing <test>', startSec: 90, endSec: 180 }], durationSec: 180, quality: 'basic' },
    fakeEmbedder(),
  );
  assert.deepEqual(a.sections.map((s) => s.title), ['Networks', 'Turing <test>']);
  assert.equal(a.sections[1].startSec, 90);
});

test('the same input gives the same analysis', async () => {
  const input = { segments: lecture(), chapters: [], durationSec: 180, quality: 'standard' as const };
  assert.deepEqual(await analyzeTranscript(input, fakeEmbedder()), await analyzeTranscript(input, fakeEmbedder()));
});

test('bad input gives sensible output, never a throw', async () => {
  const e = fakeEmbedder();
  const empty = await analyzeTranscript({ segments: [], chapters: [], durationSec: 0, quality: 'standard' }, e);
  assert.deepEqual(empty, { sentences: [], sections: [], concepts: [], edges: [], summary: [] });
  const one = await analyzeTranscript({ segments: [{ startSec: 0, endSec: 3, text: 'Just one sentence here.' }], chapters: [], durationSec: 3, quality: 'standard' }, e);
  assert.equal(one.sections.length, 1);
  assert.equal(one.sections[0].keyPoints[0].text, 'Just one sentence here.');
  const noPunct = lecture().map((s) => ({ ...s, text: s.text.toLowerCase().replace(/[.,]/g, '') }));
  const np = await analyzeTranscript({ segments: noPunct, chapters: [], durationSec: 180, quality: 'standard' }, e);
  // Each caption line follows a pause, so each starts a sentence; the sentence-start model may split a line further.
  const starts = new Set(np.sentences.map((s) => s.startSec));
  assert.ok(noPunct.every((seg) => starts.has(seg.startSec)));
  assert.ok(np.sentences.length >= 30 && np.sentences.length <= 40, `${np.sentences.length} sentences`);
  const weird = await analyzeTranscript(
    {
      segments: [
        { startSec: 0, endSec: 2, text: '<script>alert(1)</script> [x](javascript:alert(1)) # Heading | table |' },
        { startSec: 2, endSec: 4, text: '这是一个中文句子。这是第二个句子。' },
        { startSec: 4, endSec: 6, text: 'Ünïcödé façade naïve café — 🎉🎉 \u0000 \u202e' },
      ],
      chapters: [{ title: '', startSec: Number.NaN, endSec: 1 }],
      durationSec: Number.NaN,
      quality: 'premium',
    },
    e,
  );
  assert.ok(weird.sections.length >= 1);
});

test('progress rises to 1 and an aborted signal stops the analysis', async () => {
  const seen: number[] = [];
  await analyzeTranscript({ segments: lecture(), chapters: [], durationSec: 180, quality: 'basic' }, fakeEmbedder(), { onProgress: (f) => seen.push(f) });
  assert.equal(seen[seen.length - 1], 1);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1]);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(analyzeTranscript({ segments: lecture(), chapters: [], durationSec: 180, quality: 'basic' }, fakeEmbedder(), { signal: ac.signal }), { name: 'CancelledError' });
});
