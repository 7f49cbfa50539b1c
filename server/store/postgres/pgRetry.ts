// Riding out a database restart: an operation that failed because PostgreSQL went away (shutting
// down, not accepting connections yet, the connection cut) is tried again each second for a while;
// any other failure is the caller's at once.
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

export function isDatabaseAway(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  if (TRANSIENT_CODES.has(String(err?.code ?? ''))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|the database system is (shutting down|starting up)/i.test(String(err?.message ?? ''));
}

export async function retryWhileDatabaseAway<T>(fn: () => Promise<T>, opts: { limitMs?: number; signal?: AbortSignal } = {}): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!isDatabaseAway(e) || Date.now() - t0 > (opts.limitMs ?? 120_000) || opts.signal?.aborted) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
