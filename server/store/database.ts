// One SQLite file per notes root (WAL), with sqlite-vec loaded. Schema changes are numbered
// migrations applied in order inside a transaction, so an old store upgrades in place.
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/errors';
import { migrations } from './migrations';

export type Db = Database.Database;

export const STORE_FILE = '.videoinsight/store.sqlite';

export function storePathFor(outDir: string): string {
  return path.join(outDir, STORE_FILE);
}

export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  } catch (e) {
    throw new UserError(`cannot open the store ${file}: ${(e as Error).message}`, 'ESTORE');
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  sqliteVec.load(db);
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
