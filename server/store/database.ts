// One SQLite file per notes root (WAL), with sqlite-vec loaded. Schema changes are numbered
// migrations applied in order under the write lock (storeGuard.ts), so an old store upgrades in place
// and a newer or foreign one is refused with one line.
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/errors';
import { describeStoreError, migrateStore, refuseUnusableStore } from './storeGuard';

export type Db = Database.Database;

export const STORE_FILE = '.videoinsight/store.sqlite';

export function storePathFor(outDir: string): string {
  return path.join(outDir, STORE_FILE);
}

export function openDatabase(file: string, opts: { create?: boolean } = {}): Db {
  if (opts.create !== false) fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Db | undefined;
  try {
    // The busy timeout comes first: switching to WAL and migrating need locks another process may hold.
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS, fileMustExist: opts.create === false });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    refuseUnusableStore(db, file);
    useWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    sqliteVec.load(db);
    migrateStore(db, file);
    return db;
  } catch (e) {
    db?.close();
    const described = describeStoreError(e, file);
    if (described instanceof UserError) throw described;
    throw new UserError(`cannot open the store ${file}: ${(e as Error).message}`, 'ESTORE');
  }
}

/** How long a statement waits for another process's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 15000;

/**
 * Switches a store to WAL. A new store's switch needs no other connection on the file, and SQLite answers
 * SQLITE_BUSY at once instead of calling the busy handler when there is one (several processes creating
 * one store together), so the wait is here: short sleeps up to the busy timeout.
 */
function useWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/**
 * True when the store of `file` cannot be written here (a read-only folder, file or mount): reading
 * commands then use a copy in memory (openStoreInMemory) instead of failing on the first write.
 */
export function storeIsReadOnly(file: string): boolean {
  const writable = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.W_OK);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT';
    }
  };
  const dir = path.dirname(file);
  if (fs.existsSync(file)) return !writable(file) || !writable(dir);
  // No store yet: it would be created in the nearest existing folder.
  let at = dir;
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return !writable(at);
}

/**
 * The store of `file` (or a new empty one, when `file` is null or missing) as a private copy in
 * memory: everything works, nothing is written to disk. For searching a read-only or damaged store,
 * whose search index is only a cache of the notes.
 */
export function openStoreInMemory(file: string | null): Db {
  let db: Db | undefined;
  try {
    if (file !== null && fs.existsSync(file)) {
      const image = fs.readFileSync(file);
      // Bytes 18-19 say "WAL" (2); an in-memory database opens only the rollback-journal format (1).
      if (image.length >= 20) image[18] = image[19] = 1;
      db = new Database(image);
    } else {
      db = new Database(':memory:');
    }
    refuseUnusableStore(db, file ?? ':memory:');
    db.pragma('foreign_keys = ON');
    sqliteVec.load(db);
    migrateStore(db, file ?? ':memory:');
    return db;
  } catch (e) {
    db?.close();
    const described = describeStoreError(e, file ?? ':memory:');
    if (described instanceof UserError) throw described;
    throw new UserError(`cannot read the store ${file}: ${(e as Error).message}`, 'ESTORE');
  }
}
