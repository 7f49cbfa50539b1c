// Proves: key points read as whole, clean written sentences. Fillers, stammered repeats and leading
// "and so" go; half sentences are recognised. The sentences are real: from the eval-public talks and
// from the held-back talks quoted in issue 11.
import test from 'node:test';
import assert from 'node:assert/strict';
import { cleanSentence, wholeSentence } from '../../server/knowledge/cleanSentence';

test('fillers and a leading "and so" go, the content words stay', () => {
  assert.equal(cleanSentence('and so um a good example of this in practice is a'), 'A good example of this in practice is a.');
  assert.equal(
    cleanSentence('And so there\'s a lot of skills built in terms of understanding customer problems, talking to customers.'),
    'There\'s a lot of skills built in terms of understanding customer problems, talking to customers.',
  );
  assert.equal(cleanSentence('So product owners are central to the company and its growth.'), 'Product owners are central to the company and its growth.');
  assert.equal(cleanSentence('And thank you to the class of 2024 for including me in such a special day.'), 'Thank you to the class of 2024 for including me in such a special day.');
  assert.equal(cleanSentence('So, you know, the brain is, like, a big organ'), 'The brain is a big organ.');
  // A summary point of the podcast began "Then tech product owners, …": an opener that points back to a sentence not shown.
  assert.equal(cleanSentence('Then tech product owners, they are the ones who delve deepest into details.'), 'Tech product owners, they are the ones who delve deepest into details.');
  assert.equal(cleanSentence('And then also on the hiring piece, what you look for is raw intellect.'), 'On the hiring piece, what you look for is raw intellect.');
  // An opener that is the sentence's subject stays (an audiobook's "Then is the time to introduce a meal"); a question's verb may lead.
  assert.equal(cleanSentence('then is the time to introduce a meal on the stage'), 'Then is the time to introduce a meal on the stage.');
  assert.equal(cleanSentence('Now is the time to act.'), 'Now is the time to act.');
  assert.equal(cleanSentence('So is it true?'), 'Is it true?');
});

test('a phrase said twice in a row is kept once; English doubles stay', () => {
  assert.equal(cleanSentence('and I looked at companies by evaluation and I looked at companies by evaluation'), 'I looked at companies by evaluation.');
  assert.equal(cleanSentence('um so we we built the the thing and it worked'), 'We built the thing and it worked.');
  assert.equal(cleanSentence('I know that that is true.'), 'I know that that is true.');
});

test('a sentence with nothing but a filler is left as said', () => {
  assert.equal(cleanSentence('Okay.'), 'Okay.');
});

test('half sentences are told from whole ones', () => {
  assert.equal(wholeSentence(cleanSentence('and so um a good example of this in practice is a')), false);
  // An automatic-caption run cut mid-clause: no verb of its own.
  assert.equal(wholeSentence(cleanSentence('and psychological events but in addition to the interplay of chemicals like neurotransmitters')), false);
  assert.equal(wholeSentence('The amygdala consists of two lima bean-sized clusters of neurons.'), true);
  assert.equal(wholeSentence('When you\'re a student, the fundamental goal is to grow, to learn, to become better.'), true);
});

test('the pronoun "i" of unpunctuated captions is written "I", other words with an i are not touched', () => {
  assert.equal(cleanSentence("the word i'm after is blue and i think i was right so i'll say it"), "The word I'm after is blue and I think I was right so I'll say it.");
  assert.equal(cleanSentence('the i-th entry is in it'), 'The i-th entry is in it.');
});
