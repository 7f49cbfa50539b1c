// Passage vectors in SQLite, searched in two steps: a scan over sign bits held in memory (64 bytes per
// 512-d passage, scored asymmetrically against the float query) picks a few hundred candidates, then
// exact cosine on their float vectors ranks them. sqlite-vec's vec0 bit KNN was measured first: 80-155 ms
// at 100k passages for k = 400 on this machine, against ~5-10 ms for the in-memory scan, so the bits live
// in a plain table and are cached per process, reloaded when the store's search generation changes.
import type { Db } from './database';
import { dot, fromBlob, signBits, toBlob } from '../domain/vector';

/** Bit-scan candidates re-ranked exactly, per result wanted (measured in bench/knowledge-search.ts). */
export const CANDIDATES_PER_RESULT = 25;
export const MIN_CANDIDATES = 250;

export interface StoredPassage {
  file: string;
  line: number;
  startSec: number | null;
  text: string;
  vector: Float32Array;
  /** See server/knowledge/passages.ts: NULL note text, 'transcript' window, 'section' document. */
  kind?: string | null;
  endSec?: number | null;
  /** Searched text when it differs from `text`. */
  doc?: string | null;
}

function bumpGeneration(db: Db): void {
  db.prepare("UPDATE search_meta SET value = value + 1 WHERE key = 'generation'").run();
}

function generation(db: Db): number {
  return (db.prepare("SELECT value FROM search_meta WHERE key = 'generation'").get() as { value: number } | undefined)?.value ?? 0;
}

export function insertPassages(db: Db, model: string, passages: StoredPassage[]): void {
  if (passages.length === 0) return;
  const ins = db.prepare('INSERT INTO passages (file, line, start_sec, text, model, kind, end_sec, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insBits = db.prepare('INSERT INTO passage_bits (id, model, bits) VALUES (?, ?, ?)');
  const insVec = db.prepare('INSERT INTO passage_vectors (id, vector) VALUES (?, ?)');
  db.transaction(() => {
    for (const p of passages) {
      const id = ins.run(p.file, p.line, p.startSec, p.text, model, p.kind ?? null, p.endSec ?? null, p.doc ?? null).lastInsertRowid;
      insBits.run(id, model, Buffer.from(signBits(p.vector)));
      insVec.run(id, toBlob(p.vector));
    }
    bumpGeneration(db);
  })();
}

/** Removes a file's passages (their bits and vectors go by cascade). */
export function deleteFilePassages(db: Db, file: string): void {
  db.transaction(() => {
    const r = db.prepare('DELETE FROM passages WHERE file = ?').run(file);
    if (r.changes > 0) bumpGeneration(db);
  })();
}

/** The sign bits of every passage of one model, packed 8 dimensions per byte. */
interface BitCache {
  generation: number;
  ids: Float64Array;
  /** Each vector's sign bits as 32-bit words, byte b of a vector's bits at bits 8(b mod 4) of word b/4. */
  words: Uint32Array;
  wordsPerVector: number;
}

const bitCaches = new WeakMap<Db, Map<string, BitCache>>();

function loadBits(db: Db, model: string): BitCache {
  const gen = generation(db);
  let perDb = bitCaches.get(db);
  if (!perDb) {
    perDb = new Map();
    bitCaches.set(db, perDb);
  }
  const cached = perDb.get(model);
  if (cached && cached.generation === gen) return cached;
  const rows = db.prepare('SELECT id, bits FROM passage_bits WHERE model = ? ORDER BY id').raw().all(model) as [number, Buffer][];
  const bytesPerVector = rows.length > 0 ? rows[0][1].byteLength : 0;
  const wordsPerVector = Math.ceil(bytesPerVector / 4);
  const ids = new Float64Array(rows.length);
  const words = new Uint32Array(rows.length * wordsPerVector);
  rows.forEach(([id, bits], i) => {
    ids[i] = id;
    for (let b = 0; b < bytesPerVector; b++) words[i * wordsPerVector + (b >> 2)] |= bits[b] << ((b & 3) << 3);
  });
  const cache = { generation: gen, ids, words, wordsPerVector };
  perDb.set(model, cache);
  return cache;
}

/**
 * Ids of the `count` passages that score best against the float query on their sign bits (asymmetric
 * distance: the query is not binarized). Score = Σ q_i over set bits, which ranks like q·sign(v); one
 * 256-entry table per byte turns it into 64 lookups per 512-d passage, read four bytes to a word (measured
 * 1.7× faster than a byte at a time). Measured against symmetric hamming it lifts recall@10 on overlapping
 * topics (bench/knowledge-search.ts, "mixed").
 */
function bitCandidates(cache: BitCache, query: Float32Array, count: number): number[] {
  const n = cache.ids.length;
  if (n <= count) return [...cache.ids];
  const wq = cache.wordsPerVector;
  // Byte j's table at j·256; a padding byte is always 0, so its entry 0 (zero) is all it adds.
  const tables = new Float32Array(wq * 4 * 256);
  for (let j = 0; j < wq * 4; j++) {
    const base = j * 256;
    for (let x = 1; x < 256; x++) {
      const low = x & -x; // lowest set bit
      const bit = 31 - Math.clz32(low);
      const dim = j * 8 + bit;
      tables[base + x] = tables[base + (x ^ low)] + (dim < query.length ? query[dim] : 0);
    }
  }
  const scores = new Float32Array(n);
  const words = cache.words;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * wq;
    for (let j = 0; j < wq; j++) {
      const x = words[o + j];
      const b = j << 10;
      s += tables[b + (x & 255)] + tables[b + 256 + ((x >>> 8) & 255)] + tables[b + 512 + ((x >>> 16) & 255)] + tables[b + 768 + (x >>> 24)];
    }
    scores[i] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  // Top `count` by a histogram threshold: linear time, no sort of all scores.
  const BINS = 4096;
  const scale = max > min ? (BINS - 1) / (max - min) : 0;
  const hist = new Uint32Array(BINS);
  for (let i = 0; i < n; i++) hist[Math.floor((scores[i] - min) * scale)]++;
  let bin = BINS - 1;
  for (let acc = 0; bin > 0; bin--) {
    acc += hist[bin];
    if (acc >= count) break;
  }
  const out: number[] = [];
  const edge: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = Math.floor((scores[i] - min) * scale);
    if (b > bin) out.push(i);
    else if (b === bin) edge.push(i);
  }
  edge.sort((a, b) => scores[b] - scores[a] || a - b);
  for (const i of edge) {
    if (out.length >= count) break;
    out.push(i);
  }
  return out.map((i) => cache.ids[i]);
}

export interface ScoredRow {
  id: number;
  file: string;
  line: number;
  startSec: number | null;
  endSec: number | null;
  kind: string | null;
  text: string;
  score: number;
}

interface MetaRow { file: string; line: number; start_sec: number | null; end_sec: number | null; kind: string | null; text: string }

/** Top k passages of `model` by cosine to the (unit) query; optional path prefix filter. */
export function searchVectors(db: Db, model: string, query: Float32Array, k: number, pathPrefix?: string): ScoredRow[] {
  if (k <= 0) return [];
  const cache = loadBits(db, model);
  if (cache.ids.length === 0) return [];
  const ids = bitCandidates(cache, query, Math.max(MIN_CANDIDATES, k * CANDIDATES_PER_RESULT));
  const vectors = db.prepare('SELECT id, vector FROM passage_vectors WHERE id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(ids)) as [number, Buffer][];
  const scored = vectors.map(([id, blob]) => ({ id, score: dot(fromBlob(blob), query) })).sort((a, b) => b.score - a.score || a.id - b.id);
  const meta = db.prepare('SELECT file, line, start_sec, end_sec, kind, text FROM passages WHERE id = ?');
  const out: ScoredRow[] = [];
  // A heading is both a passage and the start of its section's passage: one hit per line.
  const seen = new Set<string>();
  for (const s of scored) {
    const m = meta.get(s.id) as MetaRow | undefined;
    if (!m || (pathPrefix && !m.file.startsWith(pathPrefix))) continue;
    const key = `${m.line}\u0000${m.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ id: s.id, file: m.file, line: m.line, startSec: m.start_sec, endSec: m.end_sec, kind: m.kind, text: m.text, score: s.score });
    if (out.length >= k) break;
  }
  return out;
}

/** Which lexical index: words reduced to their Porter stems, or words as written. */
export type LexicalForms = 'stems' | 'words';

/**
 * Top k passages of `model` by BM25 over their searched text for any of `terms` (plain words, or phrases of
 * plain words separated by spaces: each is quoted here, so FTS5 syntax in a query — quotes, `*`, `NEAR`, `-`,
 * parentheses — is only ever text, and a quoted phrase matches its words in that order).
 * Score is the negated BM25 rank, higher is better. One hit per (file, line), like searchVectors. `forms`:
 * which index (stems by default).
 */
export function searchLexical(db: Db, model: string, terms: string[], k: number, pathPrefix?: string, forms: LexicalForms = 'stems'): ScoredRow[] {
  const words = [...new Set(terms.map((t) => t.replace(/"/g, '').trim()).filter((t) => t.length > 0))];
  if (k <= 0 || words.length === 0) return [];
  const match = words.map((w) => `"${w}"`).join(' OR ');
  // Ask FTS5 for its best ids alone (it orders by rank without touching passages), then read their rows.
  const limit = pathPrefix ? 4 * k + 50 : k + 20;
  let ranked: [number, number][];
  try {
    const table = forms === 'stems' ? 'passage_fts' : 'passage_words';
    ranked = db.prepare(`SELECT rowid, rank FROM ${table} WHERE ${table} MATCH ? ORDER BY rank LIMIT ?`).raw().all(match, limit) as [number, number][];
  } catch {
    return []; // a term the tokenizer turns into nothing: no lexical evidence, not an error
  }
  const meta = db.prepare('SELECT file, line, start_sec, end_sec, kind, text FROM passages WHERE id = ? AND model = ?');
  const out: ScoredRow[] = [];
  const seen = new Set<string>();
  for (const [id, rank] of ranked) {
    const m = meta.get(id, model) as MetaRow | undefined;
    if (!m || (pathPrefix && !m.file.startsWith(pathPrefix))) continue;
    const key = `${m.line}\u0000${m.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ id, file: m.file, line: m.line, startSec: m.start_sec, endSec: m.end_sec, kind: m.kind, text: m.text, score: -rank });
    if (out.length >= k) break;
  }
  return out;
}

/** Exact top k ids by brute force over every passage of the model (the benchmark's ground truth). */
export function exactSearch(db: Db, model: string, query: Float32Array, k: number): number[] {
  const rows = db.prepare('SELECT v.id, v.vector FROM passage_vectors v JOIN passage_bits b ON b.id = v.id WHERE b.model = ?').raw().all(model) as [number, Buffer][];
  return rows
    .map(([id, blob]) => ({ id, s: dot(fromBlob(blob), query) }))
    .sort((a, b) => b.s - a.s || a.id - b.id)
    .slice(0, k)
    .map((r) => r.id);
}
