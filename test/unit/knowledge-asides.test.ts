// Proves: sentences about the show rather than its topic are marked as asides: a sponsor read from its
// "brought to you by" to the web address it ends on (within two minutes), a call to subscribe, and the
// sign-off with everything after it when that is the talk's last minute or so. Lookalikes are not ("him we brought to
// you", a "thanks for watching" mid-talk). On the real podcast every sentence of its two Stripe reads is an
// aside and the guest's welcome after the first is not; on the real Crash Course the sign-off and the credits
// are, the review before them is not. The analysis then takes no key point, summary line or concept from an
// aside, and a part that is mostly one is titled "Announcements" (a section too, unless the creator's chapter names it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { asideTitle, markAsides } from '../../server/knowledge/asides';
import { analyzeTranscript } from '../../server/knowledge/analyze';
import { splitSentences } from '../../server/knowledge/sentences';
import { parseCaptions } from '../../server/ingest/transcribe/captions';
import type { Sentence } from '../../server/domain/analysis';
import { fakeEmbedder } from './knowledge-fake-embedder';

const TALKS = path.resolve(__dirname, '../../../shared/eval-public/talks');

const at = (texts: string[], stepSec = 10): Sentence[] => texts.map((text, index) => ({ index, text, startSec: index * stepSec, endSec: index * stepSec + stepSec - 1 }));
const asides = (s: Sentence[]): number[] => s.flatMap((x, i) => (x.aside ? [i] : []));

const TOPIC = Array.from({ length: 30 }, (_, i) => `Photosynthesis step ${i + 1} turns light into chemical energy in the leaf.`);

test('a sponsor read runs to its web address; a call to subscribe is one sentence; lookalikes are not asides', () => {
  const s = markAsides(at([
    TOPIC[0],
    'This episode is brought to you by Acme.', 'Acme makes the best widgets.', 'Millions of teams use Acme every day.', 'Learn more at acme.com.',
    'Welcome back to the show.', TOPIC[1],
    "Don't forget to subscribe to the channel.", TOPIC[2],
    'We sunk his ship and men but him we brought to you.', 'Thanks for watching so far, now the hard part.', ...TOPIC.slice(3),
  ]));
  assert.deepEqual(asides(s), [1, 2, 3, 4, 7]);
  assert.equal(s[5].aside, undefined, 'the show going on is no aside');
});

test('a sponsor read ends on a web address only within two minutes', () => {
  const s = markAsides(at(['Today\'s sponsor is Acme.', ...TOPIC.slice(0, 15), 'Find the slides at example.org.'], 10));
  assert.deepEqual(asides(s), [0], 'the address 160 s later belongs to the talk');
});

test('the sign-off and what follows are asides only within the talk\'s last 90 s', () => {
  const ending = markAsides(at([...TOPIC, 'Thanks for watching this lesson.', 'This episode was written by Kathleen Yale.', 'Our sound designer is Michael Aranda.']));
  assert.deepEqual(asides(ending), [30, 31, 32]);
  const early = markAsides(at([TOPIC[0], 'Thank you so much for listening so far.', ...TOPIC.slice(1)]));
  assert.deepEqual(asides(early), [], 'a sign-off followed by most of the talk is no outro');
  const questions = Array.from({ length: 12 }, (_, i) => `Question ${i + 1} asks how the leaf stores the energy it makes.`);
  const hour = Array.from({ length: 200 }, (_, i) => TOPIC[i % TOPIC.length]);
  const lecture = markAsides(at([...hour, 'Thank you for listening.', ...questions], 10));
  assert.deepEqual(asides(lecture), [], 'two minutes of questions after the sign-off are the talk going on, however long the talk');
});

test('a block mostly (by words) of asides is titled "Announcements"', () => {
  const s = markAsides(at(['This video is sponsored by Acme, the company that makes the very best widgets in the world.', 'Learn more at acme.com.', 'Short point.', ...TOPIC]));
  assert.equal(asideTitle(s, 0, 3), 'Announcements');
  assert.equal(asideTitle(s, 0, 6), null);
});

test('the real podcast: both Stripe reads are asides, the welcome after the first is not; Crash Course: the sign-off and credits', () => {
  const podcast = markAsides(splitSentences(parseCaptions(fs.readFileSync(path.join(TALKS, 'lenny-revolut-pms', 'talk.vtt'), 'utf8'), 'vtt')));
  const stripe = podcast.filter((s) => /stripe/i.test(s.text));
  assert.ok(stripe.length >= 10 && stripe.every((s) => s.aside), stripe.filter((s) => !s.aside).map((s) => s.text).join(' | '));
  assert.ok(podcast.some((s) => /Dmitry, thank you so much for being here/.test(s.text) && !s.aside));
  // Nothing else: the asides are the opening plugs and read (1:48-3:40), the mid-roll read (30:33-31:28), the outro.
  const stray = podcast.filter((s) => s.aside && !(s.startSec >= 100 && s.startSec < 225) && !(s.startSec >= 1830 && s.startSec < 1890) && !(s.startSec >= 4170));
  assert.deepEqual(stray.map((s) => s.text), []);
  assert.ok(podcast.some((s) => /^Thank you so much for listening/.test(s.text) && s.aside), 'the outro starts at the first sign-off of the tail');
  const lesson = markAsides(splitSentences(parseCaptions(fs.readFileSync(path.join(TALKS, 'crashcourse-psych-04-brain', 'talk.vtt'), 'utf8'), 'vtt')));
  const marked = lesson.filter((s) => s.aside).map((s) => s.text);
  assert.match(marked[0], /^Thanks for watching/);
  assert.ok(marked.some((t) => /written by Kathleen Yale/.test(t)));
  assert.ok(lesson.some((s) => /you learned the basics of the central nervous system/.test(s.text) && !s.aside));
});

test('the analysis takes no key point, summary line or concept from an aside', async () => {
  const texts = [
    ...TOPIC.slice(0, 10),
    'This episode is brought to you by Zorblax.', 'Zorblax photosynthesis widgets turn light into chemical energy for your leaf business.', 'Zorblax is trusted by Zorblax fans.', 'Visit zorblax.com today.',
    ...TOPIC.slice(10),
  ];
  const a = await analyzeTranscript({ segments: at(texts, 6).map((s) => ({ startSec: s.startSec, endSec: s.endSec, text: s.text })), chapters: [], durationSec: texts.length * 6, quality: 'standard' }, fakeEmbedder());
  const points = [...a.summary, ...a.sections.flatMap((s) => s.keyPoints)].map((p) => p.text);
  assert.ok(points.length > 0);
  assert.ok(points.every((t) => !/zorblax/i.test(t)), points.join(' | '));
  assert.ok(a.concepts.every((c) => !/zorblax/i.test(c.label)), a.concepts.map((c) => c.label).join(', '));
});

test('a section that is mostly an aside is "Announcements", unless the creator\'s chapter names it', async () => {
  const texts = [
    ...TOPIC.slice(0, 12),
    'This episode is brought to you by Zorblax, the company that makes the finest widgets for every kind of leaf business.', 'Zorblax widgets are trusted by millions of happy teams around the world every day.', 'Visit zorblax.com today.',
  ];
  const segments = at(texts, 6).map((s) => ({ startSec: s.startSec, endSec: s.endSec, text: s.text }));
  const input = { segments, durationSec: texts.length * 6, quality: 'standard' as const };
  const ours = await analyzeTranscript({ ...input, chapters: [{ startSec: 0, endSec: 72, title: 'Photosynthesis' }, { startSec: 72, endSec: texts.length * 6, title: 'Sponsor: Zorblax' }] }, fakeEmbedder());
  assert.deepEqual(ours.sections.map((s) => s.title), ['Photosynthesis', 'Sponsor: Zorblax']);
  const lone = await analyzeTranscript({ ...input, chapters: [] }, fakeEmbedder());
  const last = lone.sections[lone.sections.length - 1];
  const tail = last.subsections?.[last.subsections.length - 1] ?? last;
  assert.equal(tail.title, 'Announcements', JSON.stringify(lone.sections.map((s) => [s.title, s.subsections?.map((q) => q.title)])));
});
