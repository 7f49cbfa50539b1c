// Deleting a job: its notes folder (when no other job of the store writes there), that folder's
// search passages and the job's store rows (stages, chunks, segments, concepts go by cascade).
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/errors';
import { openDatabase, storePathFor } from '../store/database';
import { SearchIndex } from '../store/searchIndex';
import { SqliteCheckpointStore } from '../store/sqliteCheckpointStore';
import { withJobLock } from './jobLock';

export interface DeletedJob {
  /** The notes folder removed, or null when there was none or another job still writes there. */
  removedFolder: string | null;
}

export async function deleteJob(outDirArg: string, jobId: string, opts: { signal?: AbortSignal } = {}): Promise<DeletedJob> {
  const outDir = path.resolve(outDirArg);
  const file = storePathFor(outDir);
  if (!fs.existsSync(file)) throw new UserError(`no job ${jobId} under ${outDir}`, 'ENOJOB');
  const db = openDatabase(file);
  try {
    const store = new SqliteCheckpointStore(db);
    if (!(await store.getJob(jobId))) throw new UserError(`no job ${jobId} under ${outDir}`, 'ENOJOB');
    // The job's lock: a run of it in another process finishes first instead of writing into a deleted folder.
    return await withJobLock(outDir, jobId, opts, async () => {
      const row = await store.getJob(jobId);
      if (!row) return { removedFolder: null };
      const shared = row.slug !== null && (await store.listJobs()).some((j) => j.id !== jobId && j.slug === row.slug);
      const folder = row.slug && !shared ? notesFolderOf(outDir, row.slug) : null;
      if (folder) {
        const index = new SearchIndex(db);
        for (const f of index.filesUnder(folder, path.sep).keys()) index.removeFile(f);
        fs.rmSync(folder, { recursive: true, force: true });
      }
      await store.deleteJob(jobId);
      return { removedFolder: folder && !fs.existsSync(folder) ? folder : null };
    });
  } finally {
    db.close();
  }
}

/** `<out>/<slug>` when the slug is one plain folder name inside the output folder (a store row is not trusted further). */
function notesFolderOf(outDir: string, slug: string): string | null {
  if (!slug || slug.startsWith('.') || slug !== path.basename(slug) || slug.includes('/') || slug.includes('\\')) return null;
  const folder = path.join(outDir, slug);
  const st = fs.lstatSync(folder, { throwIfNoEntry: false });
  return st?.isDirectory() ? folder : null;
}
