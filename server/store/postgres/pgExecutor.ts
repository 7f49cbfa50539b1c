// A pool, or the client of an open transaction, behind the executor shape pg-boss takes, so its
// sends and completions can join our transactions.
import type { Pool, PoolClient, QueryResultRow } from 'pg';

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: QueryResultRow[] }>;
}

export function poolExecutor(pool: Pool): SqlExecutor {
  return { executeSql: (text, values) => pool.query(text, values) };
}

export function clientExecutor(client: PoolClient): SqlExecutor {
  return { executeSql: (text, values) => client.query(text, values) };
}
