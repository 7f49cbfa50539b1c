// One run per job at a time: a second run of the same job (the same source and settings, from
// another terminal or the editor) waits for the first and then finds its work done, instead of
// doing it twice. The lock is a file holding the owner's pid, so a killed owner frees it.
import fs from 'node:fs';
import path from 'node:path';
import { throwIfCancelled } from '../domain/errors';
import { processAlive } from '../domain/staleTemp';
import { ensureDirInside } from '../render/outputFolder';

const POLL_MS = 1000;
/** Runs of this process by lock file: a second run in the same process (the language server) waits on the first. */
const heldHere = new Map<string, Promise<unknown>>();


/** A lock file appears whole: the pid is written to a file of our own, then hard-linked to the lock's
 * name, which fails if the lock exists. (Created with O_EXCL and written after, it would be empty for a
 * moment, and a second process reading it then would take it as torn and take it too.) */
function create(file: string): boolean {
  const mine = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(mine, String(process.pid));
  try {
    fs.linkSync(mine, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
  } finally {
    fs.rmSync(mine, { force: true });
  }
  // A file system without hard links (FAT, some network shares): exclusive create, then write.
  try {
    fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
}

/** How old an unreadable lock file must be to count as torn (a crash of an older version), not in the making. */
const TORN_AFTER_MS = 10_000;

function tryTake(file: string): number | null {
  if (create(file)) return null;
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    age = Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return tryTake(file); // released between our two looks
  }
  const owner = Number.parseInt(text, 10);
  if (Number.isInteger(owner) && owner > 0) {
    if (owner !== process.pid && processAlive(owner)) return owner;
  } else if (age < TORN_AFTER_MS) {
    return -1; // unreadable and fresh: someone else's, being made
  }
  // The owner died (kill -9, a crash) or the file is torn: take over.
  fs.rmSync(file, { force: true });
  return tryTake(file);
}

function lockFile(outDir: string, jobId: string): string {
  return path.join(outDir, '.videoinsight', 'locks', `${jobId}.lock`);
}

/**
 * The live process running `jobId` under `outDir` now, or null. A 'running' job without one was
 * killed (kill -9, a crash, a power cut): it is interrupted, and the same command resumes it.
 */
export function jobLockHolder(outDir: string, jobId: string): number | null {
  let owner: number;
  try {
    owner = Number.parseInt(fs.readFileSync(lockFile(outDir, jobId), 'utf8'), 10);
  } catch {
    return null;
  }
  // A run of this process (the language server) holds its lock with our own pid.
  return Number.isInteger(owner) && owner > 0 && processAlive(owner) ? owner : null;
}

export async function withJobLock<T>(
  outDir: string, jobId: string, opts: { signal?: AbortSignal; log?: (line: string) => void }, body: () => Promise<T>,
): Promise<T> {
  ensureDirInside(outDir, path.join('.videoinsight', 'locks'));
  const file = lockFile(outDir, jobId);
  let said = false;
  for (let mine = heldHere.get(file); mine; mine = heldHere.get(file)) {
    if (!said) opts.log?.('another run of this job is in progress here: waiting for it to finish');
    said = true;
    await mine.catch(() => undefined);
    throwIfCancelled(opts.signal);
  }
  for (let owner = tryTake(file); owner !== null; owner = tryTake(file)) {
    if (!said) opts.log?.(`another run of this job is in progress${owner > 0 ? ` (process ${owner})` : ''}: waiting for it to finish`);
    said = true;
    throwIfCancelled(opts.signal);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const run = body();
  heldHere.set(file, run);
  try {
    return await run;
  } finally {
    heldHere.delete(file);
    try {
      if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  }
}
