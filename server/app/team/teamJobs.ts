// `videoinsight jobs … --queue URL`: the team's jobs, and cancel / resume by id. A cancel reaches
// the workers at once (NOTIFY): a chunk in progress is stopped, queued ones are dropped when taken.
import { UserError } from '../../domain/errors';
import { maskCredentials } from '../../domain/safeUrl';
import { CANCEL_CHANNEL, PROGRESS_CHANNEL } from '../../store/postgres/pgTeamStore';
import type { JobSummary } from '../jobTypes';
import { TeamConnection } from './teamConnection';
import { leaseSecFor } from './teamJobSpec';

export async function withTeamConnection<T>(queueUrl: string, fn: (conn: TeamConnection) => Promise<T>): Promise<T> {
  const conn = await TeamConnection.open(queueUrl, { supervise: false, poolSize: 2 });
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

export async function listTeamJobs(conn: TeamConnection): Promise<JobSummary[]> {
  return (await conn.checkpoints.listJobs()).map((j) => ({
    id: j.id, source: maskCredentials(j.source), status: j.status, title: j.title, slug: j.slug, engine: j.engine,
    durationSec: j.durationSec, error: j.error, updatedAt: j.updatedAt,
  }));
}

export async function cancelTeamJob(conn: TeamConnection, jobId: string): Promise<void> {
  const row = await conn.checkpoints.getJob(jobId);
  if (!row) throw new UserError(`no team job ${jobId}`, 'ENOJOB');
  if (row.status !== 'running') return;
  await conn.checkpoints.setStatus(jobId, 'cancelled');
  await conn.team.notify(CANCEL_CHANNEL, jobId);
  await conn.team.notify(PROGRESS_CHANNEL, jobId);
}

/** A failed or cancelled job runs again from its checkpoints: only what is missing is redone. */
export async function resumeTeamJob(conn: TeamConnection, jobId: string): Promise<'resumed' | 'running' | 'done'> {
  const row = await conn.checkpoints.getJob(jobId);
  if (!row) throw new UserError(`no team job ${jobId}`, 'ENOJOB');
  const claim = await conn.team.claimJob(jobId, row.source, row.settings, async (exec) => {
    await conn.queue.send('plan', { jobId }, { leaseSec: leaseSecFor('plan'), exec });
  });
  return claim === 'running' || claim === 'done' ? claim : 'resumed';
}
