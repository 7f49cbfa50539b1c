// How well the lift filter of concepts (concepts.ts MIN_LOG_LIFT, englishFrequency.logLift) tells a talk's own
// words from generic ones, per threshold. Kept: the content words of the talk's chapter titles (the creator's
// topic words) with a lift at or above the threshold. Generic: words of no talk's glossary ("man", "life",
// "word", "step", … the examples and the like) at or above it. Words said fewer than twice are left out.
// Objective per talk: share kept − W × share generic (W = 2 unless W=… is set: a generic entry in the index costs
// more than a missing one, whose longer terms often stand in for it); thresholds chosen leave-one-talk-out.
// This measures the filter alone: which candidates then win the index is the ranking's, read in the notes.
// Run: node --import tsx bench/concept-lift.ts
import fs from 'node:fs';
import path from 'node:path';
import { parseCaptions } from '../server/ingest/transcribe/captions';
import { splitSentences } from '../server/knowledge/sentences';
import { logLift } from '../server/knowledge/englishFrequency';
import { words, STOPWORDS } from '../server/knowledge/text';
import { EVAL_ROOT, listTalks } from './eval-talks';

const GENERIC = ['man', 'woman', 'ones', 'self', 'life', 'situation', 'friend', 'thing', 'people', 'time', 'way', 'idea', 'world', 'kind', 'guys', 'stuff', 'lot', 'word', 'step', 'space', 'head'];
const THRESHOLDS = [10, 20, 30, 50, 100, 200];
const W = Number(process.env.W ?? 2);

interface Row {
  talk: string;
  kept: number[];
  generic: number[];
}

function row(talk: string): Row {
  const dir = path.join(EVAL_ROOT, talk);
  const sentences = splitSentences(parseCaptions(fs.readFileSync(path.join(dir, 'talk.vtt'), 'utf8'), 'vtt'));
  const talkWords = sentences.reduce((n, s) => n + words(s.text).length, 0);
  const titles = (JSON.parse(fs.readFileSync(path.join(dir, 'chapters.json'), 'utf8')) as { chapters: { title: string }[] }).chapters.map((c) => c.title).join(' ');
  const lift = (w: string): number | undefined => {
    const n = sentences.filter((s) => new RegExp(`\\b${w}`, 'i').test(s.text)).length;
    return n >= 2 ? logLift([w], n, talkWords) : undefined;
  };
  const defined = (x: number | undefined): x is number => x !== undefined;
  const topicWords = [...new Set(words(titles).filter((w) => w.length > 2 && !STOPWORDS.has(w) && !GENERIC.includes(w)))];
  return { talk, kept: topicWords.map(lift).filter(defined), generic: GENERIC.map(lift).filter(defined) };
}

const share = (xs: number[], th: number): number => (xs.length === 0 ? 0 : xs.filter((x) => x >= th).length / xs.length);
const objective = (r: Row, th: number): number => share(r.kept, th) - W * share(r.generic, th);

function main(): void {
  const rows = listTalks().map(row);
  const ths = THRESHOLDS.map(Math.log);
  console.log(['talk', ...THRESHOLDS.map((t) => `lift ≥ ${t}×: kept / generic`)].join(' | '));
  for (const r of rows) {
    console.log([r.talk, ...ths.map((th) => `${r.kept.filter((x) => x >= th).length}/${r.kept.length} / ${r.generic.filter((x) => x >= th).length}/${r.generic.length}`)].join(' | '));
  }
  console.log(['mean objective', ...ths.map((th) => (rows.reduce((a, r) => a + objective(r, th), 0) / rows.length).toFixed(3))].join(' | '));
  let total = 0;
  rows.forEach((r, k) => {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    ths.forEach((th, g) => {
      const v = rows.filter((_, j) => j !== k).reduce((a, x) => a + objective(x, th), 0);
      if (v > bestValue) [best, bestValue] = [g, v];
    });
    total += objective(r, ths[best]);
    console.log(`left out ${r.talk}: chose ${THRESHOLDS[best]}× → ${objective(r, ths[best]).toFixed(2)}`);
  });
  console.log(`left-out mean objective ${(total / rows.length).toFixed(3)} (W ${W})`);
}

main();
