// The store's schema version and layout, checked on open, and SQLite failures turned into one line
// that names the store file and says what to do. Migrations run under the write lock taken up
// front (BEGIN IMMEDIATE) and re-read user_version inside it, so processes that open a new store
// at the same moment apply each migration exactly once.
import type Database from 'better-sqlite3';
import { UserError } from '../domain/errors';
import { migrations, type Migration } from './migrations';

type Db = Database.Database;

export const LATEST_SCHEMA = Math.max(...migrations.map((m) => m.version));

/** Tables (and a few columns) every store at LATEST_SCHEMA has: anything else is a foreign layout. */
const REQUIRED: Record<string, string[]> = {
  jobs: ['id', 'source', 'settings', 'status', 'title', 'slug', 'error', 'updated_at'],
  stages: ['job_id', 'stage', 'output'],
  chunks: ['job_id', 'idx', 'start_sample', 'end_sample', 'done'],
  segments: ['job_id', 'chunk_idx', 'seq', 'start_sec', 'text'],
  note_files: ['path', 'content_hash'],
  passages: ['id', 'file', 'line', 'text'],
};

const MOVE_ASIDE = 'move it aside (your notes stay; the store and its search index are rebuilt from them on the next run) or use another --out';

export function newerSchemaError(file: string, found: number, latest = LATEST_SCHEMA): UserError {
  return new UserError(
    `the store ${file} has schema version ${found}, newer than this VideoInsight's ${latest}: update VideoInsight, or use another --out`,
    'ESTORE_NEWER',
  );
}

export function foreignLayoutError(file: string, what: string): UserError {
  return new UserError(`the store ${file} is not a VideoInsight store of a known layout (${what}): ${MOVE_ASIDE}`, 'ESTORE_LAYOUT');
}

/** True for SQLite's "the file is damaged / not a database" failures. */
export function isDamagedStoreError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) return true;
  return e instanceof Error && /database disk image is malformed|file is not a database/i.test(e.message);
}

/** Any SQLite failure while using `file` → one line with the path and a way forward; other errors unchanged. */
export function describeStoreError(e: unknown, file: string): unknown {
  if (e instanceof UserError) return e;
  const code = String((e as { code?: unknown })?.code ?? '');
  const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
  if (isDamagedStoreError(e)) return new UserError(`the store ${file} is damaged (${reason}): ${MOVE_ASIDE}`, 'ESTORE_DAMAGED');
  if (/^SQLITE_READONLY/.test(code)) return new UserError(`the store ${file} is read-only (${reason}): make it writable or use another --out`, 'ESTORE_READONLY');
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return new UserError(`the store ${file} stayed locked by another process (${reason}): try again when it has finished`, 'ESTORE_BUSY');
  if (/^SQLITE_(FULL|IOERR)/.test(code)) return new UserError(`cannot write the store ${file} (${reason}): free disk space or use another --out`, 'ESTORE_IO');
  if (/^SQLITE_ERROR/.test(code) && /no such (table|column)/i.test(reason)) return foreignLayoutError(file, reason);
  return e;
}

/**
 * Before anything writes (even the switch to WAL rewrites the file header): a store of a newer
 * VideoInsight or of another program is refused and left exactly as it was.
 */
export function refuseUnusableStore(db: Db, file: string, list: readonly Migration[] = migrations): void {
  usableVersion(db, file, list);
}

/**
 * The store's version, read with its table list in one snapshot: read apart, a process that
 * migrates between the two reads would make its fresh tables look like another program's.
 */
function usableVersion(db: Db, file: string, list: readonly Migration[]): number {
  const latest = Math.max(...list.map((m) => m.version));
  return db.transaction(() => {
    const seen = db.pragma('user_version', { simple: true }) as number;
    if (seen > latest) throw newerSchemaError(file, seen, latest);
    if (seen === 0) refuseForeignTables(db, file, list);
    return seen;
  })();
}

/** Applies the missing migrations, each under the write lock; refuses a newer schema or a foreign layout. */
export function migrateStore(db: Db, file: string, list: readonly Migration[] = migrations): void {
  const latest = Math.max(...list.map((m) => m.version));
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const seen = usableVersion(db, file, list);
  for (const m of list) {
    if (m.version <= seen) continue;
    db.transaction(() => {
      // Re-read under the lock: another process may have applied it since we looked.
      const now = version();
      if (now > latest) throw newerSchemaError(file, now, latest);
      if (now >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  if (latest === LATEST_SCHEMA) checkLayout(db, file);
}

/** A store at version 0 with tables of its own (another program's database) is not ours to change. */
function refuseForeignTables(db: Db, file: string, list: readonly Migration[]): void {
  const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
  const ours = ourTables(list);
  // Tables of ours are left to the migrations under the lock; anything else is another program's.
  const foreign = names.filter((n) => !ours.has(n));
  if (foreign.length) throw foreignLayoutError(file, `tables ${foreign.slice(0, 5).join(', ')} and schema version 0`);
}

function checkLayout(db: Db, file: string): void {
  for (const [table, columns] of Object.entries(REQUIRED)) {
    const have = new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name));
    if (have.size === 0) throw foreignLayoutError(file, `no table ${table}`);
    const missing = columns.filter((c) => !have.has(c));
    if (missing.length) throw foreignLayoutError(file, `table ${table} lacks ${missing.join(', ')}`);
  }
}

/** Every table some migration creates, with the shadow tables SQLite's FTS5 keeps for a virtual table. */
function ourTables(list: readonly Migration[]): Set<string> {
  const out = new Set<string>();
  for (const m of list) {
    for (const t of m.sql.matchAll(/CREATE\s+(VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi)) {
      out.add(t[2]!);
      if (t[1]) for (const shadow of ['data', 'idx', 'docsize', 'config', 'content']) out.add(`${t[2]}_${shadow}`);
    }
  }
  return out;
}
