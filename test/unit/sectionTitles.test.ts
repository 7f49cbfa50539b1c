// Proves section titles name what is distinct about a section: a concept said all through the talk
// (its main noun) gives way to concepts concentrated in the section, neighbours do not share a title
// word while others are available, and a creator's chapter title still wins where a section starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctiveConcepts, sectionTitles } from '../../server/knowledge/sectionTitles';
import type { Sentence } from '../../server/domain/analysis';

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
