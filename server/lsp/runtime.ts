// Reports the backend's runtime and proves its native store loads (better-sqlite3 is ABI-specific).
import type { RuntimeInfoRequest } from '../protocol/lspMessages';

export function runtimeInfo(): RuntimeInfoRequest.Result {
  const base = { pid: process.pid, node: process.version, abi: process.versions.modules, execPath: process.execPath };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(':memory:');
    const row = db.prepare('select sqlite_version() as v').get() as { v: string };
    db.close();
    return { ...base, sqlite: row.v, error: null };
  } catch (e) {
    return { ...base, sqlite: null, error: e instanceof Error ? e.message : String(e) };
  }
}
