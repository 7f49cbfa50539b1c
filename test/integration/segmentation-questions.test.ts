// Proves, with the real USE-lite embedder on a real interview (lenny-revolut-pms from ../shared/eval-public:
// the show's own transcript, one cue per speaker paragraph, chapters NOT given to the segmenter), that the
// host's questions are boundary evidence: with the default question weight more section starts fall on
// questions and near the creator's chapters than with questions ignored (figures: BENCHMARKS.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEmbedder } from '../../server/knowledge/embeddings';
import { questionFlags } from '../../server/knowledge/segmentation/questions';
import { segmentOptionsFor, segmentTopics } from '../../server/knowledge/segment';
import { prepareTalks, scoreTalk } from '../../bench/segmentation-loo';

test("an interview's sections open at the host's questions", async () => {
  const embedder = await createEmbedder({ kind: 'use-lite' });
  const [talk] = await prepareTalks(['lenny-revolut-pms'], embedder);
  const question = questionFlags(talk.sentences);
  const atQuestions = (questionWeight?: number): number => {
    const opts = questionWeight === undefined ? {} : { questionWeight };
    return segmentTopics(talk.sentences, talk.vectors, [], { ...segmentOptionsFor(talk.sentences, opts), ...opts }).filter((i) => i > 0 && question[i]).length;
  };
  const ignored = scoreTalk(talk, { questionWeight: 0 });
  const used = scoreTalk(talk, {});
  assert.ok(atQuestions() > atQuestions(0), `${atQuestions()} vs ${atQuestions(0)} section starts at questions`);
  assert.ok(used.f1 > ignored.f1 && used.pk < ignored.pk, `F1 ${ignored.f1.toFixed(2)} → ${used.f1.toFixed(2)}, Pk ${ignored.pk.toFixed(3)} → ${used.pk.toFixed(3)}`);
});
