// One open team: the PostgreSQL pool (checked, migrated), the checkpoint and team stores on it, the
// task queue and a listener for wake-ups. Workers and submitters open the same thing.
import type { Pool } from 'pg';
import { openPgPool, describePgError, printablePgUrl } from '../../store/postgres/pgConnection';
import { PgCheckpointStore } from '../../store/postgres/pgCheckpointStore';
import { PgTeamStore } from '../../store/postgres/pgTeamStore';
import { PgListener } from '../../store/postgres/pgListener';
import { TaskQueue } from '../../store/postgres/taskQueue';

export class TeamConnection {
  private constructor(
    readonly url: string,
    readonly pool: Pool,
    readonly checkpoints: PgCheckpointStore,
    readonly team: PgTeamStore,
    readonly queue: TaskQueue,
    readonly listener: PgListener,
  ) {}

  /** `supervise`: this process runs the queue's lease expiry (workers do). */
  static async open(url: string, opts: { supervise: boolean; poolSize?: number }): Promise<TeamConnection> {
    const pool = await openPgPool(url, { max: opts.poolSize ?? 6 });
    try {
      const checkpoints = new PgCheckpointStore(pool);
      const queue = await TaskQueue.open(pool, {
        supervise: opts.supervise, maintenanceIntervalSec: Number(process.env.VIDEOINSIGHT_TEAM_MAINTENANCE_SEC) || 10,
      });
      return new TeamConnection(url, pool, checkpoints, new PgTeamStore(checkpoints), queue, new PgListener(url));
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw describePgError(e, url);
    }
  }

  /** The URL as logs and progress lines may show it: credentials masked. */
  get where(): string {
    return printablePgUrl(this.url);
  }

  async close(): Promise<void> {
    await this.listener.close();
    await this.queue.close().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
