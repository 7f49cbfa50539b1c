// Search at scale: p50 latency and recall@10 of the bit-prefilter + exact re-rank index against exact
// brute force, at 10k and 100k synthetic 512-d passages; and the hybrid query (vector list + FTS5 BM25 list
// + reciprocal rank fusion + one result per moment, app/searchService) against the old vector-only query
// (searchVectors for 2k + 10, as searchNotes asked before), timed on the same store in the same process.
// Passage texts are ~25 words drawn from a Zipf-distributed 20k-word vocabulary (like English), queries
// 1-4 such words (stop-word ranks left out, as queryTerms does), so the lexical side reads posting lists of realistic lengths. Synthetic vectors are clustered like real
// sentence embeddings (topic centres + noise, plus a shared direction); queries are fresh points, not
// copies of stored passages. Two shapes: clustered and mixed (see run()).
// Run: node --import tsx bench/knowledge-search.ts [sizes...]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../server/store/database';
import { exactSearch, insertPassages, searchVectors } from '../server/store/vectorIndex';
import { fuseHits, queryTerms, rankLists, DEFAULT_FUSION } from '../server/app/searchService';
import { normalize } from '../server/domain/vector';
import { seededRandom } from './seededRandom';

const DIM = 512;
const MODEL = 'synthetic-512';

/** Box-Muller over the seeded generator, so every run measures the same data. */
function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}
function randomVector(r: () => number): Float32Array {
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) v[i] = gaussian(r);
  return normalize(v);
}
function near(center: Float32Array, noise: number, r: () => number): Float32Array {
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) v[i] = center[i] + noise * gaussian(r) / Math.sqrt(DIM);
  return normalize(v);
}

/**
 * `clustered`: each passage near one topic centre. `mixed`: each passage a blend of three random topics
 * plus more noise, and queries blend two — overlapping neighbourhoods, a harder case for bit codes.
 */
const VOCAB = 20_000;
/** Zipf(1) word ranks by inverse CDF over a precomputed table. */
function zipfSampler(r: () => number): () => number {
  const cdf = new Float64Array(VOCAB);
  let acc = 0;
  for (let i = 0; i < VOCAB; i++) cdf[i] = acc += 1 / (i + 1);
  return () => {
    const x = r() * acc;
    let lo = 0;
    let hi = VOCAB - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
const wordOf = (rank: number): string => `w${rank.toString(36)}x`;

function run(size: number, mode: 'clustered' | 'mixed'): void {
  const r = seededRandom(size);
  const zipf = zipfSampler(r);
  const sentence = (n: number): string => Array.from({ length: n }, () => wordOf(zipf())).join(' ');
  const centers = Array.from({ length: Math.max(50, Math.round(size / 100)) }, () => randomVector(r));
  // A shared "language" direction: real embeddings are anisotropic (all pairs have positive cosine).
  const common = randomVector(r);
  const make = (c: Float32Array, noise: number): Float32Array => {
    const v = near(c, noise, r);
    for (let i = 0; i < DIM; i++) v[i] += 0.5 * common[i];
    return normalize(v);
  };
  const pick = (): Float32Array => centers[Math.floor(r() * centers.length)];
  const blend = (parts: number, noise: number): Float32Array => {
    const v = new Float32Array(DIM);
    for (let p = 0; p < parts; p++) {
      const c = pick();
      const w = 1 / (p + 1);
      for (let i = 0; i < DIM; i++) v[i] += w * c[i];
    }
    return make(normalize(v), noise);
  };
  const passage = (): Float32Array => (mode === 'clustered' ? make(pick(), 1.2) : blend(3, 1.5));
  const queryVector = (): Float32Array => (mode === 'clustered' ? make(pick(), 1.4) : blend(2, 1.5));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-search-'));
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  db.prepare("INSERT INTO note_files (path, content_hash, model, indexed_at) VALUES ('/synthetic.md', '', ?, 0)").run(MODEL);
  const t0 = Date.now();
  const BATCH = 5000;
  for (let i = 0; i < size; i += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, size - i) }, (_, j) => ({
      file: '/synthetic.md', line: i + j + 1, startSec: null, text: sentence(15 + Math.floor(r() * 20)),
      vector: passage(),
    }));
    insertPassages(db, MODEL, rows);
  }
  const insertMs = Date.now() - t0;
  const queries = Array.from({ length: 60 }, () => queryVector());
  const times: number[] = [];
  let recall = 0;
  for (const [qi, q] of queries.entries()) {
    const t = process.hrtime.bigint();
    const hits = searchVectors(db, MODEL, q, 10);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (qi >= 3) times.push(ms); // the first queries warm the page cache
    const truth = new Set(exactSearch(db, MODEL, q, 10));
    recall += hits.filter((h) => truth.has(h.id)).length / 10;
  }
  const exactTimes: number[] = [];
  for (const q of queries.slice(0, 10)) {
    const t = process.hrtime.bigint();
    exactSearch(db, MODEL, q, 10);
    exactTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
  // Old (vector only, 2k + 10 for k = 10) against hybrid (both lists at fusion depth, fused, grouped), alternating.
  // Query words as queryTerms leaves them: the 100 most frequent ranks (about half of all tokens under
  // Zipf, the share of English stop words) never reach the lexical index.
  const queryWord = (): string => {
    for (;;) {
      const w = zipf();
      if (w >= 100) return wordOf(w);
    }
  };
  // As a typed query reaches the index: its words and each adjacent pair of them as a phrase (queryTerms).
  const termSets = queries.map(() => queryTerms(Array.from({ length: 1 + Math.floor(r() * 4) }, queryWord).join(' ')));
  const oldTimes: number[] = [];
  const hybridTimes: number[] = [];
  let lexicalHits = 0;
  for (let round = 0; round < 2; round++) {
    for (const [qi, q] of queries.entries()) {
      let t = process.hrtime.bigint();
      searchVectors(db, MODEL, q, 30);
      const oldMs = Number(process.hrtime.bigint() - t) / 1e6;
      t = process.hrtime.bigint();
      const lists = rankLists(db, MODEL, q, termSets[qi], { depth: DEFAULT_FUSION.depth });
      fuseHits(lists, 10);
      const hybridMs = Number(process.hrtime.bigint() - t) / 1e6;
      if (round === 1) {
        oldTimes.push(oldMs);
        hybridTimes.push(hybridMs);
        lexicalHits += lists.stems.length;
      }
    }
  }
  console.log(
    `${size} passages (${mode}): query p50 old vector-only ${p50(oldTimes).toFixed(1)} ms (p95 ${p95(oldTimes).toFixed(1)}), ` +
      `hybrid ${p50(hybridTimes).toFixed(1)} ms (p95 ${p95(hybridTimes).toFixed(1)}), ratio ${(p50(hybridTimes) / p50(oldTimes)).toFixed(2)}; ` +
      `lexical list ${(lexicalHits / queries.length).toFixed(0)} passages/query`,
  );
  console.log(
    `${size} passages (${mode}): index p50 ${p50(times).toFixed(1)} ms (p95 ${p95(times).toFixed(1)}), recall@10 ${(recall / queries.length).toFixed(3)}; ` +
      `exact brute force p50 ${p50(exactTimes).toFixed(1)} ms; insert ${(insertMs / 1000).toFixed(1)} s`,
  );
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const n of sizes.length > 0 ? sizes : [10_000, 100_000]) for (const mode of ['clustered', 'mixed'] as const) run(n, mode);
