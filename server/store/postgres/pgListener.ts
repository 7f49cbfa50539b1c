// LISTEN on a dedicated connection that comes back by itself: a database restart costs a wake-up
// or two, never the listener. Callers still look at the database at least every few seconds, so a
// notification lost while reconnecting only delays them.
import pg from 'pg';

export class PgListener {
  private client: pg.Client | null = null;
  private readonly handlers = new Map<string, ((payload: string) => void)[]>();
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {}

  /** Handlers of channels added after start() are called from the next (re)connection on. Returns: remove it. */
  on(channel: string, handler: (payload: string) => void): () => void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    if (this.client) void this.client.query(`LISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
    return () => this.handlers.set(channel, (this.handlers.get(channel) ?? []).filter((h) => h !== handler));
  }

  /** Resolves once listening (or after the first failed try: it keeps trying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000 });
    client.on('error', () => this.reconnectSoon(client));
    client.on('end', () => this.reconnectSoon(client));
    client.on('notification', (n) => {
      for (const h of this.handlers.get(n.channel) ?? []) h(n.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      this.client = client;
      // Whatever was sent while we were away: every handler looks once.
      for (const [, hs] of this.handlers) for (const h of hs) h('');
    } catch {
      this.reconnectSoon(client);
    }
  }

  private reconnectSoon(client: pg.Client): void {
    if (this.client === client) this.client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, 1000);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
