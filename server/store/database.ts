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
    db.pragma('journal_mode = WAL');
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
