// Title quality and segmentation of the notes as a student gets them: for each eval-public talk, the full
// analysis (analyzeTranscript, default options, no chapters given, captions read by parseCaptions) and then,
// for each titled real chapter, the section that overlaps it most in time: the share of the chapter title's
// content words (stemmed) that its title holds, and the cosine of the two titles' embeddings (USE-lite).
// The same for the finest level the notes show (a section's "### n.m" part where it has parts). Pk and
// boundary F1 ±30 s of the top-level sections as in bench/eval-talks.ts.
// Run: node --import tsx bench/title-quality.ts [talk...]
import fs from 'node:fs';
import path from 'node:path';
import { createEmbedder } from '../server/app/searchService';
import { analyzeTranscript } from '../server/knowledge/analyze';
import { parseCaptions } from '../server/ingest/transcribe/captions';
import { contentTerms } from '../server/knowledge/text';
import { dot } from '../server/domain/vector';
import { boundaryF1, EVAL_ROOT, listTalks, pk } from './eval-talks';

interface Span {
  title: string;
  startSec: number;
  endSec: number;
}

function mostOverlapping(spans: Span[], from: number, to: number): Span {
  let best = spans[0];
  let bestLen = -1;
  for (const s of spans) {
    const len = Math.min(to, s.endSec) - Math.max(from, s.startSec);
    if (len > bestLen) [best, bestLen] = [s, len];
  }
  return best;
}

function wordOverlap(reference: string, title: string): number {
  const ref = new Set(contentTerms(reference));
  if (ref.size === 0) return 0;
  const got = new Set(contentTerms(title));
  return [...ref].filter((w) => got.has(w)).length / ref.size;
}

async function main(): Promise<void> {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : listTalks();
  const embedder = await createEmbedder({ kind: 'use-lite' });
  const rows: string[] = ['| talk | sections (parts) | Pk | F1 ±30 s | section titles: word overlap / cosine | finest titles: word overlap / cosine |', '|---|---|---|---|---|---|'];
  for (const name of names) {
    const dir = path.join(EVAL_ROOT, name);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'chapters.json'), 'utf8')) as { durationSec: number; chapters: { title: string | null; startSec: number }[] };
    const segments = parseCaptions(fs.readFileSync(path.join(dir, 'talk.vtt'), 'utf8'), 'vtt');
    const a = await analyzeTranscript({ segments, chapters: [], durationSec: meta.durationSec, quality: 'standard' }, embedder);
    const starts = a.sections.map((s) => s.startSec);
    const sections: Span[] = a.sections;
    const finest: Span[] = a.sections.flatMap((s) => (s.subsections && s.subsections.length > 1 ? s.subsections : [s]));
    const scores = { sw: 0, sc: 0, fw: 0, fc: 0, n: 0 };
    for (let i = 0; i < meta.chapters.length; i++) {
      const ch = meta.chapters[i];
      if (!ch.title) continue;
      const to = i + 1 < meta.chapters.length ? meta.chapters[i + 1].startSec : meta.durationSec;
      const s = mostOverlapping(sections, ch.startSec, to);
      const f = mostOverlapping(finest, ch.startSec, to);
      const [cv, sv, fv] = await embedder.embed([ch.title, s.title, f.title]);
      scores.sw += wordOverlap(ch.title, s.title);
      scores.sc += dot(cv, sv);
      scores.fw += wordOverlap(ch.title, f.title);
      scores.fc += dot(cv, fv);
      scores.n++;
    }
    const m = (x: number): string => (scores.n ? (x / scores.n).toFixed(2) : '—');
    const parts = finest.length > sections.length ? ` (${finest.length})` : '';
    rows.push(`| ${name} | ${sections.length}${parts} | ${pk(meta.chapters.map((c) => c.startSec), starts, meta.durationSec).toFixed(3)} | ${boundaryF1(meta.chapters.map((c) => c.startSec), starts).f1.toFixed(2)} | ${m(scores.sw)} / ${m(scores.sc)} | ${m(scores.fw)} / ${m(scores.fc)} |`);
    console.error(rows[rows.length - 1]);
  }
  console.log(rows.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
