// Embedding vectors by (model id, sha1 of the text) in the store: nothing is embedded twice, across runs.
// Implements the knowledge engine's EmbeddingCache (server/knowledge/embeddings) by shape.
import type { Db } from './database';
import { fromBlob, toBlob } from '../domain/vector';

export class SqliteEmbeddingCache {
  private readonly getStmt;
  private readonly putStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare('SELECT vector FROM embedding_cache WHERE model = ? AND text_hash = ?');
    this.putStmt = db.prepare('INSERT OR REPLACE INTO embedding_cache (model, text_hash, vector) VALUES (?, ?, ?)');
  }

  get(model: string, textHash: string): Float32Array | undefined {
    const row = this.getStmt.get(model, textHash) as { vector: Buffer } | undefined;
    return row ? fromBlob(row.vector) : undefined;
  }

  put(model: string, entries: Iterable<[textHash: string, vector: Float32Array]>): void {
    this.db.transaction(() => {
      for (const [h, v] of entries) this.putStmt.run(model, h, toBlob(v));
    })();
  }
}
