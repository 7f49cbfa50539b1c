// Opening team mode's PostgreSQL: the URL is checked, one connection is made up front (with a
// timeout) so a bad URL, an unreachable server, a wrong password or a missing database fails at
// once as ONE line naming the URL with its credentials masked, and the schema is migrated (or a
// newer one refused). Idle clients dropped by a server restart do not crash the process.
import pg from 'pg';
import { UserError } from '../../domain/errors';
import { maskCredentials } from '../../domain/safeUrl';
import { safeMessage } from '../../domain/terminalText';
import { migratePg, pgNewerSchemaError, pgSchemaVersion, PG_LATEST_SCHEMA } from './pgSchema';

export interface OpenPgOptions {
  /** How long connecting may take before it counts as unreachable (ms, default 5000). */
  connectTimeoutMs?: number;
  /** Pool size (default 10). */
  max?: number;
  /** Create or upgrade the schema (default true); a newer schema is refused either way. */
  migrate?: boolean;
  /** Errors of idle clients (the server restarted or dropped them), already one line and masked. Default: ignored; the pool reconnects on the next query. */
  onIdleError?: (error: UserError) => void;
}

// Written so that masking credentials in printed lines leaves the example readable.
const EXPECTED = 'expected postgres:// then user:password@host:5432/database';

/** The URL as it may be printed: credentials masked, one short line; a non-URL is not echoed. */
export function printablePgUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return '(not a URL)';
  return safeMessage(maskCredentials(url), 200, 200);
}

/** Checks that `url` is a postgres:// (or postgresql://) URL; returns it masked for messages. */
export function checkPgUrl(url: string): string {
  const where = printablePgUrl(url);
  // The WHATWG parser would drop a newline or tab silently: a URL has none.
  if (/[\s\x00-\x1f\x7f]/.test(url)) throw new UserError(`not a PostgreSQL URL: ${where} (spaces or control characters in it; ${EXPECTED})`, 'EPG_URL');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`not a PostgreSQL URL: ${where} (${EXPECTED})`, 'EPG_URL');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new UserError(`not a PostgreSQL URL: ${where} (${EXPECTED})`, 'EPG_URL');
  }
  return where;
}

function secretsOf(url: string): string[] {
  try {
    const p = new URL(url).password;
    if (!p) return [];
    let decoded = p;
    try {
      decoded = decodeURIComponent(p);
    } catch {
      /* keep it raw */
    }
    return [...new Set([p, decoded])].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

/** A driver or server error's own text, one line, with the URL's password never in it. */
function reasonOf(e: unknown, url: string): string {
  const err = e as { message?: unknown; code?: unknown; errors?: unknown };
  let text = typeof err?.message === 'string' && err.message ? err.message : '';
  // Node 20's happy-eyeballs connect reports an AggregateError with an empty message.
  if (!text && Array.isArray(err?.errors)) text = err.errors.map((x: { message?: string }) => x?.message ?? String(x)).join('; ');
  if (!text) text = typeof err?.code === 'string' ? err.code : String(e);
  for (const s of secretsOf(url)) text = text.split(s).join('***');
  return safeMessage(maskCredentials(text), 200, 300);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ENOENT', '57P03']);

/**
 * Any failure while connecting to or using the database at `url` → one line naming the masked URL
 * and what to do. UserErrors pass through.
 */
export function describePgError(e: unknown, url: string): UserError {
  if (e instanceof UserError) return e;
  const where = printablePgUrl(url);
  const code = String((e as { code?: unknown })?.code ?? '');
  const reason = reasonOf(e, url);
  if (code === '28P01' || code === '28000') {
    return new UserError(`PostgreSQL at ${where} refused the login: ${reason} (check the user and password in the URL)`, 'EPG_AUTH');
  }
  if (/SASL|password must be a string|password authentication/i.test(reason)) {
    return new UserError(`PostgreSQL at ${where} needs a password: ${reason} (put it in the URL: postgres://user:password@host/db)`, 'EPG_AUTH');
  }
  if (code === '3D000') {
    return new UserError(`PostgreSQL at ${where}: ${reason} (create it, e.g. createdb NAME, or fix the URL)`, 'EPG_NODB');
  }
  if (UNREACHABLE.has(code) || /timeout|timed out|terminated unexpectedly|Connection terminated/i.test(reason)) {
    return new UserError(`cannot reach PostgreSQL at ${where}: ${reason} (is the server running and the host and port right?)`, 'EPG_UNREACHABLE');
  }
  return new UserError(`PostgreSQL at ${where} failed: ${reason}`, 'EPG');
}

/**
 * A pool on `url`, checked by one connection (timeout `connectTimeoutMs`) and migrated. Every
 * failure is a one-line UserError with the URL masked: not a postgres URL (EPG_URL), unreachable
 * or refused (EPG_UNREACHABLE), wrong user or password (EPG_AUTH), no such database (EPG_NODB),
 * a schema newer than ours (EPG_NEWER). Close it with `pool.end()`.
 */
export async function openPgPool(url: string, opts: OpenPgOptions = {}): Promise<pg.Pool> {
  const where = checkPgUrl(url);
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: url,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      max: opts.max ?? 10,
      keepAlive: true,
      application_name: 'videoinsight',
    });
  } catch (e) {
    throw new UserError(`not a usable PostgreSQL URL: ${where} (${reasonOf(e, url)}; ${EXPECTED})`, 'EPG_URL');
  }
  // An idle client whose connection dies (server restart, admin kill) is dropped by the pool, which
  // then emits 'error': without a listener that would crash the process.
  pool.on('error', (e) => opts.onIdleError?.(describePgError(e, url)));
  try {
    const client = await pool.connect();
    client.release();
    if (opts.migrate !== false) await migratePg(pool, where);
    else {
      const seen = await pgSchemaVersion(pool);
      if (seen > PG_LATEST_SCHEMA) throw pgNewerSchemaError(where, seen);
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw describePgError(e, url);
  }
  return pool;
}
