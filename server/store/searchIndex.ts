// The search index's bookkeeping: which note files are indexed (by content hash and embedding model) and
// their passages, replaced or removed one file at a time in one transaction each. The ranked lists a query
// needs come from vectorIndex.ts (embeddings) and its FTS5 twins (BM25 on stems, on words as written);
// app/searchService fuses them.
import type { Db } from './database';
import { deleteFilePassages, insertPassages, searchLexical, searchVectors, type LexicalForms, type ScoredRow, type StoredPassage } from './vectorIndex';

export type { LexicalForms, ScoredRow } from './vectorIndex';

export interface IndexedFile {
  contentHash: string;
  model: string;
}

export type IndexedPassage = Omit<StoredPassage, 'file'>;

export class SearchIndex {
  constructor(private readonly db: Db) {}

  /** Indexed files under `root` (an absolute folder), by absolute path. */
  filesUnder(root: string, sep: string): Map<string, IndexedFile> {
    const rows = this.db
      .prepare('SELECT path, content_hash, model FROM note_files WHERE substr(path, 1, ?) = ?')
      .all(root.length + 1, root + sep) as { path: string; content_hash: string; model: string }[];
    return new Map(rows.map((r) => [r.path, { contentHash: r.content_hash, model: r.model }]));
  }

  /** The file's passages become exactly `passages` (vectors, bits and lexical terms together). */
  replaceFile(file: string, contentHash: string, model: string, passages: IndexedPassage[]): void {
    this.db.transaction(() => {
      deleteFilePassages(this.db, file);
      this.db
        .prepare(
          `INSERT INTO note_files (path, content_hash, model, indexed_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(path) DO UPDATE SET content_hash = excluded.content_hash, model = excluded.model, indexed_at = excluded.indexed_at`,
        )
        .run(file, contentHash, model, Date.now());
      insertPassages(this.db, model, passages.map((p) => ({ ...p, file })));
    })();
  }

  removeFile(file: string): void {
    this.db.transaction(() => {
      deleteFilePassages(this.db, file);
      this.db.prepare('DELETE FROM note_files WHERE path = ?').run(file);
    })();
  }

  /** Best k by cosine to the unit query vector. */
  dense(model: string, vector: Float32Array, k: number, pathPrefix?: string): ScoredRow[] {
    return searchVectors(this.db, model, vector, k, pathPrefix);
  }

  /** Best k by BM25 for any of the plain words `terms`, matched by stem or as written. */
  lexical(model: string, terms: string[], k: number, pathPrefix?: string, forms: LexicalForms = 'stems'): ScoredRow[] {
    return searchLexical(this.db, model, terms, k, pathPrefix, forms);
  }
}
