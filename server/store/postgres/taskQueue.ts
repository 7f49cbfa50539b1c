// Team mode's task queue: pg-boss on our PostgreSQL (its own schema). pg-boss leases a task with
// SKIP LOCKED and an expiry per task (a worker killed with -9 loses its lease when the expiry
// passes; maintenance hands the task to the next worker), retries with backoff, and takes our
// transaction for send/complete, so a chunk's transcript and its task's completion commit together.
// Wake-ups are ours: NOTIFY on send (pg-boss 10 only polls).
import PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { SqlExecutor } from './pgExecutor';
import { poolExecutor } from './pgExecutor';

export const QUEUE_SCHEMA = 'videoinsight_queue';
export const TASKS_CHANNEL = 'videoinsight_tasks';

/** plan: acquire, decode, chunk and upload a job; chunk: transcribe one chunk; finish: analyse. */
export type TaskKind = 'plan' | 'chunk' | 'finish';
/** Finishing a job first, then planning, then chunks: a started job ends before new ones start. */
export const TASK_KINDS: readonly TaskKind[] = ['finish', 'plan', 'chunk'];

export interface TaskData {
  jobId: string;
  chunk?: number;
}

export interface Task {
  id: string;
  kind: TaskKind;
  data: TaskData;
  /** How many times pg-boss retried it (an expired lease, a worker handing it back). */
  retryCount: number;
}

export interface QueueOptions {
  /** Run pg-boss's maintenance (lease expiry) here: workers do, submitters need not. */
  supervise: boolean;
  maintenanceIntervalSec?: number;
}

const QUEUE_NAME: Record<TaskKind, string> = { plan: 'vi-plan', chunk: 'vi-chunk', finish: 'vi-finish' };

export class TaskQueue {
  private constructor(private readonly boss: PgBoss, private readonly pool: Pool) {}

  static async open(pool: Pool, opts: QueueOptions): Promise<TaskQueue> {
    const boss = new PgBoss({
      db: poolExecutor(pool), schema: QUEUE_SCHEMA, supervise: opts.supervise, schedule: false, migrate: true,
      maintenanceIntervalSeconds: opts.maintenanceIntervalSec ?? 10,
    });
    // A database restart surfaces as errors from pg-boss's timers; the pool reconnects by itself.
    boss.on('error', () => undefined);
    // Processes starting together on a new database would run pg-boss's install together, and
    // PostgreSQL's CREATE SCHEMA IF NOT EXISTS is not safe under concurrency (one of them fails on
    // pg_namespace's unique index): one start at a time per database, by a session advisory lock.
    const lock = await pool.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext('videoinsight queue start'))`);
      await boss.start();
      // The queues too; the retry stays for a database that older workers (without this lock) share.
      for (let attempt = 1; ; attempt++) {
        try {
          for (const kind of TASK_KINDS) if (!(await boss.getQueue(QUEUE_NAME[kind]))) await boss.createQueue(QUEUE_NAME[kind]);
          break;
        } catch (e) {
          if (attempt >= 8) throw e;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 400 * attempt));
        }
      }
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('videoinsight queue start'))`).catch(() => undefined);
      lock.release();
    }
    return new TaskQueue(boss, pool);
  }

  /** Queues a task; with `exec` inside the caller's transaction. */
  async send(kind: TaskKind, data: TaskData, opts: { leaseSec: number; exec?: SqlExecutor }): Promise<void> {
    await this.boss.send(QUEUE_NAME[kind], { ...data }, {
      expireInSeconds: Math.max(1, Math.round(opts.leaseSec)), retryLimit: 20, retryDelay: 1, retryBackoff: true,
      ...(opts.exec ? { db: opts.exec } : {}),
    });
    await (opts.exec ?? poolExecutor(this.pool)).executeSql(`SELECT pg_notify('${TASKS_CHANNEL}', $1)`, [kind]);
  }

  /** Leases the next task of this kind, or null when there is none (or the database is away). */
  async fetch(kind: TaskKind): Promise<Task | null> {
    const [job] = (await this.boss.fetch<TaskData>(QUEUE_NAME[kind], { batchSize: 1, includeMetadata: true })) as PgBoss.JobWithMetadata<TaskData>[];
    if (!job) return null;
    return { id: job.id, kind, data: job.data, retryCount: job.retryCount };
  }

  async complete(task: Task, exec?: SqlExecutor): Promise<void> {
    await this.boss.complete(QUEUE_NAME[task.kind], task.id, {}, exec ? { db: exec } : {});
  }

  /** Gives the task back for a retry (a stopping worker, a transient failure). */
  async handBack(task: Task, reason: string): Promise<void> {
    await this.boss.fail(QUEUE_NAME[task.kind], task.id, { reason });
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false, wait: true, timeout: 1000 });
  }
}
