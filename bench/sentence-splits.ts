// How well sentences are found in unpunctuated captions (YouTube's automatic captions, pocketsphinx). The
// reference: each punctuated eval-public talk, split at its own sentence marks. The test: the same words with
// every mark and capital removed, re-cued as automatic captions come (8 words a cue, no pauses between
// cues), split as the product splits unpunctuated text. Scored per talk: boundary precision, recall and F1
// (a boundary is the word a sentence starts at, exact), and the mean sentence length. The grid's
// leave-one-talk-out choice is reported; BENCHMARKS.md says why the shipped splitter does not take it.
// Run: node --import tsx bench/sentence-splits.ts
import fs from 'node:fs';
import path from 'node:path';
import { parseCaptions } from '../server/ingest/transcribe/captions';
import { splitSentences, type SentenceOptions } from '../server/knowledge/sentences';
import type { TranscriptSegment } from '../server/domain/types';
import { words } from '../server/knowledge/text';
import { EVAL_ROOT, listTalks } from './eval-talks';

const CUE_WORDS = 8;

interface Case {
  name: string;
  segments: TranscriptSegment[];
  /** Word indexes where the punctuated split starts a sentence (0 excluded). */
  reference: Set<number>;
  words: number;
}

function loadCase(name: string): Case | undefined {
  const segs = parseCaptions(fs.readFileSync(path.join(EVAL_ROOT, name, 'talk.vtt'), 'utf8'), 'vtt');
  const sentences = splitSentences(segs);
  const marks = segs.reduce((n, s) => n + (s.text.match(/[.?!]/g)?.length ?? 0), 0);
  const total = segs.reduce((n, s) => n + s.text.split(/\s+/).length, 0);
  if (marks === 0 || total / marks > 40) return undefined;
  const all: { text: string; startSec: number; endSec: number }[] = [];
  const reference = new Set<number>();
  for (const s of sentences) {
    const ws = words(s.text);
    if (ws.length === 0) continue;
    if (all.length > 0) reference.add(all.length);
    const step = (s.endSec - s.startSec) / ws.length;
    ws.forEach((w, i) => all.push({ text: w, startSec: s.startSec + i * step, endSec: s.startSec + (i + 1) * step }));
  }
  // Re-cue without pauses: automatic captions run their cues end to end.
  const segments: TranscriptSegment[] = [];
  for (let i = 0; i < all.length; i += CUE_WORDS) {
    const cue = all.slice(i, i + CUE_WORDS);
    const next = all[i + CUE_WORDS];
    segments.push({ startSec: cue[0].startSec, endSec: next ? next.startSec : cue[cue.length - 1].endSec, text: cue.map((w) => w.text).join(' ') });
  }
  return { name, segments, reference, words: all.length };
}

interface Score {
  precision: number;
  recall: number;
  f1: number;
  meanWords: number;
}

function score(c: Case, opts: SentenceOptions): Score {
  const sentences = splitSentences(c.segments, opts);
  const found = new Set<number>();
  let at = 0;
  for (const s of sentences) {
    if (at > 0) found.add(at);
    at += s.text.split(/\s+/).filter((w) => w.length > 0).length;
  }
  let hit = 0;
  for (const b of found) if (c.reference.has(b)) hit++;
  const precision = found.size === 0 ? 0 : hit / found.size;
  const recall = c.reference.size === 0 ? 0 : hit / c.reference.size;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), meanWords: c.words / sentences.length };
}

export const GRID: SentenceOptions[] = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5].map((breakChance) => ({ breakChance }));

function label(o: SentenceOptions): string {
  return JSON.stringify(o);
}

function main(): void {
  const cases = listTalks()
    .map(loadCase)
    .filter((c): c is Case => c !== undefined);
  const fmt = (s: Score): string => `P ${s.precision.toFixed(2)} R ${s.recall.toFixed(2)} F1 ${s.f1.toFixed(2)} (${s.meanWords.toFixed(1)} w)`;
  const table = GRID.map((o) => cases.map((c) => score(c, o)));
  console.log(`reference sentence length: ${cases.map((c) => `${c.name} ${(c.words / (c.reference.size + 1)).toFixed(1)} w`).join(', ')}`);
  console.log(['setting', ...cases.map((c) => c.name), 'mean F1'].join(' | '));
  table.forEach((row, g) => console.log([label(GRID[g]), ...row.map(fmt), (row.reduce((a, s) => a + s.f1, 0) / row.length).toFixed(3)].join(' | ')));
  console.log('shipped:', cases.map((c) => `${c.name} ${fmt(score(c, {}))}`).join(', '));
  // Leave one talk out: the setting with the best mean F1 on the others, scored on the one left out.
  const lo = cases.map((c, k) => {
    let best = 0;
    let bestF = -1;
    table.forEach((row, g) => {
      const f = row.filter((_, j) => j !== k).reduce((a, s) => a + s.f1, 0);
      if (f > bestF) [best, bestF] = [g, f];
    });
    return { c, g: best, s: table[best][k] };
  });
  for (const x of lo) console.log(`left out ${x.c.name}: chose ${label(GRID[x.g])} → ${fmt(x.s)}`);
  console.log(`left-out mean F1 ${(lo.reduce((a, x) => a + x.s.f1, 0) / lo.length).toFixed(3)}`);
}

main();
