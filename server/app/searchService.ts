// Hybrid search over every Markdown note under the notes root: the one place that wires the embedder,
// the passage splitter and the store's index together. Index (incremental, by content hash) and query:
// embeddings (cosine) and SQLite FTS5 (BM25, on word stems and on words as written) each rank passages,
// reciprocal rank fusion merges the three lists, and hits of the same moment of the same video collapse into
// one result (shown at a key point when the point itself matched, else where the match is).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError, throwIfCancelled } from '../domain/errors';
import type { Embedder } from '../domain/analysis';
import { openDatabase, openStoreInMemory, storeIsReadOnly, storePathFor, type Db } from '../store/database';
import { describeStoreError, isDamagedStoreError } from '../store/storeGuard';
import { SqliteEmbeddingCache } from '../store/embeddingCache';
import { SearchIndex, type ScoredRow } from '../store/searchIndex';
import { createEmbedder as createKnowledgeEmbedder, type EmbedderConfig } from '../knowledge/embeddings';
import { markdownLines, PASSAGE_FORMAT, splitPassages, transcriptWindowAt, type TranscriptLine } from '../knowledge/passages';
import { STOPWORDS, stem, words } from '../knowledge/text';

export type { EmbedderConfig } from '../knowledge/embeddings';

export interface SearchHit {
  file: string /* absolute path */;
  line: number /* 1-based */;
  startSec: number | null;
  score: number;
  text: string;
}

/** Longest query embedded; longer ones are cut at a word boundary (the model reads a few hundred tokens). */
export const MAX_QUERY_CHARS = 1000;
/** Most query words given to the lexical index (each is an OR branch of the FTS5 query). */
export const MAX_QUERY_TERMS = 32;

/**
 * Fusion settings. `k` is reciprocal rank fusion's constant (Cormack et al. 2009 use 60); weights scale
 * each list's 1/(k + rank). k 60, stems weight 3, words weight 1.5 and note share 0.5 were chosen on a grid
 * leave-one-talk-out over the public talks' chapter titles, asked as written and with a word in the other
 * number (bench/eval-talks.ts; in-sample and left-out figures in BENCHMARKS.md).
 */
export interface FusionOptions {
  k: number;
  denseWeight: number;
  /** Weight of the lexical list on words reduced to their stems ("practices" meets "practice"). */
  stemsWeight: number;
  /** Ranked passages taken from each list before fusing. */
  depth: number;
  /**
   * A result is shown at a note of its moment (a key point rather than a transcript window or a whole section)
   * when that note scores at least this share of the result's best member: a note that only shares the time
   * of a transcript window matching the query ("This process is called masking" in the window, a point 16 s
   * later about context size) is not what was found.
   */
  noteShare: number;
  /**
   * Weight of a third list: the lexical match on words as written, not stemmed. A query word said in exactly
   * that form ("timing") is found among passages that only share its stem ("time", said all through a talk).
   */
  wordsWeight: number;
}
export const DEFAULT_FUSION: FusionOptions = { k: 60, denseWeight: 1, stemsWeight: 3, depth: 30, noteShare: 0.5, wordsWeight: 1.5 };

const SKIP_DIRS = new Set(['.videoinsight', '.git', 'node_modules']);

/** The embedder with its vectors cached in this store (app is the one layer that joins the two). */
export function createEmbedder(config: EmbedderConfig, db?: Db): Promise<Embedder> {
  return createKnowledgeEmbedder(config, db ? new SqliteEmbeddingCache(db) : undefined);
}

/** The setting `videoinsight.embeddingModel` (a model name or a local folder) → an embedder config. */
export function embedderConfigFor(model: string | undefined): EmbedderConfig {
  if (!model || model === 'use-lite') return { kind: 'use-lite' };
  return { kind: 'transformers', model, ...(path.isAbsolute(model) ? { localPath: model } : {}) };
}

/** *.md files under dir (absolute, sorted), skipping the store folder and hidden tool folders. */
export function listMarkdownFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) out.push(full);
    }
  };
  walk(path.resolve(dir));
  return out.sort();
}

/** Walks outDir for *.md, re-indexes files whose content hash (or embedding model) changed, removes deleted ones. */
export async function indexNotes(
  db: Db,
  outDir: string,
  embedder: Embedder,
  opts: { signal?: AbortSignal } = {},
): Promise<{ indexed: number; unchanged: number; removed: number }> {
  const index = new SearchIndex(db);
  const root = path.resolve(outDir);
  const files = listMarkdownFiles(root);
  const known = index.filesUnder(root, path.sep);
  let indexed = 0;
  let unchanged = 0;
  let removed = 0;
  for (const file of files) {
    throwIfCancelled(opts.signal);
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // vanished or unreadable between listing and reading: treat as absent (removed below)
    }
    // The splitter's format is part of what was indexed: a new one re-splits unchanged notes.
    const hash = crypto.createHash('sha1').update(`passages ${PASSAGE_FORMAT}\n`).update(content).digest('hex');
    const prev = known.get(file);
    known.delete(file);
    if (prev && prev.contentHash === hash && prev.model === embedder.id) {
      unchanged++;
      continue;
    }
    const passages = splitPassages(content);
    const vectors = await embedder.embed(passages.map((p) => p.doc ?? p.text));
    throwIfCancelled(opts.signal);
    index.replaceFile(
      file,
      hash,
      embedder.id,
      passages.map((p, i) => {
        const lexicalOnly = [p.place, p.joined].filter(Boolean).join(' ');
        const doc = lexicalOnly ? `${p.doc ?? p.text} ${lexicalOnly}` : (p.doc ?? null);
        return { line: p.line, startSec: p.startSec, endSec: p.endSec ?? null, kind: p.kind ?? null, text: p.text, doc, vector: vectors[i] };
      }),
    );
    indexed++;
  }
  for (const gone of known.keys()) {
    index.removeFile(gone);
    removed++;
  }
  return { indexed, unchanged, removed };
}

/** Cuts a long query at a word boundary. */
export function normalizeQuery(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  if (q.length <= MAX_QUERY_CHARS) return q;
  const cut = q.slice(0, MAX_QUERY_CHARS);
  const space = cut.lastIndexOf(' ');
  return space > MAX_QUERY_CHARS / 2 ? cut.slice(0, space) : cut;
}

/**
 * The words of a query for the lexical index: letters and digits only (so no FTS5 operator, quote or
 * bracket survives), lower case, stop words dropped unless nothing else is left; then each two content
 * words said next to each other ("hiring practices") as a phrase, so that a passage saying the pair ranks
 * above one holding the words apart. At most MAX_QUERY_TERMS.
 */
export function queryTerms(query: string): string[] {
  const sequence = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const all = [...new Set(sequence)];
  const content = all.filter((w) => !STOPWORDS.has(w));
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < sequence.length; i++) if (!STOPWORDS.has(sequence[i]) && !STOPWORDS.has(sequence[i + 1])) pairs.add(`${sequence[i]} ${sequence[i + 1]}`);
  return [...(content.length > 0 ? content : all), ...pairs].slice(0, MAX_QUERY_TERMS);
}

/** Which line of a transcript window a result opens at (null: the window's start). */
export type Pinpoint = (row: ScoredRow) => TranscriptLine | null;

/**
 * Where a transcript window matched: its line holding the most of the query's words and word pairs, each
 * weighed by how few of the file's lines say it (a line saying "wow" over one saying "products" for "wow
 * products" in a talk about products); the first such. So a result opens the video where the query is said
 * rather than at the window's first line. Null when no line holds any (a match by meaning alone) or the file
 * no longer has that window. Files are read once per query.
 */
export function transcriptPinpoint(terms: string[]): Pinpoint {
  const stems = (text: string): string[] => words(text).map(stem);
  const holds = (said: string[], term: string[]): boolean => said.some((_, i) => term.every((w, j) => said[i + j] === w));
  const wanted = terms.map(stems).filter((t) => t.length > 0);
  const files = new Map<string, { lines: string[]; weights?: number[] } | null>();
  const read = (file: string): { lines: string[]; weights?: number[] } | null => {
    if (!files.has(file)) {
      try {
        files.set(file, { lines: markdownLines(fs.readFileSync(file, 'utf8')) });
      } catch {
        files.set(file, null);
      }
    }
    return files.get(file)!;
  };
  // Only needed when two lines of a window say different parts of the query. Splitting every line into stems
  // costs milliseconds on a long transcript, so only lines holding a term's first stem as text are split (the
  // stem, less a final "y" from "-ies", is part of every word it stems from).
  const weightsOf = (f: { lines: string[]; weights?: number[] }): number[] => {
    if (!f.weights) {
      const lower = f.lines.map((l) => l.toLowerCase());
      const linesSaying = (t: string[]): number => {
        const text = t[0].replace(/y$/, '');
        return lower.filter((l) => l.includes(text) && holds(stems(l), t)).length;
      };
      f.weights = wanted.map((t) => Math.log(1 + f.lines.length / Math.max(1, linesSaying(t))));
    }
    return f.weights;
  };
  return (row) => {
    if (row.kind !== 'transcript' || wanted.length === 0) return null;
    const f = read(row.file);
    const window = f ? transcriptWindowAt(f.lines, row.line) : [];
    const held = window.map((said) => {
      const s = stems(said.text);
      return wanted.map((t) => holds(s, t));
    });
    const saying = window.filter((_, i) => held[i].some(Boolean));
    if (saying.length <= 1) return saying[0] ?? null;
    const weights = weightsOf(f!);
    let best: TranscriptLine | null = null;
    let bestScore = 0;
    window.forEach((said, i) => {
      const score = held[i].reduce((sum, h, j) => sum + (h ? weights[j] : 0), 0);
      if (score > bestScore) [best, bestScore] = [said, score];
    });
    return best;
  };
}

interface Candidate {
  row: ScoredRow;
  score: number;
  dir: string;
  norm: string;
}

/** Same moment of the same video: the same line, a transcript window around a note's time, or overlapping windows. */
function sameMoment(a: Candidate, b: Candidate): boolean {
  if (a.dir !== b.dir) return false;
  if (a.row.file === b.row.file) {
    if (a.row.line === b.row.line) return true;
    // A section's heading and its first part's heading ("## 1." and "### 1.1" both at 0:00) are one moment.
    if (a.row.startSec !== null && a.row.startSec === b.row.startSec) return true;
    // A sentence repeated in one file (a summary bullet and its section's key point).
    if (a.row.kind !== 'section' && b.row.kind !== 'section' && (a.norm.includes(b.norm) || b.norm.includes(a.norm))) return true;
  }
  const inWindow = (w: ScoredRow, t: number | null): boolean =>
    t !== null && w.startSec !== null && t >= w.startSec && t < Math.max(w.endSec ?? w.startSec, w.startSec + 1);
  const ta = a.row.kind === 'transcript';
  const tb = b.row.kind === 'transcript';
  if (ta && tb) return inWindow(a.row, b.row.startSec) || inWindow(b.row, a.row.startSec);
  // A note (not a whole section) citing a moment inside a transcript window.
  if (ta && b.row.kind !== 'section') return inWindow(a.row, b.row.startSec);
  if (tb && a.row.kind !== 'section') return inWindow(b.row, a.row.startSec);
  return false;
}

/** A note of the same file whose time lies in the section document's range. */
function inSection(section: ScoredRow, note: ScoredRow): boolean {
  return (
    section.file === note.file && note.startSec !== null && section.startSec !== null &&
    note.startSec >= section.startSec && note.startSec < (section.endSec ?? Infinity) && note.line > section.line
  );
}

/**
 * Reciprocal rank fusion of the dense and lexical lists, then one result per moment: a group's score is
 * its best member's, and it is shown at a note's position when it has one that scored at least
 * `fusion.noteShare` of that (at a section, or its best member, otherwise); a transcript window at the
 * line `pinpoint` names.
 */
export function fuseHits(lists: RankedLists, k: number, fusion: FusionOptions = DEFAULT_FUSION, pinpoint: Pinpoint = () => null): SearchHit[] {
  const byId = new Map<number, { row: ScoredRow; score: number }>();
  const add = (rows: ScoredRow[], weight: number): void => {
    rows.forEach((row, i) => {
      const c = byId.get(row.id) ?? { row, score: 0 };
      c.score += weight / (fusion.k + i + 1);
      byId.set(row.id, c);
    });
  };
  add(lists.dense, fusion.denseWeight);
  add(lists.stems, fusion.stemsWeight);
  add(lists.words ?? [], fusion.wordsWeight);
  const best = (fusion.denseWeight + fusion.stemsWeight + (lists.words ? fusion.wordsWeight : 0)) / (fusion.k + 1);
  const ranked = [...byId.values()].sort((a, b) => b.score - a.score || a.row.id - b.row.id);
  const groups: { members: Candidate[]; score: number }[] = [];
  const isNote = (m: Candidate): boolean => m.row.kind !== 'transcript' && m.row.kind !== 'section';
  for (const { row, score } of ranked) {
    const c: Candidate = { row, score, dir: path.dirname(row.file), norm: row.text.replace(/\s+/g, ' ').trim().toLowerCase() };
    const g =
      groups.find((x) => x.members.some((m) => sameMoment(m, c))) ??
      // A section document and the best-ranked note inside it are one hit, shown at the note (the more
      // precise place); further notes of the section stay hits of their own.
      (c.row.kind === 'section'
        ? groups.find((x) => !x.members.some((m) => m.row.kind === 'section') && x.members.some((m) => isNote(m) && inSection(c.row, m.row)))
        : isNote(c)
          ? groups.find((x) => !x.members.some(isNote) && x.members.some((m) => m.row.kind === 'section' && inSection(m.row, c.row)))
          : undefined);
    if (g) g.members.push(c);
    else groups.push({ members: [c], score });
  }
  // Groups joined by different members can still open the same moment of a video (a section and a
  // note at its start, each grouped with other rows): one result per moment shown.
  const seen = new Set<string>();
  const hits: SearchHit[] = [];
  for (const g of groups) {
    if (hits.length >= k) break;
    // Members join a group through any other member (a window overlapping a window that holds a note of a
    // section), so a section is shown only when it holds the group's best match — for a window, the line it
    // opens at — not one a step along.
    const top = g.members[0];
    const topAt = pinpoint(top.row);
    const topSec = topAt?.startSec ?? top.row.startSec;
    const holdsTop = (m: Candidate): boolean =>
      m === top || (topSec !== null && m.row.startSec !== null && topSec >= m.row.startSec && topSec < (m.row.endSec ?? Infinity));
    const shown = g.members.find((m) => isNote(m) && m.score >= fusion.noteShare * g.score) ?? g.members.find((m) => m.row.kind === 'section' && holdsTop(m)) ?? top;
    const at = shown === top ? topAt : pinpoint(shown.row);
    const r = at && at.startSec !== null ? { ...shown.row, line: at.line, startSec: at.startSec, text: at.text } : shown.row;
    const moment = r.startSec === null ? null : `${shown.dir}\0${r.startSec}`;
    if (moment !== null && seen.has(moment)) continue;
    if (moment !== null) seen.add(moment);
    hits.push({ file: r.file, line: r.line, startSec: r.startSec, score: Math.round((g.score / best) * 10000) / 10000, text: r.text });
  }
  return hits;
}

/** A query's ranked lists: by embedding, by stemmed words, by words as written (absent: not asked). */
export interface RankedLists {
  dense: ScoredRow[];
  stems: ScoredRow[];
  words?: ScoredRow[];
}

/** The ranked lists for one query (exported for the benchmark, which brings its own vectors). */
export function rankLists(db: Db, model: string, vector: Float32Array, terms: string[], opts: { depth: number; pathPrefix?: string }): Required<RankedLists> {
  const index = new SearchIndex(db);
  return {
    dense: index.dense(model, vector, opts.depth, opts.pathPrefix),
    stems: index.lexical(model, terms, opts.depth, opts.pathPrefix),
    words: index.lexical(model, terms, opts.depth, opts.pathPrefix, 'words'),
  };
}

/** Ranked results, best first. Throws UserError for an empty query; long queries are truncated. */
export async function searchNotes(
  db: Db,
  query: string,
  embedder: Embedder,
  opts: { k?: number; outDir?: string; fusion?: FusionOptions } = {},
): Promise<SearchHit[]> {
  const q = normalizeQuery(typeof query === 'string' ? query : '');
  if (q.length === 0) throw new UserError('the search query is empty', 'EQUERY');
  const k = Math.max(1, Math.min(200, Math.floor(opts.k ?? 10)));
  const fusion = opts.fusion ?? DEFAULT_FUSION;
  const [vector] = await embedder.embed([q]);
  const pathPrefix = opts.outDir ? path.resolve(opts.outDir) + path.sep : undefined;
  // Deep enough that k distinct moments survive grouping.
  const terms = queryTerms(q);
  const lists = rankLists(db, embedder.id, vector, terms, { depth: Math.max(fusion.depth, 2 * k + 10), pathPrefix });
  return fuseHits(lists, k, fusion, transcriptPinpoint(terms));
}

/**
 * One notes root's search: its store, an embedder caching into it, indexing and queries. Searching
 * only reads the notes, and the index is a cache of them: so a read-only store is searched from a
 * copy in memory, and a damaged one is set aside for an index rebuilt in memory (with a warning
 * naming the store), instead of failing.
 */
export class SearchSession {
  private embedderPromise: Promise<Embedder> | undefined;
  private inMemory: boolean;

  private constructor(
    readonly outDir: string,
    private db: Db,
    private readonly config: EmbedderConfig,
    private readonly warn: (line: string) => void,
    inMemory: boolean,
  ) {
    this.inMemory = inMemory;
  }

  /** Opens (creating if needed) the store of the notes root `outDir`; the embedding model loads on first use. */
  static open(outDir: string, opts: { embedding?: EmbedderConfig; warn?: (line: string) => void } = {}): SearchSession {
    const root = path.resolve(outDir);
    const file = storePathFor(root);
    const warn = opts.warn ?? (() => {});
    const config = opts.embedding ?? { kind: 'use-lite' };
    const readOnly = storeIsReadOnly(file);
    try {
      if (!readOnly) return new SearchSession(root, openDatabase(file), config, warn, false);
      warn(`the store ${file} is read-only: searching a copy of it in memory (nothing is saved)`);
      return new SearchSession(root, openStoreInMemory(file), config, warn, true);
    } catch (e) {
      if (!(e instanceof UserError) || e.code !== 'ESTORE_DAMAGED') throw e;
      warn(damagedWarning(e));
      return new SearchSession(root, openStoreInMemory(null), config, warn, true);
    }
  }

  private embedder(): Promise<Embedder> {
    this.embedderPromise ??= createEmbedder(this.config, this.db);
    return this.embedderPromise;
  }

  /** Brings the index up to date with the notes on disk. */
  async index(opts: { signal?: AbortSignal } = {}): Promise<{ indexed: number; unchanged: number; removed: number }> {
    return this.orRebuilt(async () => indexNotes(this.db, this.outDir, await this.embedder(), opts));
  }

  /** Best results first; `outDir` limits them to a folder (default: the whole notes root). */
  async search(query: string, opts: { k?: number; outDir?: string; fusion?: FusionOptions } = {}): Promise<SearchHit[]> {
    return this.orRebuilt(async () => searchNotes(this.db, query, await this.embedder(), { ...opts, outDir: opts.outDir ?? this.outDir }));
  }

  /** Runs `fn`; when a damaged page of the store shows up only now, once more on an index rebuilt in memory. */
  private async orRebuilt<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (this.inMemory || !isDamagedStoreError(e)) throw e;
      this.warn(damagedWarning(describeStoreError(e, storePathFor(this.outDir)) as Error));
      this.db.close();
      this.db = openStoreInMemory(null);
      this.inMemory = true;
      this.embedderPromise = undefined;
      await indexNotes(this.db, this.outDir, await this.embedder());
      return fn();
    }
  }

  close(): void {
    this.db.close();
  }
}

function damagedWarning(e: Error): string {
  return `${e.message.replace(/: move it aside.*$/, '')}: searching an index rebuilt in memory from the notes; move the store aside to rebuild it on disk`;
}
