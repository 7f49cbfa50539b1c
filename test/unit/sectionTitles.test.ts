// Proves the title rules: a section is named by a phrase of its own sentences that is distinctive for it
// (the talk's main noun, said everywhere, names no section); titles hold no filler and no dangling function
// word, start with a capital and read "I" for unpunctuated "i"; a block's title is not nested in its
// neighbour's nor a repeat; 2-7 words are preferred to a single word the block does not name; a creator's
// chapter title still wins where a section starts; parts avoid their section's title and fall back to
// "Part n"; no phrase names two blocks anywhere in one outline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanTitle, keyPhrases, outlineTitles, sectionTitles, subsectionTitles, TITLE_WEIGHTS } from '../../server/knowledge/sectionTitles';
import { MAX_TITLE_WORDS, tagSentences, titleCandidates, type TitleCandidate } from '../../server/knowledge/titlePhrases';
import { PrefixSums } from '../../server/domain/vector';
import { STOPWORDS, words } from '../../server/knowledge/text';
import type { Sentence } from '../../server/domain/analysis';
import { fakeEmbedder } from './knowledge-fake-embedder';

const talk = [
  // Section 1: pricing. "startup" is said in every section.
  'Every startup needs a pricing model.', 'Um, the pricing model of a startup decides its revenue.', 'A startup can change its pricing model later.',
  'So the startup team tests prices with customers.', 'The startup learns what customers pay.', 'A good pricing model is simple to explain.',
  // Section 2: hiring.
  'The startup hiring process takes time.', 'A hiring process should be fair to every candidate.', 'The startup interviews candidates in a week.',
  'Our hiring process has three interviews.', 'The startup pays candidates for a work trial.', 'A slow hiring process loses the best candidates.',
  // Section 3: the market.
  'The startup must know its market size.', 'Market size tells the startup how far it can grow.', 'A startup in a small market stays small.',
  'Investors ask about market size first.', 'The startup estimates the market from customers.', 'Market size changes as the startup grows.',
];
const sentences: Sentence[] = talk.map((text, i) => ({ index: i, text, startSec: i * 10, endSec: i * 10 + 9 }));
const ranges = [{ from: 0, to: 6 }, { from: 6, to: 12 }, { from: 12, to: 18 }];

async function candidatesOf(ss: Sentence[], blocks: { from: number; to: number }[]): Promise<TitleCandidate[][]> {
  const embedder = fakeEmbedder();
  const vectors = await embedder.embed(ss.map((s) => s.text));
  return titleCandidates(tagSentences(ss), blocks, new PrefixSums(vectors, embedder.dim), embedder);
}

const candidate = (text: string, lift: number): TitleCandidate => ({ text, wordCount: text.split(' ').length, lift, english: 0, spread: 0, freq: 0, centrality: 0, named: 0 });

test('each section is named by its own distinctive phrase, not by the noun said all through the talk', async () => {
  const titles = sectionTitles(sentences, ranges, [], await candidatesOf(sentences, ranges));
  // Each by its own phrase (a longer phrase around it may name it: "Pricing model of a startup").
  assert.equal(titles.length, 3);
  ['Pricing model', 'Hiring process', 'Market size'].forEach((phrase, i) => assert.ok(titles[i].startsWith(phrase), `${titles[i]} names section ${i + 1} by "${phrase}"`));
});

test('titles are clean: no filler, no dangling function word, a capital first letter, 1-7 words of the talk', async () => {
  const raw = [
    'um so i think the uh pricing model of the', 'uh you know the pricing model of the company is like', 'so um pricing model pricing model of the',
    'and the hiring process of the uh', 'um the hiring process is like you know', 'the hiring process of a um',
  ];
  const ss: Sentence[] = raw.map((text, i) => ({ index: i, text, startSec: i * 5, endSec: i * 5 + 4 }));
  const blocks = [{ from: 0, to: 3 }, { from: 3, to: 6 }];
  const titles = sectionTitles(ss, blocks, [], await candidatesOf(ss, blocks));
  const spoken = raw.join(' ').toLowerCase();
  for (const t of titles) {
    const ws = words(t);
    assert.ok(ws.length >= 1 && ws.length <= MAX_TITLE_WORDS, t);
    assert.ok(!STOPWORDS.has(ws[0]) && !STOPWORDS.has(ws[ws.length - 1]), `no filler or function word at either end: ${t}`);
    assert.ok(!ws.some((w) => w === 'um' || w === 'uh'), t);
    assert.match(t, /^\p{Lu}/u);
    assert.ok(spoken.includes(t.toLowerCase()), `in the talk's own words: ${t}`);
  }
  assert.deepEqual(titles, ['Pricing model', 'Hiring process']);
  assert.equal(cleanTitle('what i learned and i’m sure'), 'What I learned and I’m sure');
});

test('a title is not nested in the one before it, and no title repeats', () => {
  const titles = keyPhrases(
    [
      [candidate('Attention', 5), candidate('Word embeddings', 1)],
      [candidate('Attention pattern', 5), candidate('Key matrix', 2)],
      [candidate('Attention patterns', 7), candidate('Key matrix', 2)],
    ],
    TITLE_WEIGHTS,
  );
  // Block 1: two words preferred to a better single word; block 2: "Attention pattern" shares no whole
  // title with "Word embeddings", so it stands; block 3: "Attention patterns" is the same words as block 2's.
  assert.deepEqual(titles, ['Word embeddings', 'Attention pattern', 'Key matrix']);
  const again = keyPhrases([[candidate('Attention pattern', 5)], [candidate('Attention pattern', 5), candidate('Softmax', 1)], [candidate('Attention pattern', 5)]], TITLE_WEIGHTS);
  // A used title is never given again: a block with nothing else has no phrase (its caller names it otherwise).
  assert.deepEqual(again, ['Attention pattern', 'Softmax', null]);
});

test("a creator's chapter title wins where a section starts at the chapter; a split chapter's later part adds its phrase", async () => {
  const chapters = [{ title: 'Why pricing matters', startSec: 0, endSec: 60 }, { title: 'Growth', startSec: 60, endSec: 180 }];
  const titles = sectionTitles(sentences, ranges, chapters, await candidatesOf(sentences, ranges));
  assert.deepEqual(titles, ['Why pricing matters', 'Growth', 'Growth: Market size']);
});

test("parts are named by their own phrases, not their section's title; a part with none is 'Part n'", async () => {
  const parts = [{ from: 6, to: 9 }, { from: 9, to: 12 }];
  const titles = subsectionTitles(await candidatesOf(sentences, parts), 'Hiring process');
  assert.equal(titles.length, 2);
  for (const t of titles) assert.ok(!/hiring process/i.test(t), t);
  assert.deepEqual(subsectionTitles([[], []]), ['Part 1', 'Part 2']);
});

test('no phrase names two blocks of one outline: a part does not take another section\'s title or another section\'s part title', () => {
  const { sections, parts } = outlineTitles(
    sentences.slice(0, 12),
    [{ from: 0, to: 6 }, { from: 6, to: 12 }],
    [],
    [[candidate('Pricing model', 5)], [candidate('Hiring process', 5)]],
    [
      [[candidate('Hiring process', 9), candidate('Price tests', 1)], [candidate('Brain scans', 5), candidate('Customers', 1)]],
      [[candidate('Brain scans', 9), candidate('Work trial', 1)], [candidate('Interviews', 3)]],
    ],
  );
  assert.deepEqual(sections, ['Pricing model', 'Hiring process']);
  assert.deepEqual(parts, [['Price tests', 'Brain scans'], ['Work trial', 'Interviews']]);
});

test('a verb one tagger reads as a noun is no title word: "Companies use Stripe" (the podcast) is no candidate, "payment methods" is', async () => {
  const ss: Sentence[] = [
    'Companies use Stripe to accept payments.', 'Companies use Stripe for global dynamic payment methods.', 'Payment methods differ by country.',
    'Psychologists use research methods.', 'Psychologists use research to test ideas.', 'Research methods need care.',
  ].map((text, i) => ({ index: i, text, startSec: i * 10, endSec: i * 10 + 9 }));
  const [a, b] = await candidatesOf(ss, [{ from: 0, to: 3 }, { from: 3, to: 6 }]);
  const texts = [...a, ...b].map((c) => c.text.toLowerCase());
  for (const slip of ['companies use stripe', 'psychologists use research']) assert.ok(!texts.includes(slip), `${slip} in ${texts.join(', ')}`);
  assert.ok(texts.includes('payment methods') && texts.includes('research methods'), texts.join(', '));
});

test('a phrase led by a word of vague amount or variety is no title: "Different currencies" is not, "currencies" is', async () => {
  const ss: Sentence[] = [
    'We support different currencies in many countries.', 'Different currencies need exchange rates.', 'Currencies move every day.',
  ].map((text, i) => ({ index: i, text, startSec: i * 10, endSec: i * 10 + 9 }));
  const [a] = await candidatesOf(ss, [{ from: 0, to: 3 }]);
  const texts = a.map((c) => c.text.toLowerCase());
  assert.ok(!texts.some((t) => /^(different|many) /.test(t)), texts.join(', '));
  assert.ok(texts.includes('currencies'), texts.join(', '));
});

test('the block that gives a term its name ("this process is called masking") takes it as its title', async () => {
  // "Context window" is said as often in the block as "masking" (twice) and nowhere else either; only the
  // naming sentence sets them apart. The feature is what decides: without its weight the other phrase wins.
  const ss: Sentence[] = [
    'The model reads a context window of tokens.', 'Later tokens must not influence earlier tokens.', 'So we set those entries to negative infinity.',
    'This process is called masking.', 'The context window limits how much text the model sees.', 'We always apply masking in this model.',
    'Values are added to each embedding.', 'Each value vector moves the embedding.', 'The value matrix makes the value vectors.',
  ].map((text, i) => ({ index: i, text, startSec: i * 10, endSec: i * 10 + 9 }));
  const blocks = [{ from: 0, to: 6 }, { from: 6, to: 9 }];
  const candidates = await candidatesOf(ss, blocks);
  const masking = candidates[0].find((c) => c.text === 'Masking');
  assert.equal(masking?.named, 1, 'named where "is called masking" is said');
  assert.equal(candidates[0].find((c) => c.text === 'Context window')?.named, 0);
  // Alike in all but the naming (same length, meaning and spread), "Context window" first by name otherwise.
  const alike = candidates.map((list) => list.filter((c) => c.text === 'Masking' || c.text === 'Context window').map((c) => ({ ...c, wordCount: 2, centrality: 0, english: 0, spread: 0 })));
  assert.equal(keyPhrases(alike, TITLE_WEIGHTS)[0], 'Masking');
  assert.equal(keyPhrases(alike, { ...TITLE_WEIGHTS, named: 0 })[0], 'Context window');
  // As said, "Masking" is one word: a named word may still title the block; an unnamed one yields to a phrase.
  const oneWord = alike.map((list) => list.map((c) => (c.text === 'Masking' ? { ...c, wordCount: 1 } : c)));
  assert.equal(keyPhrases(oneWord, TITLE_WEIGHTS)[0], 'Masking');
  const unnamed = oneWord.map((list) => list.map((c) => (c.text === 'Masking' ? { ...c, named: 0, lift: c.lift + 10 } : c)));
  assert.equal(keyPhrases(unnamed, TITLE_WEIGHTS)[0], 'Context window', 'a single word the block does not name yields to a phrase of 2-7 words');
});
