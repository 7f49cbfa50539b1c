// Proves: concepts are glossary terms of the talk, not ordinary English. On the real audiobook and
// Crash Course captions of eval-public, generic nouns ("Man", "Woman", "Ones", "Self", "Life",
// "Situation", "Friend") are not concepts while the talk's own terms are; a concept is listed only in
// sections where it is said more than across the talk; its explanation is a defining sentence where
// the talk has one; a one-word term said only in another form ("embeddings", "masking") is found where it is said;
// a classical plural joins its singular where the talk says both; a first name said alone joins the full name;
// a word's ordinariness is judged on the word as said, not its stem ("morning" is not the rare "morn");
// captions without any capital show a name with capitals ("John Wesley"). Word frequencies come from two installed packages (no download):
// SUBTLEX-US subtitle counts (spoken English) and the USE-lite vocabulary.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extractConcepts, definingPattern } from '../../server/knowledge/concepts';
import { englishLogProb, isOrdinaryWord, logLift } from '../../server/knowledge/englishFrequency';
import { parseCaptions } from '../../server/ingest/transcribe/captions';
import { splitSentences } from '../../server/knowledge/sentences';
import { centroid } from '../../server/domain/vector';
import { fakeEmbedder } from './knowledge-fake-embedder';

const TALKS = path.resolve(__dirname, '../../../shared/eval-public/talks');
const DEPTH = { candidates: 200, perSection: 5, global: 25 };

async function conceptsOf(talk: string, untilSec: number, parts: number) {
  const segments = parseCaptions(fs.readFileSync(path.join(TALKS, talk, 'talk.vtt'), 'utf8'), 'vtt');
  const sentences = splitSentences(segments).filter((s) => s.startSec < untilSec);
  const embedder = fakeEmbedder();
  const vectors = await embedder.embed(sentences.map((s) => s.text));
  const size = Math.ceil(sentences.length / parts);
  const ranges = Array.from({ length: parts }, (_, i) => ({ from: i * size, to: Math.min(sentences.length, (i + 1) * size) }));
  const dim = vectors[0].length;
  const result = await extractConcepts(sentences, vectors, ranges, ranges.map((r) => centroid(vectors, r.from, r.to, dim)), centroid(vectors, 0, vectors.length, dim), embedder, DEPTH);
  return { result, sentences, ranges };
}

test('ordinary English words are common, a talk\'s terms are not', () => {
  assert.ok(englishLogProb('man') > englishLogProb('brain'));
  assert.ok(englishLogProb('situation') > englishLogProb('amygdala'));
  assert.equal(englishLogProb('ones'), Math.max(englishLogProb('ones'), englishLogProb('one')));
  // Said 100 times in the audiobook's 20,000 words, "man" is still ordinary; "amygdala" said 3 times in 2,000 is not.
  assert.ok(logLift(['man'], 100, 20_000) < Math.log(100));
  assert.ok(logLift(['amygdala'], 3, 2000) > Math.log(100));
  // Spoken English tells a common word the 5,600-word vocabulary lacks ("diagram") from a term ("softmax");
  // a film's names are not ordinary words ("Marie", "Gage").
  assert.ok(englishLogProb('diagram') > englishLogProb('softmax') + 3);
  assert.ok(englishLogProb('step') > englishLogProb('embedding') + 3);
  assert.ok(!isOrdinaryWord('marie') && !isOrdinaryWord('gage') && isOrdinaryWord('gentleman'));
});

test('one-word terms are found in all their forms; a first name said alone is the person', async () => {
  const said = [
    'Each word gets an embedding.', 'The embeddings live in a huge space.', 'We refine the embeddings again.',
    'This process is called masking.', 'Masking keeps later words from talking to earlier ones.',
    'Phineas Gage worked on the railroad.', 'Phineas survived the accident.', 'Phineas was no longer himself.',
    'Doctors still study Phineas Gage.', 'Stripe Billing sends the invoices.', 'Stripe handles the payments.', 'Stripe also runs fraud checks.',
  ];
  const sentences = said.map((text, index) => ({ index, text, startSec: index * 5, endSec: index * 5 + 4 }));
  const embedder = fakeEmbedder();
  const vectors = await embedder.embed(said);
  const dim = vectors[0].length;
  const ranges = [{ from: 0, to: said.length }];
  const whole = centroid(vectors, 0, said.length, dim);
  const { concepts, occurrenceSentences } = await extractConcepts(sentences, vectors, ranges, [whole], whole, embedder, DEPTH);
  const byLabel = new Map(concepts.map((c) => [c.label.toLowerCase(), c]));
  const where = (label: string): number[] => occurrenceSentences.get(byLabel.get(label)?.id ?? '') ?? [];
  assert.deepEqual(where('embedding').length > 0 ? where('embedding') : where('embeddings'), [0, 1, 2], [...byLabel.keys()].join(', '));
  assert.deepEqual(where('masking'), [3, 4], [...byLabel.keys()].join(', '));
  // "Phineas" alone is Phineas Gage (every word of the name is rare); "Stripe" is not Stripe Billing ("billing" is ordinary).
  assert.ok(!byLabel.has('phineas'), [...byLabel.keys()].join(', '));
  assert.deepEqual(where('phineas gage'), [5, 6, 7, 8]);
  assert.ok(byLabel.has('stripe'), [...byLabel.keys()].join(', '));
});

test('captions without capitals: a name gets its capitals in the label, a term does not; cased captions keep theirs', async () => {
  const said = [
    'john wesley preached to the miners at dawn', 'the miners listened to john wesley for hours', 'john wesley rode on through the rain',
    'the limbic system handles emotion', 'damage to the limbic system changes behaviour', 'the limbic system sits deep in the brain',
  ];
  const labelsOf = async (texts: string[]) => {
    const sentences = texts.map((text, index) => ({ index, text, startSec: index * 5, endSec: index * 5 + 4 }));
    const embedder = fakeEmbedder();
    const vectors = await embedder.embed(texts);
    const whole = centroid(vectors, 0, texts.length, vectors[0].length);
    return (await extractConcepts(sentences, vectors, [{ from: 0, to: texts.length }], [whole], whole, embedder, DEPTH)).concepts.map((c) => c.label);
  };
  const caseless = await labelsOf(said);
  assert.ok(caseless.includes('John Wesley') && caseless.includes('Limbic system'), caseless.join(', '));
  const cased = await labelsOf(said.map((t) => t.charAt(0).toUpperCase() + t.slice(1)));
  // Captions with capitals are shown as written: here the name is written in lower case after its first word.
  assert.ok(cased.some((l) => /^john wesley$/i.test(l)) && !cased.includes('John Wesley'), cased.join(', '));
});

test('a term said in a classical plural and in its singular is one term ("Matrices", "Matrix"); a plural said alone stays', async () => {
  const said = [
    'The key matrix maps each embedding to a key.', 'These matrices are full of tunable parameters.',
    'Each matrix has thousands of rows.', 'The value matrices are factored in two.', 'Multiplying the matrices gives the values.',
    'The stimuli were flashed on a screen.', 'Such stimuli are hard to ignore.', 'Each of the stimuli lasted a second.',
  ];
  const sentences = said.map((text, index) => ({ index, text, startSec: index * 5, endSec: index * 5 + 4 }));
  const embedder = fakeEmbedder();
  const vectors = await embedder.embed(said);
  const dim = vectors[0].length;
  const whole = centroid(vectors, 0, said.length, dim);
  const { concepts, occurrenceSentences } = await extractConcepts(sentences, vectors, [{ from: 0, to: said.length }], [whole], whole, embedder, DEPTH);
  const labels = concepts.map((c) => c.label.toLowerCase());
  const matrix = concepts.filter((c) => /^matri(x|ces)$/.test(c.label.toLowerCase()));
  assert.equal(matrix.length, 1, labels.join(', '));
  assert.deepEqual(occurrenceSentences.get(matrix[0].id), [0, 1, 2, 3, 4], labels.join(', '));
  // "stimuli" is never said as "stimulus": it stays as said.
  assert.ok(labels.includes('stimuli'), labels.join(', '));
});

test('the audiobook: no generic nouns among the concepts, its own terms kept', async () => {
  const { result } = await conceptsOf('game-of-life-1925', 1600, 2);
  const labels = result.concepts.map((c) => c.label.toLowerCase());
  for (const generic of ['man', 'woman', 'ones', 'self', 'life', 'situation', 'friend']) assert.ok(!labels.includes(generic), `${generic} in ${labels.join(', ')}`);
  assert.ok(labels.includes('subconscious mind'), labels.join(', '));
});

test('a word is judged as said, not by its stem: "morning" (stem "morn", a rare word) and "series" are ordinary', async () => {
  const book = (await conceptsOf('librispeech-mix-b', Infinity, 7)).result.concepts.map((c) => c.label.toLowerCase());
  assert.ok(!book.includes('morning'), book.join(', '));
  assert.ok(book.includes('fir tree') && book.includes('nautilus'), book.join(', '));
  const speech = (await conceptsOf('3b1b-harvey-mudd-commencement', Infinity, 6)).result.concepts.map((c) => c.label.toLowerCase());
  assert.ok(!speech.includes('series'), speech.join(', '));
  assert.ok(speech.includes('survivorship bias'), speech.join(', '));
});

test('Crash Course: concepts listed where distinctive, explained by a defining sentence', async () => {
  const { result, ranges } = await conceptsOf('crashcourse-psych-04-brain', 10_000, 5);
  const byLabel = new Map(result.concepts.map((c) => [c.label.toLowerCase(), c]));
  const amygdala = byLabel.get('amygdala');
  assert.ok(amygdala, [...byLabel.keys()].join(', '));
  assert.match(amygdala.explanation.text, /^The amygdala consists of two lima bean-sized clusters of neurons/);
  for (const generic of ['ability', 'left', 'doctor', 'dog', 'body', 'mind']) assert.ok(!byLabel.has(generic), generic);
  // Every concept a section lists is said there more often than in the talk as a whole.
  const occ = result.occurrenceSentences;
  result.sectionConcepts.forEach((ids, si) => {
    const r = ranges[si];
    for (const id of ids) {
      const all = occ.get(id) ?? [];
      const here = all.filter((s) => s >= r.from && s < r.to).length;
      assert.ok(here / all.length > (r.to - r.from) / ranges[ranges.length - 1].to, `${id} in section ${si}`);
    }
  });
});

test('a question is no explanation where a statement says the term', async () => {
  // The attention lecture's "Embedding" was explained by "As to what it does to other embeddings, who knows?".
  // Both say the same content words (one vector for both): only the question mark tells them apart.
  const said = ['So why exactly do we stack the transformer blocks?', 'So exactly then, we stack the transformer blocks.', 'Cats sleep.'];
  const sentences = said.map((text, index) => ({ index, text, startSec: index * 5, endSec: index * 5 + 4 }));
  const embedder = fakeEmbedder();
  const vectors = await embedder.embed(said);
  const dim = vectors[0].length;
  const whole = centroid(vectors, 0, said.length, dim);
  const { concepts } = await extractConcepts(sentences, vectors, [{ from: 0, to: said.length }], [whole], whole, embedder, DEPTH);
  const transformer = concepts.find((c) => c.label.toLowerCase() === 'transformer blocks');
  assert.ok(transformer, concepts.map((c) => c.label).join(', '));
  assert.match(transformer.explanation.text, /exactly then, we stack/i);
});

test('defining sentences are recognised', () => {
  assert.ok(definingPattern(['amygdala']).test('The amygdala consists of two lima bean-sized clusters of neurons.'));
  assert.ok(definingPattern(['thalamus']).test('Above the pons is the thalamus, a pair of egg-shaped structures.'));
  assert.ok(definingPattern(['corpus', 'callosum']).test('connected by a structure called the corpus callosum.'));
  // A lecturer naming a thing: "we call this grid an X", "which we call the X" (3b1b's attention lecture).
  assert.ok(definingPattern(['attention', 'pattern']).test('We call this grid an attention pattern.'));
  assert.ok(definingPattern(['embedd']).test('associate each token with a high-dimensional vector, what we call its embedding.'));
  assert.ok(definingPattern(['query']).test('another list of numbers, which we call the query for this token.'));
  assert.ok(!definingPattern(['query']).test('We call the function once per query.'));
  assert.ok(definingPattern(['masking']).test('the columns stay normalized this process is called masking there are versions of attention'));
  // Naming a longer term names none of its words.
  assert.ok(!definingPattern(['attention']).test('We call this grid an attention pattern.'));
  assert.ok(!definingPattern(['corpus']).test('connected by a structure called the corpus callosum.'));
  assert.ok(!definingPattern(['brain']).test("There's brain in between those two places, by the way."));
});

test('the podcast: a concept is what is talked about, not how good it is ("incredible product leaders" → "product leaders")', async () => {
  const { result } = await conceptsOf('lenny-revolut-pms', 10_000, 7);
  const labels = result.concepts.map((c) => c.label.toLowerCase());
  for (const judged of labels.filter((l) => /^(incredible|exciting|best|successful|skillful|specific|painful|underlying) /.test(l))) assert.fail(`judging word first: ${judged}`);
  assert.ok(labels.includes('revolut'), labels.join(', '));
});

test('the attention lecture: a generic noun is not a concept in the plural either ("Examples"), nor with a quantity word ("Total number")', async () => {
  const { result } = await conceptsOf('3b1b-attention', 10_000, 6);
  const labels = result.concepts.map((c) => c.label.toLowerCase());
  for (const generic of ['examples', 'total number', 'questions', 'numbers']) assert.ok(!labels.includes(generic), `${generic} in ${labels.join(', ')}`);
  assert.ok(labels.includes('attention pattern') || labels.includes('attention patterns'), labels.join(', '));
});

test('Crash Course: a word said mostly as a modifier is no concept ("Frontal" of "frontal lobes"); a name said alone is its person ("Gage", "Phineas" → "Phineas Gage")', async () => {
  const { result, sentences } = await conceptsOf('crashcourse-psych-04-brain', 10_000, 5);
  const labels = result.concepts.map((c) => c.label);
  for (const fragment of ['Frontal', 'Temporal', 'Gage', 'Phineas']) assert.ok(!labels.includes(fragment), `${fragment} in ${labels.join(', ')}`);
  assert.ok(labels.some((l) => /lobes$/i.test(l)), labels.join(', '));
  const gage = result.concepts.find((c) => c.label === 'Phineas Gage');
  assert.ok(gage, labels.join(', '));
  // "Gage" or "Phineas" alone counts as a mention of him: he is talked about well beyond the full name.
  const saidName = sentences.filter((s) => /\b(?:Gage|Phineas)\b/.test(s.text)).length;
  assert.ok(saidName > sentences.filter((s) => /\bPhineas Gage\b/.test(s.text)).length);
  assert.equal(gage.occurrences.length, saidName);
});

test('the commencement speech: a word said mostly as a verb is no concept ("Love" of "I love ...")', async () => {
  const { result } = await conceptsOf('3b1b-harvey-mudd-commencement', 10_000, 3);
  const labels = result.concepts.map((c) => c.label.toLowerCase());
  assert.ok(!labels.includes('love'), labels.join(', '));
  assert.ok(labels.includes('passion'), labels.join(', '));
});
