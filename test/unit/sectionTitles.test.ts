// Proves section titles name what is distinct about a section: a concept said all through the talk
// (its main noun) gives way to concepts concentrated in the section, neighbours do not share a title
// word while others are available, and a creator's chapter title still wins where a section starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctiveConcepts, sectionTitles, subsectionTitles } from '../../server/knowledge/sectionTitles';
import type { Concept, Sentence } from '../../server/domain/analysis';

const sentences: Sentence[] = Array.from({ length: 30 }, (_, i) => ({ index: i, text: `Sentence ${i}.`, startSec: i * 10, endSec: i * 10 + 9 }) as Sentence);
const ranges = [{ from: 0, to: 10 }, { from: 10, to: 20 }, { from: 20, to: 30 }];
const every = Array.from({ length: 30 }, (_, i) => i);
const occurrenceSentences = new Map<string, number[]>([
  ['startup', every],
  ['pricing', [2, 3, 4, 5]],
  ['hiring', [12, 13, 15, 16]],
  ['market', [22, 24, 25, 26, 27]],
  ['team', [1, 11, 14, 21]],
]);
const concepts = {
  concepts: [...occurrenceSentences.keys()].map((id) => ({ id, label: id[0]!.toUpperCase() + id.slice(1) })),
  // The concept extractor's own order puts the talk's main noun first in every section.
  sectionConcepts: [['startup', 'pricing', 'team'], ['startup', 'team', 'hiring'], ['startup', 'market', 'team']],
  occurrenceSentences,
} as Parameters<typeof sectionTitles>[3];

test('the talk-wide noun gives way to the concepts of each section', () => {
  assert.deepEqual(distinctiveConcepts(['startup', 'pricing', 'team'], occurrenceSentences, ranges[0]!, 30), ['pricing']);
  assert.deepEqual(distinctiveConcepts(['startup', 'team'], occurrenceSentences, ranges[0]!, 30), ['startup', 'team'], 'nothing distinctive: the original order');
  const titles = sectionTitles(sentences, ranges, [], concepts);
  // Section 2: "team" occurs twice of its four times there (lift 1.5), so it joins "hiring".
  assert.deepEqual(titles, ['Pricing', 'Hiring and Team', 'Market']);
  for (const t of titles) assert.ok(t.split(' ').length >= 1 && t.split(' ').length <= 7);
});

test("a creator's chapter title wins where a section starts at the chapter", () => {
  const titles = sectionTitles(sentences, ranges, [{ title: 'Why pricing matters', startSec: 0, endSec: 100 }, { title: 'Hiring', startSec: 100, endSec: 300 }], concepts);
  assert.equal(titles[0], 'Why pricing matters');
  assert.equal(titles[1], 'Hiring');
});

test('parts are named by concepts said more in the part than in its section, not by the section title nor the part before', () => {
  // Section = sentences 0-9, two parts: 0-4 and 5-9. "Query" is the section's title and leans to the
  // first part; "Softmax" and "Keys" belong to the first part, "Masking" to the second.
  const occ = new Map<string, number[]>([
    ['query', [0, 1, 2, 4, 8]],
    ['softmax', [1, 3]],
    ['keys', [2, 3]],
    ['masking', [6, 7, 9]],
  ]);
  const concept = (id: string): Concept => ({
    id, label: id[0].toUpperCase() + id.slice(1), kind: 'concept', importance: 1, mainSection: 0, occurrences: [], explanation: { text: '', startSec: 0, endSec: 0 },
  });
  const concepts = { concepts: [...occ.keys()].map(concept), occurrenceSentences: occ };
  const parts = [{ from: 0, to: 5 }, { from: 5, to: 10 }];
  assert.deepEqual(subsectionTitles(parts, { from: 0, to: 10 }, concepts), ['Query and Softmax', 'Masking']);
  assert.deepEqual(subsectionTitles(parts, { from: 0, to: 10 }, concepts, 'Query'), ['Softmax and Keys', 'Masking']);
  assert.deepEqual(subsectionTitles([{ from: 0, to: 5 }, { from: 5, to: 10 }], { from: 0, to: 10 }, { concepts: [], occurrenceSentences: new Map() }), ['Part 1', 'Part 2']);
});
