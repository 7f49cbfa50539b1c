// Embedding throughput of USE-lite on real transcript sentences (game-of-life talk), 2 cores:
// raw model calls in transcript order vs createEmbedder's length-sorted batches, one lane vs two (a
// worker thread with its own model), and the store cache on a second pass. Goal: ≥ 130 passages/s.
// Run: node --import tsx bench/knowledge-embed.ts [count]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wrapEmbedder } from '../server/knowledge/embeddings';
import { useLiteEmbedder } from '../server/knowledge/embeddings/useLite';
import { splitSentences } from '../server/knowledge/sentences';
import { openDatabase } from '../server/store/database';
import { loadTalk } from './eval-talks';

async function timeIt(label: string, n: number, f: () => Promise<unknown>): Promise<void> {
  const t = process.hrtime.bigint();
  await f();
  const sec = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`${label.padEnd(48)} ${(n / sec).toFixed(1).padStart(7)} passages/s  (${sec.toFixed(2)} s)`);
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 512);
  const all = [...new Set(splitSentences(loadTalk('game-of-life-1925').segments).map((s) => s.text))];
  // A fixed stride through the talk: a realistic mix of short and long sentences.
  const texts = Array.from({ length: Math.min(count, all.length) }, (_, i) => all[Math.floor((i * all.length) / Math.min(count, all.length))]);
  const words = texts.reduce((n, t) => n + t.split(/\s+/).length, 0);
  console.log(`${texts.length} distinct sentences, ${(words / texts.length).toFixed(1)} words on average`);
  const oneLane = useLiteEmbedder({ lanes: 1 });
  const twoLanes = useLiteEmbedder({ lanes: 2 });
  await oneLane.embed(['warm up the model']);
  await twoLanes.embed(Array.from({ length: 64 }, (_, i) => `warm up the worker ${i}`));
  await timeIt('raw model, transcript order, batch 32, 1 lane', texts.length, async () => {
    for (let i = 0; i < texts.length; i += 32) await oneLane.embed(texts.slice(i, i + 32));
  });
  await timeIt('length-sorted batches, 1 lane', texts.length, () => wrapEmbedder(oneLane).embed(texts));
  await timeIt('length-sorted batches, 2 lanes (worker thread)', texts.length, () => wrapEmbedder(twoLanes).embed(texts));
  const raw = twoLanes;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-embed-'));
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  const cached = wrapEmbedder(raw, db);
  await timeIt('with store cache, first pass (cold)', texts.length, () => cached.embed(texts));
  const fresh = wrapEmbedder(raw, db); // a new process would start with an empty memo
  await timeIt('with store cache, second pass (hits)', texts.length, () => fresh.embed(texts));
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
