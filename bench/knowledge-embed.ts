// Embedding throughput of USE-lite on real transcript sentences (game-of-life talk), 2 cores:
// raw model calls in transcript order vs createEmbedder's token-sorted batches, one lane (this thread)
// vs two (worker threads, one model each, fed by this thread), and the store cache on a second pass.
// Goal: ≥ 130 passages/s. The machine may be shared: compare lines of one run, not runs.
// Run: node --import tsx bench/knowledge-embed.ts [count]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wrapEmbedder } from '../server/knowledge/embeddings';
import { useLiteEmbedder } from '../server/knowledge/embeddings/useLite';
import { splitSentences } from '../server/knowledge/sentences';
import { openDatabase } from '../server/store/database';
import { SqliteEmbeddingCache } from '../server/store/embeddingCache';
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
  // The first multi-batch call starts both workers; each loads its own model.
  await timeIt('2 lanes, first call (starts the workers), 64 texts', 64, () =>
    twoLanes.embed(Array.from({ length: 64 }, (_, i) => `warm up the worker ${i}`)),
  );
  await timeIt('raw model, transcript order, batch 32, 1 lane', texts.length, async () => {
    for (let i = 0; i < texts.length; i += 32) await oneLane.embed(texts.slice(i, i + 32));
  });
  let here: Float32Array[] = [];
  let workers: Float32Array[] = [];
  await timeIt('token-sorted batches, 1 lane (this thread)', texts.length, async () => {
    here = await wrapEmbedder(oneLane).embed(texts);
  });
  await timeIt('token-sorted batches, 2 lanes (worker threads)', texts.length, async () => {
    workers = await wrapEmbedder(twoLanes).embed(texts);
  });
  const minCos = Math.min(...here.map((v, i) => v.reduce((d, x, k) => d + x * workers[i][k], 0)));
  console.log(`same vectors on both paths: min cosine ${minCos.toFixed(6)}`);
  const raw = twoLanes;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-embed-'));
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  const cached = wrapEmbedder(raw, new SqliteEmbeddingCache(db));
  await timeIt('with store cache, first pass (cold)', texts.length, () => cached.embed(texts));
  const fresh = wrapEmbedder(raw, new SqliteEmbeddingCache(db)); // a new process would start with an empty memo
  await timeIt('with store cache, second pass (hits)', texts.length, () => fresh.embed(texts));
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
