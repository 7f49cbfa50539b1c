// `videoinsight worker --queue URL`: lanes that take tasks (finish first, then plan, then chunks)
// until stopped. A stopping worker hands its tasks back; a killed one loses them until their
// leases expire. A task's own failure (bad source, missing model) fails its job with one line;
// anything else (the database away) gives the task back for a retry.
import os from 'node:os';
import { userCacheDir } from '../../domain/cacheDir';
import { isCancellation, UserError } from '../../domain/errors';
import { oneLineText } from '../../domain/terminalText';
import { openDatabase, storePathFor } from '../../store/database';
import { PROGRESS_CHANNEL, CANCEL_CHANNEL } from '../../store/postgres/pgTeamStore';
import { TASK_KINDS, TASKS_CHANNEL, type Task } from '../../store/postgres/taskQueue';
import { retryWhileDatabaseAway } from '../../store/postgres/pgRetry';
import { planParallelism, whisperWorkerBytes } from '../../ingest/transcribe/parallelism';
import { lazyEmbedder } from '../embedders';
import { EnginePool } from './enginePool';
import { runChunkTask } from './chunkTask';
import { runFinishTask } from './finishTask';
import { planTeamJob } from './planner';
import { TeamConnection } from './teamConnection';
import { TeamJobContext } from './teamJobContext';
import { parseSpec } from './teamJobSpec';
import { WakeUp } from './wakeUp';

export interface WorkerOptions {
  queueUrl: string;
  /** Tasks at once (default: what this machine's cores and memory allow for whisper). */
  concurrency?: number;
  /** Downloads, decoded audio and the embedding cache of this worker. */
  workDir: string;
  ffmpegPath?: string;
  ytDlpPath?: string;
  /** Aborted: stop taking tasks, hand back the running ones, return. */
  stop: AbortSignal;
  log: (line: string) => void;
}

/** A 150 MB model (base) is the yardstick: lanes = whisper contexts this machine can run at once. */
export function defaultConcurrency(): number {
  return planParallelism({
    cores: os.availableParallelism(), freeMemBytes: os.freemem(), engine: 'whisper', perWorkerBytes: whisperWorkerBytes(150e6),
    threadPoolSize: Number(process.env.UV_THREADPOOL_SIZE) || 4,
  }).workers;
}

interface Running {
  task: Task;
  controller: AbortController;
}

export async function runWorker(opts: WorkerOptions): Promise<void> {
  const lanes = opts.concurrency ?? defaultConcurrency();
  const conn = await TeamConnection.open(opts.queueUrl, { supervise: true, poolSize: lanes + 2 });
  const wake = new WakeUp();
  const running = new Set<Running>();
  conn.listener.on(TASKS_CHANNEL, () => wake.fire());
  conn.listener.on(CANCEL_CHANNEL, (jobId) => {
    for (const r of running) if (r.task.data.jobId === jobId) r.controller.abort();
  });
  await conn.listener.start();
  const onStop = () => {
    wake.fire();
    for (const r of running) r.controller.abort();
  };
  opts.stop.addEventListener('abort', onStop, { once: true });
  const db = openDatabase(storePathFor(opts.workDir));
  const engines = new EnginePool(opts.log);
  opts.log(`worker: ${lanes} lane(s) on ${conn.where}`);

  const take = async (): Promise<Task | null> => {
    for (const kind of TASK_KINDS) {
      const t = await conn.queue.fetch(kind);
      if (t) return t;
    }
    return null;
  };

  const run = async (task: Task, signal: AbortSignal): Promise<void> => {
    if (task.kind === 'chunk') return runChunkTask(conn, task, engines, signal, opts.ffmpegPath);
    const row = await conn.checkpoints.getJob(task.data.jobId);
    const spec = row ? parseSpec(row.settings) : null;
    if (task.kind === 'finish') return runFinishTask(conn, task, lazyEmbedder(spec?.embedding ?? { kind: 'use-lite' }, db), opts.workDir, signal, opts.log);
    if (!row || !spec || row.status !== 'running') return conn.queue.complete(task);
    const job = new TeamJobContext(conn, task.data.jobId, spec, { signal, log: opts.log }, lazyEmbedder(spec.embedding, db), opts.workDir, opts);
    await planTeamJob(job, spec, { canReadSource: !spec.upload });
    await job.flush();
    await conn.queue.complete(task);
  };

  const settle = async (task: Task, controller: AbortController, e: unknown): Promise<void> => {
    const jobId = task.data.jobId;
    if (opts.stop.aborted) return retryWhileDatabaseAway(() => conn.queue.handBack(task, 'the worker stopped'), { limitMs: 10_000 });
    if (controller.signal.aborted || isCancellation(e, controller.signal)) return conn.queue.complete(task); // the job was cancelled
    if (e instanceof UserError) {
      opts.log(`job ${jobId} failed: ${oneLineText(e.message)}`);
      await conn.checkpoints.setStatus(jobId, 'failed', oneLineText(e.message));
      await conn.queue.complete(task);
      await conn.team.notify(PROGRESS_CHANNEL, jobId);
      return;
    }
    opts.log(`task ${task.kind} of job ${jobId} will be retried: ${oneLineText(String((e as Error)?.message ?? e))}`);
    // Handed back as soon as the database is there again, rather than after the task's lease.
    await retryWhileDatabaseAway(() => conn.queue.handBack(task, String((e as Error)?.message ?? e)));
  };

  const lane = async (): Promise<void> => {
    while (!opts.stop.aborted) {
      const task = await take().catch(() => null);
      if (!task) {
        await wake.wait(1000, opts.stop);
        continue;
      }
      const r: Running = { task, controller: new AbortController() };
      running.add(r);
      try {
        await run(task, r.controller.signal);
      } catch (e) {
        await settle(task, r.controller, e).catch(() => undefined); // the database is away: the lease expires instead
      } finally {
        running.delete(r);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    opts.stop.removeEventListener('abort', onStop);
    await engines.close();
    db.close();
    await conn.close();
  }
}

/** Where a worker keeps its downloads and caches when not told: the user's cache folder. */
export function defaultWorkDir(): string {
  return userCacheDir('worker');
}
