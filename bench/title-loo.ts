// Title weights chosen leave-one-talk-out. For each titled eval-public talk: the analysis up to the title
// candidates, as analyze.ts makes them (captions read by parseCaptions, USE-lite, no chapters given), then
// for every grid point the section and part titles (outlineTitles) and, for each titled
// chapter, the section and the finest block (a part where the section has parts) overlapping it most: word
// overlap (share of the chapter title's stemmed content words in the title) and USE-lite cosine.
// Objective: the mean of the four (section / finest × overlap / cosine), each a mean over the talk's chapters,
// averaged over talks. A talk and its -autocaptions twin are left out together (the same speech).
// Run: node --import tsx bench/title-loo.ts   (GRID=named: the naming weight alone; SHOW_TITLES=1: the titles with the shipped weights; ORACLE=1: the best
// candidate of each chapter's block, the ceiling of the choice; ANY_LENGTH=1: no preference for 2-7 words)
import fs from 'node:fs';
import path from 'node:path';
import { createEmbedder } from '../server/app/searchService';
import { parseCaptions } from '../server/ingest/transcribe/captions';
import { splitSentences } from '../server/knowledge/sentences';
import { markAsides } from '../server/knowledge/asides';
import { rangesFromStarts, segmentOptionsFor, segmentTopics, subsectionStarts } from '../server/knowledge/segment';
import { outlineTitles, TITLE_WEIGHTS } from '../server/knowledge/sectionTitles';
import { tagSentences, titleCandidates, type TitleCandidate, type TitleWeights } from '../server/knowledge/titlePhrases';
import { contentTerms } from '../server/knowledge/text';
import { dot, PrefixSums } from '../server/domain/vector';
import type { Sentence } from '../server/domain/analysis';
import { EVAL_ROOT, listTalks } from './eval-talks';

interface Span {
  startSec: number;
  endSec: number;
}
interface Talk {
  name: string;
  chapters: { title: string; startSec: number; endSec: number }[];
  sentences: Sentence[];
  sections: { range: { from: number; to: number }; span: Span; parts: Span[]; partCandidates: TitleCandidate[][] }[];
  sectionCandidates: TitleCandidate[][];
}
interface Scores {
  sectionOverlap: number;
  sectionCosine: number;
  finestOverlap: number;
  finestCosine: number;
}

function mostOverlapping(spans: Span[], from: number, to: number): number {
  let best = 0;
  let bestLen = -Infinity;
  spans.forEach((s, i) => {
    const len = Math.min(to, s.endSec) - Math.max(from, s.startSec);
    if (len > bestLen) [best, bestLen] = [i, len];
  });
  return best;
}

export function wordOverlap(reference: string, title: string): number {
  const ref = new Set(contentTerms(reference));
  if (ref.size === 0) return 0;
  const got = new Set(contentTerms(title));
  return [...ref].filter((w) => got.has(w)).length / ref.size;
}

async function main(): Promise<void> {
  const embedder = await createEmbedder({ kind: 'use-lite' });
  const vectorCache = new Map<string, Float32Array>();
  const vectorOf = async (texts: string[]): Promise<Float32Array[]> => {
    const missing = [...new Set(texts.filter((t) => !vectorCache.has(t)))];
    if (missing.length > 0) (await embedder.embed(missing)).forEach((v, i) => vectorCache.set(missing[i], v));
    return texts.map((t) => vectorCache.get(t)!);
  };
  const talks: Talk[] = [];
  for (const name of listTalks()) {
    const dir = path.join(EVAL_ROOT, name);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'chapters.json'), 'utf8')) as { durationSec: number; chapters: { title: string | null; startSec: number }[] };
    if (!meta.chapters.some((c) => c.title)) continue;
    const sentences = markAsides(splitSentences(parseCaptions(fs.readFileSync(path.join(dir, 'talk.vtt'), 'utf8'), 'vtt')));
    const vectors = await embedder.embed(sentences.map((s) => s.text));
    const options = segmentOptionsFor(sentences);
    const starts = segmentTopics(sentences, vectors, [], options);
    const inner = subsectionStarts(sentences, vectors, starts, options);
    const ranges = rangesFromStarts(starts, sentences.length);
    const sums = new PrefixSums(vectors, vectors[0].length);
    const lastEnd = Math.max(sentences[sentences.length - 1].endSec, meta.durationSec);
    const partsOf = ranges.map((r, i) => rangesFromStarts(inner[i].map((x) => x - r.from), r.to - r.from).map((q) => ({ from: q.from + r.from, to: q.to + r.from })));
    const partBlocks = partsOf.map((p) => (p.length > 1 ? p : []));
    const candidates = await titleCandidates(tagSentences(sentences), [...ranges, ...partBlocks.flat()], sums, embedder);
    let next = ranges.length;
    const startOf = (from: number): number => (from === 0 ? 0 : sentences[from].startSec);
    const endOf = (to: number): number => (to < sentences.length ? sentences[to].startSec : lastEnd);
    const sections = ranges.map((r, i) => ({
      range: r,
      span: { startSec: startOf(r.from), endSec: endOf(r.to) },
      parts: partBlocks[i].map((q) => ({ startSec: startOf(q.from), endSec: endOf(q.to) })),
      partCandidates: candidates.slice(next, (next += partBlocks[i].length)),
    }));
    const chapters = meta.chapters
      .map((c, i) => ({ title: c.title ?? '', startSec: c.startSec, endSec: meta.chapters[i + 1]?.startSec ?? meta.durationSec }))
      .filter((c) => c.title.trim().length > 0);
    await vectorOf(chapters.map((c) => c.title));
    // ANY_LENGTH=1: measure titles of any length (a single word competes with phrases on its score alone) against the 2-7 words preferred.
    if (process.env.ANY_LENGTH) for (const c of candidates.flat()) c.wordCount = Math.max(2, c.wordCount);
    talks.push({ name, chapters, sentences, sections, sectionCandidates: candidates.slice(0, ranges.length) });
    console.error(`prepared ${name}: ${sentences.length} sentences, ${ranges.length} sections, ${candidates.flat().length} candidates`);
  }

  const titlesOf = (t: Talk, w: TitleWeights, partW = w): { sections: string[]; parts: string[][] } => {
    return outlineTitles(t.sentences, t.sections.map((s) => s.range), [], t.sectionCandidates, t.sections.map((s) => s.partCandidates), w, partW);
  };
  const scoreTalk = async (t: Talk, w: TitleWeights, partW = w): Promise<Scores & { titles: string[] }> => {
    const { sections, parts } = titlesOf(t, w, partW);
    const finest = t.sections.flatMap((s, i) => (s.parts.length > 1 ? s.parts.map((p, j) => ({ ...p, title: parts[i][j] })) : [{ ...s.span, title: sections[i] }]));
    const out = { sectionOverlap: 0, sectionCosine: 0, finestOverlap: 0, finestCosine: 0, titles: sections };
    for (const ch of t.chapters) {
      const s = sections[mostOverlapping(t.sections.map((x) => x.span), ch.startSec, ch.endSec)];
      const f = finest[mostOverlapping(finest, ch.startSec, ch.endSec)].title;
      const [cv, sv, fv] = await vectorOf([ch.title, s, f]);
      out.sectionOverlap += wordOverlap(ch.title, s) / t.chapters.length;
      out.sectionCosine += dot(cv, sv) / t.chapters.length;
      out.finestOverlap += wordOverlap(ch.title, f) / t.chapters.length;
      out.finestCosine += dot(cv, fv) / t.chapters.length;
    }
    return out;
  };
  const objective = (s: Scores): number => (s.sectionOverlap + s.sectionCosine + s.finestOverlap + s.finestCosine) / 4;

  const grid: TitleWeights[] = [];
  // GRID=named: only the naming weight varies, the others as shipped (a feature added to chosen weights).
  if (process.env.GRID === 'named') for (const named of [0, 0.5, 1, 2, 4, 8]) grid.push({ ...TITLE_WEIGHTS, named });
  else for (const english of [0, 0.25, 0.5]) for (const spread of [0, 1, 2]) for (const freq of [0, 0.5, 1]) for (const centrality of [0, 2, 4, 8, 16, 32]) for (const named of [0, 1, 2, 4]) grid.push({ english, spread, freq, centrality, named });
  const table = new Map<TitleWeights, Map<string, Scores>>();
  for (const w of grid) {
    const m = new Map<string, Scores>();
    for (const t of talks) m.set(t.name, await scoreTalk(t, w));
    table.set(w, m);
  }
  type Table = Map<TitleWeights, Map<string, Scores>>;
  /** The grid point with the best sum of `pick` over `names` in `tab` (the first such). */
  const bestBy = (tab: Table, pick: (s: Scores) => number) => (names: string[]): TitleWeights => {
    const total = (w: TitleWeights): number => names.reduce((a, n) => a + pick(tab.get(w)!.get(n)!), 0);
    return grid.reduce((best, w) => (total(w) > total(best) ? w : best));
  };
  const bestOn = bestBy(table, objective);
  const speech = (n: string): string => n.replace(/-autocaptions$/, '');
  const names = talks.map((t) => t.name);
  const leftOut = (name: string): string[] => names.filter((n) => speech(n) !== speech(name));
  const fmt = (s: Scores): string => `${s.sectionOverlap.toFixed(2)} / ${s.sectionCosine.toFixed(2)} | ${s.finestOverlap.toFixed(2)} / ${s.finestCosine.toFixed(2)}`;
  const wfmt = (w: TitleWeights): string => `english ${w.english}, spread ${w.spread}, freq ${w.freq}, centrality ${w.centrality}, named ${w.named}`;
  const add = (acc: number[], s: Scores): void => {
    acc[0] += s.sectionOverlap / talks.length;
    acc[1] += s.sectionCosine / talks.length;
    acc[2] += s.finestOverlap / talks.length;
    acc[3] += s.finestCosine / talks.length;
  };
  const f = (a: number[]): string => `${a[0].toFixed(2)} / ${a[1].toFixed(2)} | ${a[2].toFixed(2)} / ${a[3].toFixed(2)}`;
  if (process.env.SPLIT) {
    // SPLIT=1: section titles and part titles weighed apart, each chosen on its own figures (sections: their
    // overlap and cosine, the parts' weights as shipped; parts: the finest blocks', the sections' as shipped).
    const partTable: Table = new Map();
    for (const w of grid) {
      const m = new Map<string, Scores>();
      for (const t of talks) m.set(t.name, await scoreTalk(t, TITLE_WEIGHTS, w));
      partTable.set(w, m);
    }
    const bestSections = bestBy(table, (s) => s.sectionOverlap + s.sectionCosine);
    const bestParts = bestBy(partTable, (s) => s.finestOverlap + s.finestCosine);
    const [sIn, pIn] = [bestSections(names), bestParts(names)];
    console.log(`in-sample: sections ${wfmt(sIn)}; parts ${wfmt(pIn)}`);
    const sums = { ins: [0, 0, 0, 0], loo: [0, 0, 0, 0] };
    for (const t of talks) {
      const [s, p] = [bestSections(leftOut(t.name)), bestParts(leftOut(t.name))];
      const ins = await scoreTalk(t, sIn, pIn);
      const loo = await scoreTalk(t, s, p);
      add(sums.ins, ins);
      add(sums.loo, loo);
      console.log(`| ${t.name} | in-sample ${fmt(ins)} | left out ${fmt(loo)} | sections ${wfmt(s)}; parts ${wfmt(p)} |`);
    }
    const mean4 = (a: number[]): string => `${f(a)} (mean ${((a[0] + a[1] + a[2] + a[3]) / 4).toFixed(4)})`;
    console.log(`split weights, in sample: ${mean4(sums.ins)}; left out: ${mean4(sums.loo)}`);
    return;
  }
  const inSample = bestOn(names);
  console.log(`in-sample weights: ${wfmt(inSample)}; shipped: ${wfmt(TITLE_WEIGHTS)}`);
  console.log('| talk | chapters | in-sample: section overlap / cosine, finest overlap / cosine | left-out: same | left-out weights |');
  console.log('|---|---|---|---|---|');
  const sum = { ins: [0, 0, 0, 0], loo: [0, 0, 0, 0], shipped: [0, 0, 0, 0] };
  for (const t of talks) {
    const chosen = bestOn(leftOut(t.name));
    const ins = table.get(inSample)!.get(t.name)!;
    const loo = table.get(chosen)!.get(t.name)!;
    add(sum.ins, ins);
    add(sum.loo, loo);
    add(sum.shipped, (await scoreTalk(t, TITLE_WEIGHTS)) as Scores);
    console.log(`| ${t.name} | ${t.chapters.length} | ${fmt(ins)} | ${fmt(loo)} | ${chosen === inSample ? '(= in-sample)' : wfmt(chosen)} |`);
  }
  console.log(`| **mean** | | ${f(sum.ins)} | ${f(sum.loo)} | |`);
  console.log(`shipped weights, mean: ${f(sum.shipped)}`);
  if (process.env.ORACLE) {
    // The best any candidate of the block could do for each chapter: is the limit the candidates or the choice?
    for (const t of talks) {
      const blocks = t.sections.flatMap((s, i) => (s.parts.length > 1 ? s.parts.map((p, j) => ({ span: p, cands: s.partCandidates[j] })) : [{ span: s.span, cands: t.sectionCandidates[i] }]));
      let sumO = 0;
      let sumC = 0;
      for (const ch of t.chapters) {
        const b = blocks[mostOverlapping(blocks.map((x) => x.span), ch.startSec, ch.endSec)];
        const [cv] = await vectorOf([ch.title]);
        const vs = await vectorOf(b.cands.map((c) => c.text));
        let best = { o: 0, c: 0, text: '' };
        b.cands.forEach((c, k) => {
          const o = wordOverlap(ch.title, c.text);
          const cos = dot(cv, vs[k]);
          if (o + cos > best.o + best.c) best = { o, c: cos, text: c.text };
        });
        sumO += best.o / t.chapters.length;
        sumC += best.c / t.chapters.length;
        console.log(`  ${t.name} "${ch.title}" → best candidate "${best.text}" (${b.cands.length} candidates)`);
      }
      console.log(`oracle finest ${t.name}: ${sumO.toFixed(2)} / ${sumC.toFixed(2)}`);
    }
  }
  if (process.env.SHOW_TITLES) {
    for (const t of talks) {
      const { sections, parts } = titlesOf(t, TITLE_WEIGHTS);
      console.log(`\n${t.name}\n  chapters: ${t.chapters.map((c) => c.title).join(' | ')}`);
      sections.forEach((s, i) => console.log(`  ## ${s}${parts[i].length ? `  [${parts[i].join(' | ')}]` : ''}`));
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
