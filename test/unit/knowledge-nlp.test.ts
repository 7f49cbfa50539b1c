// Proves: noun phrases do not swallow verbs that one tagger alone mistakes for nouns ("the chain
// produce", "reactions split water", "glycolysis breaks glucose"), and people are still found; tagWords keeps a
// hyphenated word whole and lemmatises ("parameters" → "parameter"), but a spaced dash stays punctuation; an
// eponymous term after "the" ("the Calvin cycle") keeps its noun; an -ing word after an article or a possessive, or
// one wink calls a noun, is a noun ("its embedding", "is called masking"), but "this being said" has no noun "being".
import test from 'node:test';
import assert from 'node:assert/strict';
import { extractPhrases, tagWords } from '../../server/knowledge/nlp';

const concepts = (text: string) => extractPhrases(text).filter((p) => p.kind === 'concept').map((p) => p.text.toLowerCase().replace(/[.]$/, ''));

test('verbs between nouns end the phrase', () => {
  const a = concepts('The Krebs cycle and the electron transport chain produce most of the ATP.');
  assert.ok(a.includes('electron transport chain'), a.join(' | '));
  assert.ok(!a.some((p) => /produce/.test(p)), a.join(' | '));
  const b = concepts('The light reactions split water and release oxygen as a by-product.');
  assert.ok(b.includes('light reactions') && b.includes('water') && b.includes('oxygen'), b.join(' | '));
  assert.ok(!b.some((p) => /split|release/.test(p)), b.join(' | '));
  const c = concepts('Glycolysis breaks glucose into pyruvate. Energy flows through an ecosystem.');
  assert.ok(!c.some((p) => /breaks|flows/.test(p)), c.join(' | '));
  assert.ok(c.includes('glucose') && c.includes('ecosystem'), c.join(' | '));
});

test('an eponymous term ("the Calvin cycle") is one phrase though the entity tagger reads its noun as a verb', () => {
  // The sample lecture's glossary listed "Calvin": compromise reads "the Calvin cycle then uses" as Calvin + verb.
  const a = concepts('The Calvin cycle then uses carbon dioxide to build glucose.');
  assert.ok(a.includes('calvin cycle') && !a.includes('calvin'), a.join(' | '));
  assert.equal(tagWords('The Calvin cycle then uses carbon dioxide.', { crossCheckVerbs: true })[2].pos, 'NOUN');
  // A name without "the" before it is still a subject: "Companies use Stripe" keeps "use" a verb.
  assert.ok(!concepts('Companies use Stripe to handle payments.').some((p) => /use/.test(p)));
});

test('-ing words as nouns: after an article or a possessive, or where wink reads a noun', () => {
  // 3b1b's attention lecture: its glossary lacked "Embedding" and "Masking", both read as verbs by compromise.
  assert.ok(concepts('Each token is associated with a vector, what we call its embedding.').includes('embedding'));
  assert.ok(concepts('The embedding of the word mole is refined.').includes('embedding'));
  assert.ok(concepts('This process is called masking.').includes('masking'));
  assert.ok(!concepts('This being said, we move on.').some((p) => /being/.test(p)));
  assert.ok(!concepts('They were running the numbers.').some((p) => /running/.test(p)));
  assert.equal(tagWords('We call its embedding a vector.', { crossCheckVerbs: true })[3].pos, 'NOUN');
});

test('adjective + noun runs are kept; people come from the entity tagger', () => {
  assert.ok(concepts('Only ten percent passes to the next trophic level.').some((p) => /trophic level$/.test(p)));
  const people = extractPhrases('Alan Turing wrote about computing machinery.').filter((p) => p.kind === 'person').map((p) => p.text);
  assert.ok(people.some((p) => /Alan Turing/.test(p)), people.join(' | '));
  assert.deepEqual(extractPhrases('   '), []);
});

test('tagWords: a hyphenated word is one word, lemmas are lower case, a spaced dash is punctuation', () => {
  const ws = tagWords('Self-attention counts the parameters - not the heads.');
  assert.deepEqual(ws.map((w) => w.text), ['Self-attention', 'counts', 'the', 'parameters', '-', 'not', 'the', 'heads', '.']);
  assert.equal(ws[0].lemma, 'self-attention');
  assert.equal(ws[3].lemma, 'parameter');
  assert.equal(ws[4].pos, 'PUNCT');
});
