// Scores the knowledge engine on the real talks in ../shared/eval-public: topic segmentation (Pk with
// k = half the mean chapter length over 1-second positions; boundary F1 within ±30 s) and search (each
// titled chapter's title as the query; a hit when a top-3 result of that talk starts inside the chapter).
// The analyzer never sees the chapters. Notes are rendered with the project's own renderer
// (server/render/notesRenderer.ts) into a temp folder and indexed like any notes root.
// Run: node --import tsx bench/eval-segmentation.ts [talk...]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeTranscript } from '../server/knowledge/analyze';
import { createEmbedder } from '../server/knowledge/embeddings';
import { indexNotes, searchNotes } from '../server/knowledge/search';
import { segmentTopics } from '../server/knowledge/segment';
import { renderNotes, renderTranscript } from '../server/render/notesRenderer';
import { openDatabase } from '../server/store/database';
import { boundaryF1, listTalks, loadTalk, pk } from './eval-talks';

async function main(): Promise<void> {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : listTalks();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-eval-'));
  // The embedding cache lives outside the temp root so reruns skip re-embedding the same sentences.
  const cacheDb = openDatabase(path.join(os.tmpdir(), 'vi-eval-cache', 'store.sqlite'));
  const embedder = await createEmbedder({ kind: 'use-lite' }, cacheDb);
  const db = openDatabase(path.join(root, '.videoinsight', 'store.sqlite'));
  const rows: string[] = [];
  const ablation: string[] = [];
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
    // Ablation: the same segmentation from embeddings and words alone, without spoken "Chapter N" cues.
    const plainStarts = segmentTopics(analysis.sentences, await embedder.embed(analysis.sentences.map((s) => s.text)), [], { announcedParts: false })
      .map((i) => (i === 0 ? 0 : analysis.sentences[i].startSec));
    ablation.push(`| ${name} | ${plainStarts.length} | ${pk(ref, plainStarts, talk.durationSec).toFixed(3)} | ${boundaryF1(ref, plainStarts).f1.toFixed(2)} |`);

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
  console.log('\nwithout spoken part announcements (embeddings + word overlap only):');
  console.log('| talk | sections | Pk | boundary F1 |');
  console.log('|---|---|---|---|');
  for (const r of ablation) console.log(r);
  db.close();
  cacheDb.close();
  fs.rmSync(root, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
