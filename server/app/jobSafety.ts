// Guards around a job that the pipeline calls at a few points: untrusted metadata made safe once,
// failed sources leave no empty folders, a failure never rewrites a finished job's status, and
// store failures become one line naming the store.
import fs from 'node:fs';
import path from 'node:path';
import type { AcquiredMedia } from '../domain/types';
import { oneLineText } from '../domain/terminalText';
import { safeWebUrl } from '../domain/safeUrl';
import type { CheckpointStore, JobStatus } from '../store/checkpointStore';
import { storePathFor } from '../store/database';
import { describeStoreError } from '../store/storeGuard';

/**
 * Titles, chapter names and the uploader come from a web page or a file's tags: one line each, no
 * control characters (newlines → spaces); the web page URL only when it is http(s).
 */
export function sanitizeAcquired(media: AcquiredMedia): AcquiredMedia {
  return {
    ...media,
    title: oneLineText(media.title) || 'video',
    uploader: media.uploader === null ? null : oneLineText(media.uploader) || null,
    webpageUrl: safeWebUrl(media.webpageUrl),
    chapters: media.chapters.map((c, i) => ({ ...c, title: oneLineText(c.title) || `Chapter ${i + 1}` })),
  };
}

/** Removes `dir` when it exists and is empty (a source whose acquire failed); never throws. */
export function removeIfEmpty(dir: string): void {
  try {
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  } catch {
    /* gone already, not empty, or not ours to remove */
  }
}

/**
 * The status a failed run leaves: a finished job (status done before this run) stays done unless
 * its analysis is provably gone — a read error is not a reason to call it failed; a cancelled one
 * says cancelled; anything else failed with the message. Recording it never hides the original error.
 */
export async function settleFailedJob(store: CheckpointStore, jobId: string, before: JobStatus | undefined, cancelled: boolean, error: unknown): Promise<void> {
  try {
    if (!cancelled && before === 'done') {
      let analysisGone = false;
      try {
        analysisGone = (await store.loadStage(jobId, 'analyze')) === undefined;
      } catch {
        analysisGone = false; // cannot read it: keep the job as it was
      }
      if (!analysisGone) {
        await store.setStatus(jobId, 'done');
        return;
      }
    }
    await store.setStatus(jobId, cancelled ? 'cancelled' : 'failed', cancelled ? null : oneLineText((error as Error)?.message ?? String(error)));
  } catch {
    /* the store itself failed (damaged, read-only, full): the original error is what the user sees */
  }
}

/** Runs `fn`; a SQLite failure on the store of `outDir` becomes one line with its path and a way forward. */
export async function withStoreErrors<T>(outDir: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw describeStoreError(e, storePathFor(path.resolve(outDir)));
  }
}
