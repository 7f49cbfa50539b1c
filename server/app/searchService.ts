// Semantic search over every Markdown note under the notes root: index (incremental, by content hash) and query.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError, throwIfCancelled } from '../domain/errors';
import type { Db } from '../store/database';
import type { Embedder } from '../domain/analysis';
import { splitPassages } from '../knowledge/passages';
import { deleteFilePassages, insertPassages, searchVectors } from '../store/vectorIndex';

export interface SearchHit {
  file: string /* absolute path */;
  line: number /* 1-based */;
  startSec: number | null;
  score: number;
  text: string;
}

/** Longest query embedded; longer ones are cut at a word boundary (the model reads a few hundred tokens). */
export const MAX_QUERY_CHARS = 1000;
const SKIP_DIRS = new Set(['.videoinsight', '.git', 'node_modules']);

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
  const root = path.resolve(outDir);
  const files = listMarkdownFiles(root);
  const known = new Map(
    (db.prepare('SELECT path, content_hash, model FROM note_files WHERE substr(path, 1, ?) = ?').all(root.length + 1, root + path.sep) as {
      path: string;
      content_hash: string;
      model: string;
    }[]).map((r) => [r.path, r]),
  );
  let indexed = 0;
  let unchanged = 0;
  let removed = 0;
  for (const file of files) {
    throwIfCancelled(opts.signal);
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // vanished or unreadable between listing and reading: treat as absent
    }
    const hash = crypto.createHash('sha1').update(content).digest('hex');
    const prev = known.get(file);
    known.delete(file);
    if (prev && prev.content_hash === hash && prev.model === embedder.id) {
      unchanged++;
      continue;
    }
    const passages = splitPassages(content);
    const vectors = await embedder.embed(passages.map((p) => p.text));
    throwIfCancelled(opts.signal);
    db.transaction(() => {
      deleteFilePassages(db, file);
      db.prepare(
        `INSERT INTO note_files (path, content_hash, model, indexed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET content_hash = excluded.content_hash, model = excluded.model, indexed_at = excluded.indexed_at`,
      ).run(file, hash, embedder.id, Date.now());
      insertPassages(
        db,
        embedder.id,
        passages.map((p, i) => ({ file, line: p.line, startSec: p.startSec, text: p.text, vector: vectors[i] })),
      );
    })();
    indexed++;
  }
  for (const gone of known.keys()) {
    db.transaction(() => {
      deleteFilePassages(db, gone);
      db.prepare('DELETE FROM note_files WHERE path = ?').run(gone);
    })();
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

/** Ranked passages, best first. Throws UserError for an empty query; long queries are truncated. */
export async function searchNotes(db: Db, query: string, embedder: Embedder, opts: { k?: number; outDir?: string } = {}): Promise<SearchHit[]> {
  const q = normalizeQuery(typeof query === 'string' ? query : '');
  if (q.length === 0) throw new UserError('the search query is empty', 'EQUERY');
  const k = Math.max(1, Math.min(200, Math.floor(opts.k ?? 10)));
  const [vector] = await embedder.embed([q]);
  const prefix = opts.outDir ? path.resolve(opts.outDir) + path.sep : undefined;
  // The same sentence can stand twice in one file (a summary bullet repeats a section's key point,
  // a section passage contains its bullets): ask for more than k and keep the best of each, where a
  // hit that contains, or is contained in, a better hit of the same file counts as the same.
  const kept: { hit: SearchHit; norm: string }[] = [];
  for (const r of searchVectors(db, embedder.id, vector, Math.min(400, 2 * k + 10), prefix)) {
    const norm = r.text.replace(/\s+/g, ' ').trim().toLowerCase();
    if (kept.some((h) => h.hit.file === r.file && (h.norm.includes(norm) || norm.includes(h.norm)))) continue;
    kept.push({ hit: { file: r.file, line: r.line, startSec: r.startSec, score: Math.round(r.score * 10000) / 10000, text: r.text }, norm });
    if (kept.length === k) break;
  }
  return kept.map((h) => h.hit);
}
