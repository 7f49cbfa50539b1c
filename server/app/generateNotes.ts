// The notes and jobs service the CLI and the language server call: open the store under --out,
// expand a playlist into one job per entry, run each job.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/errors';
import { expandSource, parseSource } from '../ingest/acquire';
import { openDatabase, storePathFor } from '../store/database';
import { SqliteCheckpointStore } from '../store/sqliteCheckpointStore';
import { ensureDirInside } from '../render/outputFolder';
import { lazyEmbedder } from './embedders';
import { runJob } from './job';
import { jobLockHolder } from './jobLock';
import type { JobSummary, NotesHooks, NotesRequest, NotesResult } from './jobTypes';

export { deleteJob, type DeletedJob } from './deleteJob';
export type { JobSummary, NotesHooks, NotesRequest, NotesResult } from './jobTypes';
export { DEFAULT_MAX_DURATION_SEC } from './jobTypes';

export async function generateNotes(req: NotesRequest, hooks: NotesHooks = {}): Promise<NotesResult[]> {
  const parsed = parseSource(req.source);
  const outDir = path.resolve(req.outDir);
  ensureWritable(outDir);
  ensureDirInside(outDir, '.videoinsight');
  const db = openDatabase(storePathFor(outDir));
  const embedder = lazyEmbedder(req.embedding ?? { kind: 'use-lite' }, db);
  try {
    const entries = parsed.kind === 'url' ? await expandSource(req.source, { workDir: outDir, ytDlpPath: req.ytDlpPath, signal: hooks.signal, log: hooks.log }) : [req.source];
    if (entries.length > 1) hooks.log?.(`playlist: ${entries.length} videos, one job each`);
    const results: NotesResult[] = [];
    for (const entry of entries) results.push(await runJob(req, hooks, db, embedder, outDir, entry));
    return results;
  } finally {
    db.close();
  }
}

export async function listJobs(outDir: string): Promise<JobSummary[]> {
  const file = storePathFor(path.resolve(outDir));
  if (!fs.existsSync(file)) return [];
  const db = openDatabase(file);
  try {
    return (await new SqliteCheckpointStore(db).listJobs()).map((j) => ({
      id: j.id, source: j.source, status: j.status === 'running' && jobLockHolder(outDir, j.id) === null ? 'interrupted' : j.status, title: j.title, slug: j.slug, engine: j.engine,
      durationSec: j.durationSec, error: j.error, updatedAt: j.updatedAt,
    }));
  } finally {
    db.close();
  }
}

function ensureWritable(outDir: string): void {
  try {
    fs.mkdirSync(outDir, { recursive: true });
    fs.accessSync(outDir, fs.constants.W_OK);
    if (!fs.statSync(outDir).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new UserError(`cannot write to the output folder ${outDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'EOUT');
  }
}
