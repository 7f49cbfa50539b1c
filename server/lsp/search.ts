// Semantic search over every note in an output folder: keeps one store + embedder per folder,
// (re)indexes before a query when notes changed, and answers with the search module's hits.
import type { Db } from '../store/database';
import type { Embedder } from '../domain/analysis';
import type { SearchHitInfo } from '../protocol/lspMessages';

export interface SearchApi {
  openDatabase(file: string): Db;
  storePathFor(outDir: string): string;
  createEmbedder(config: { kind: 'use-lite' } | { kind: 'transformers'; model: string; localPath?: string }, db: Db): Promise<Embedder>;
  indexNotes(db: Db, outDir: string, embedder: Embedder): Promise<unknown>;
  searchNotes(db: Db, query: string, embedder: Embedder, opts: { k: number; outDir: string }): Promise<SearchHitInfo[]>;
}

interface Folder { db: Db; embedder: Promise<Embedder>; model: string; indexed: Promise<unknown> | null; dirty: boolean }

export class NotesSearch {
  private readonly folders = new Map<string, Folder>();

  constructor(private readonly api: () => Promise<SearchApi>, private readonly log: (line: string) => void) {}

  /** Notes changed on disk (a job wrote them, a file watcher saw an edit): index before the next query. */
  markDirty(outDir?: string): void {
    for (const [dir, f] of this.folders) if (!outDir || dir === outDir) f.dirty = true;
  }

  async search(outDir: string, query: string, k: number, embeddingModel: string | undefined): Promise<SearchHitInfo[]> {
    const q = query.trim();
    if (!q) return [];
    const api = await this.api();
    const f = await this.folder(api, outDir, embeddingModel);
    if (f.dirty || !f.indexed) {
      f.dirty = false;
      const t0 = Date.now();
      // One indexing pass at a time; queries typed meanwhile wait for it instead of starting another.
      f.indexed = f.embedder.then((e) => api.indexNotes(f.db, outDir, e)).then((r) => {
        this.log(`search index of ${outDir}: ${JSON.stringify(r)} in ${Date.now() - t0} ms`);
        return r;
      });
    }
    await f.indexed;
    return api.searchNotes(f.db, q, await f.embedder, { k, outDir });
  }

  private async folder(api: SearchApi, outDir: string, model = 'use-lite'): Promise<Folder> {
    const have = this.folders.get(outDir);
    if (have && have.model === model) return have;
    if (have) have.db.close();
    const db = api.openDatabase(api.storePathFor(outDir));
    const config = model === 'use-lite' || !model ? { kind: 'use-lite' as const } : { kind: 'transformers' as const, model, ...(model.startsWith('/') ? { localPath: model } : {}) };
    const f: Folder = { db, embedder: api.createEmbedder(config, db), model, indexed: null, dirty: true };
    this.folders.set(outDir, f);
    return f;
  }

  dispose(): void {
    for (const f of this.folders.values()) f.db.close();
    this.folders.clear();
  }
}
