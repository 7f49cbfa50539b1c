// Search over every note in an output folder: keeps one search session (store + embedder) per folder,
// (re)indexes before a query when notes changed, and answers with the search service's hits.
import type { SearchHitInfo } from '../protocol/lspMessages';

/** What this handler needs of server/app/searchService (loaded lazily: the embedder is heavy). */
export interface SearchSessionLike {
  index(): Promise<unknown>;
  search(query: string, opts: { k: number; outDir: string }): Promise<SearchHitInfo[]>;
  close(): void;
}
export interface SearchApi {
  openSession(outDir: string, embeddingModel: string | undefined): SearchSessionLike;
}

interface Folder { session: SearchSessionLike; model: string; indexed: Promise<unknown> | null; dirty: boolean }

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
    const f = this.folder(api, outDir, embeddingModel);
    if (f.dirty || !f.indexed) {
      f.dirty = false;
      const t0 = Date.now();
      // One indexing pass at a time; queries typed meanwhile wait for it instead of starting another.
      f.indexed = f.session.index().then((r) => {
        this.log(`search index of ${outDir}: ${JSON.stringify(r)} in ${Date.now() - t0} ms`);
        return r;
      });
    }
    await f.indexed;
    return f.session.search(q, { k, outDir });
  }

  private folder(api: SearchApi, outDir: string, model = 'use-lite'): Folder {
    const have = this.folders.get(outDir);
    if (have && have.model === model) return have;
    if (have) have.session.close();
    const f: Folder = { session: api.openSession(outDir, model), model, indexed: null, dirty: true };
    this.folders.set(outDir, f);
    return f;
  }

  dispose(): void {
    for (const f of this.folders.values()) f.session.close();
    this.folders.clear();
  }
}
