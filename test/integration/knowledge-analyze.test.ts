// Proves, end to end with the real USE-lite embedder: analyzeTranscript on a real talk's parsed
// captions (librispeech-mix-a from ../shared/eval-public, no punctuation, chapters NOT given) produces
// several timed sections covering every sentence, concepts with occurrences, graph edges and a summary
// whose points are transcript sentences (cleaned for reading); and at least half of its section starts lie within 30 s of
// a real chapter start (a weak floor, the benchmark reports the exact figures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTranscript } from '../../server/knowledge/analyze';
import { createEmbedder } from '../../server/knowledge/embeddings';
import { loadTalk } from '../../bench/eval-talks';
import { cleanSentence } from '../../server/knowledge/cleanSentence';

test('a real unpunctuated talk becomes sections, concepts, edges and a summary', async () => {
  const talk = loadTalk('librispeech-mix-a');
  assert.ok(talk.segments.length > 100, 'fixture parsed');
  const embedder = await createEmbedder({ kind: 'use-lite' });
  const a = await analyzeTranscript({ segments: talk.segments, chapters: [], durationSec: talk.durationSec, quality: 'standard' }, embedder);
  assert.ok(a.sections.length >= 3 && a.sections.length <= 15, `${a.sections.length} sections`);
  let next = 0;
  for (const s of a.sections) {
    assert.equal(s.sentenceFrom, next);
    next = s.sentenceTo;
    assert.ok(s.title.length > 0);
    assert.ok(s.keyPoints.length >= 1);
    assert.ok(s.conceptIds.length >= 1);
  }
  assert.equal(next, a.sentences.length);
  assert.ok(a.concepts.length >= 5);
  assert.ok(a.concepts.every((c) => c.occurrences.length >= 1 && c.explanation.text.length > 0));
  assert.ok(a.edges.length >= 3);
  // Summary points are transcript sentences, cleaned for reading (cleanSentence).
  const timed = new Set(a.sentences.map((s) => `${s.startSec}|${cleanSentence(s.text)}`));
  assert.ok(a.summary.length >= 3 && a.summary.every((p) => timed.has(`${p.startSec}|${p.text}`)));
  const chapterStarts = talk.chapters.map((c) => c.startSec).filter((s) => s > 0);
  const inner = a.sections.slice(1).map((s) => s.startSec);
  const near = inner.filter((t) => chapterStarts.some((c) => Math.abs(c - t) <= 30)).length;
  assert.ok(near >= inner.length / 2, `${near} of ${inner.length} section starts near a chapter start`);
});
