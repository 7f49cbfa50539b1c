// Scores the knowledge engine on the real talks in ../shared/eval-public: topic segmentation (Pk with
// k = half the mean chapter length over 1-second positions; boundary F1 within ±30 s) and search (each
// titled chapter's title as the query; a hit when a top-3 result of that talk starts inside the chapter).
// The analyzer never sees the chapters. A second table runs the segmenter alone, current ('optimal') and
// previous ('texttiling') method, with and without spoken part announcements; a third runs both on pieces
// of the talks (7 min to 75 min) to check that the section count follows content, not length. Notes are rendered with the project's own renderer
// (server/render/notesRenderer.ts) into a temp folder and indexed like any notes root.
// Run: node --import tsx bench/eval-segmentation.ts [talk...]
// With --loo: only the leave-one-talk-out choice of the segmenter's constants (bench/segmentation-loo.ts;
// --loo-small for its 8-point grid), captions read by the product's parseCaptions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeTranscript } from '../server/knowledge/analyze';
import { createEmbedder } from '../server/app/searchService';
import { indexNotes, searchNotes } from '../server/app/searchService';
import { segmentTopics } from '../server/knowledge/segment';
import { splitSentences } from '../server/knowledge/sentences';
import { renderNotes, renderTranscript } from '../server/render/notesRenderer';
import { openDatabase } from '../server/store/database';
import { boundaryF1, listTalks, loadTalk, pk } from './eval-talks';
import { namedGrid, runLoo } from './segmentation-loo';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const talkArgs = args.filter((a) => !a.startsWith('--'));
  const names = talkArgs.length > 0 ? talkArgs : listTalks();
  if (args.includes('--loo') || args.includes('--loo-small')) {
    const cache = openDatabase(path.join(os.tmpdir(), 'vi-eval-cache', 'store.sqlite'));
    console.log(await runLoo(names, await createEmbedder({ kind: 'use-lite' }, cache), namedGrid(args.includes('--loo-small') ? 'small' : 'default')));
    cache.close();
    return;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-eval-'));
  // The embedding cache lives outside the temp root so reruns skip re-embedding the same sentences.
  const cacheDb = openDatabase(path.join(os.tmpdir(), 'vi-eval-cache', 'store.sqlite'));
  const embedder = await createEmbedder({ kind: 'use-lite' }, cacheDb);
  const db = openDatabase(path.join(root, '.videoinsight', 'store.sqlite'));
  const rows: string[] = [];
  const ablation: string[] = [];
  const methodSums = new Map<string, { pk: number; f1: number }>();
  let sumPk = 0;
  let sumF1 = 0;
  let hits = 0;
  let queries = 0;
  for (const name of names) {
    const talk = loadTalk(name);
    const t0 = Date.now();
    const analysis = await analyzeTranscript({ segments: talk.segments, chapters: [], durationSec: talk.durationSec, quality: 'standard' }, embedder);
    const analyzeSec = (Date.now() - t0) / 1000;
    const ref = talk.chapters.map((c) => c.startSec);
    const hyp = analysis.sections.map((s) => s.startSec);
    const p = pk(ref, hyp, talk.durationSec);
    const f = boundaryF1(ref, hyp);
    sumPk += p;
    sumF1 += f.f1;
    // Ablation: the same segmentation from embeddings and words alone, without spoken "Chapter N" cues,
    // for the optimal split (what the default 'auto' uses on talks of 15 min and more) and the previous
    // method ('texttiling'), with and without cues.
    const vectors = await embedder.embed(analysis.sentences.map((s) => s.text));
    const cells: string[] = [];
    for (const method of ['optimal', 'texttiling'] as const) {
      for (const announcedParts of [true, false]) {
        const t1 = Date.now();
        const starts = segmentTopics(analysis.sentences, vectors, [], { method, announcedParts }).map((i) => (i === 0 ? 0 : analysis.sentences[i].startSec));
        const ms = Date.now() - t1;
        cells.push(`${starts.length} | ${pk(ref, starts, talk.durationSec).toFixed(3)} | ${boundaryF1(ref, starts).f1.toFixed(2)} | ${ms} ms`);
        const m = methodSums.get(`${method} ${announcedParts}`) ?? { pk: 0, f1: 0 };
        m.pk += pk(ref, starts, talk.durationSec);
        m.f1 += boundaryF1(ref, starts).f1;
        methodSums.set(`${method} ${announcedParts}`, m);
      }
    }
    ablation.push(`| ${name} | ${ref.length} | ${cells.join(' | ')} |`);

    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    const meta = { title: name, source: `${name}.m4a`, webpageUrl: null, durationSec: talk.durationSec, engine: 'captions' as const, model: null };
    fs.writeFileSync(path.join(dir, 'notes.md'), renderNotes(meta, analysis, { complete: true }).markdown);
    fs.writeFileSync(path.join(dir, 'transcript.md'), renderTranscript(name, analysis.sentences));
    await indexNotes(db, root, embedder);
    let talkHits = 0;
    let talkQueries = 0;
    const misses: string[] = [];
    for (let c = 0; c < talk.chapters.length; c++) {
      const title = talk.chapters[c].title;
      if (!title) continue;
      const from = talk.chapters[c].startSec;
      const to = c + 1 < talk.chapters.length ? talk.chapters[c + 1].startSec : talk.durationSec + 1;
      const results = await searchNotes(db, title, embedder, { k: 3, outDir: dir });
      const hit = results.some((r) => r.startSec !== null && r.startSec >= from && r.startSec < to);
      talkQueries++;
      if (hit) talkHits++;
      else misses.push(title);
    }
    hits += talkHits;
    queries += talkQueries;
    rows.push(
      `| ${name} | ${ref.length} | ${hyp.length} | ${p.toFixed(3)} | ${f.f1.toFixed(2)} (P ${f.precision.toFixed(2)}, R ${f.recall.toFixed(2)}) | ` +
        `${talkQueries > 0 ? `${talkHits}/${talkQueries}` : 'no titles'} | ${analyzeSec.toFixed(1)} s |` +
        (misses.length > 0 ? ` missed: ${misses.join('; ')}` : ''),
    );
  }
  console.log('| talk | chapters | sections | Pk | boundary F1 | search top-3 | analyze |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(
    `\nmean Pk ${(sumPk / names.length).toFixed(3)} (goal ≤ 0.25), mean F1 ${(sumF1 / names.length).toFixed(2)} (goal ≥ 0.6), ` +
      `search top-3 ${queries > 0 ? (hits / queries).toFixed(2) : 'n/a'} over ${queries} titled chapters (goal ≥ 0.8)`,
  );
  console.log('\nsegmenter alone, with and without spoken part announcements ("Chapter two, ..."); sections | Pk | F1 | time:');
  const heads = ['optimal, cues', 'optimal, no cues', 'texttiling (old), cues', 'texttiling (old), no cues'];
  console.log(`| talk | chapters | ${heads.map((h) => `${h}: sections | Pk | F1 | time`).join(' | ')} |`);
  console.log(`|---|---|${heads.map(() => '---|---|---|---|').join('')}`);
  for (const r of ablation) console.log(r);
  const means = ['optimal true', 'optimal false', 'texttiling true', 'texttiling false'].map((k) => {
    const m = methodSums.get(k) ?? { pk: 0, f1: 0 };
    return `${k.replace(' true', ', cues').replace(' false', ', no cues')}: Pk ${(m.pk / names.length).toFixed(3)}, F1 ${(m.f1 / names.length).toFixed(2)}`;
  });
  console.log(`\nmeans — ${means.join('; ')}`);
  await pieces(embedder, names);
  db.close();
  cacheDb.close();
  fs.rmSync(root, { recursive: true, force: true });
}

/**
 * Length check: the same measures on pieces cut from the talks (7 minutes to the whole talk; cuts at
 * round times, not at chapters), short pieces with the same scaling analyze.ts applies to short videos.
 * A method whose section count follows the talk's length rather than its content fails here.
 */
async function pieces(embedder: Awaited<ReturnType<typeof createEmbedder>>, names: string[]): Promise<void> {
  const cuts: Record<string, [number, number][]> = {
    'game-of-life-1925': [[0, 3912], [3912, 8397], [2277, 4667], [2000, 2700]],
    'librispeech-mix-a': [[0, 600], [1100, 1500]],
    'librispeech-mix-b': [[1000, 1700]],
  };
  const rows: string[] = [];
  const sums = { auto: 0, optimal: 0, texttiling: 0 };
  let count = 0;
  for (const name of names) {
    const talk = loadTalk(name);
    const all = splitSentences(talk.segments);
    const vectors = await embedder.embed(all.map((s) => s.text));
    for (const [from, to] of cuts[name] ?? []) {
      const idx = all.map((_, i) => i).filter((i) => all[i].startSec >= from && all[i].startSec < to);
      const sentences = idx.map((i, k) => ({ ...all[i], index: k, startSec: all[i].startSec - from, endSec: all[i].endSec - from }));
      const span = sentences[sentences.length - 1].endSec - sentences[0].startSec;
      const scaled = { windowSec: Math.min(90, Math.max(15, span / 10)), minSectionSec: Math.min(120, Math.max(20, span / 6)) }; // as analyze.ts
      const ref = [0, ...talk.chapters.map((c) => c.startSec - from).filter((t) => t > 0 && t < to - from)];
      const cells: string[] = [];
      for (const method of ['auto', 'optimal', 'texttiling'] as const) {
        const starts = segmentTopics(sentences, idx.map((i) => vectors[i]), [], { ...scaled, method, announcedParts: false }).map((i) => (i === 0 ? 0 : sentences[i].startSec));
        const p = pk(ref, starts, to - from);
        sums[method] += p;
        cells.push(`${starts.length} | ${p.toFixed(3)} | ${boundaryF1(ref, starts).f1.toFixed(2)}`);
      }
      count++;
      rows.push(`| ${name} ${Math.round(from / 60)}-${Math.round(to / 60)} min | ${ref.length} | ${cells.join(' | ')} |`);
    }
  }
  if (count === 0) return;
  console.log('\npieces of the talks, no cues (length check); sections | Pk | F1:');
  console.log('| piece | chapters | auto (default) | | | optimal | | | texttiling (old) | | |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\nmean Pk over pieces — auto (default) ${(sums.auto / count).toFixed(3)}, optimal ${(sums.optimal / count).toFixed(3)}, texttiling ${(sums.texttiling / count).toFixed(3)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
