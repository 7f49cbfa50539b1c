// The last step on a worker once every chunk has landed: the analysis (sections, key points,
// concepts, graph), saved as the job's checkpoint, and a URL video's keyframes; the submitters
// render them into their folders.
import type { Embedder } from '../../domain/analysis';
import { analyzeOnce } from '../job';
import type { Task } from '../../store/postgres/taskQueue';
import { PROGRESS_CHANNEL } from '../../store/postgres/pgTeamStore';
import type { TeamConnection } from './teamConnection';
import { TeamJobContext } from './teamJobContext';
import type { TeamJobMedia } from './planner';
import { parseSpec } from './teamJobSpec';
import { cutTeamFrames } from './teamFrames';
import { isCancellation } from '../../domain/errors';
import { oneLineText } from '../../domain/terminalText';

export async function runFinishTask(conn: TeamConnection, task: Task, embedder: Embedder, workDir: string, signal: AbortSignal, log?: (line: string) => void): Promise<void> {
  const { jobId } = task.data;
  const row = await conn.checkpoints.getJob(jobId);
  const described = await conn.checkpoints.loadStage<TeamJobMedia>(jobId, 'media');
  if (!row || row.status !== 'running' || !described) return conn.queue.complete(task);
  const spec = parseSpec(row.settings);
  const job = new TeamJobContext(conn, jobId, spec, { signal, log }, embedder, workDir);
  job.useEngine(described.meta.engine);
  const analysis = await analyzeOnce(job, described.media);
  if (!spec.upload && described.media.hasVideo) {
    try {
      await cutTeamFrames(conn, job, spec, analysis);
    } catch (e) {
      if (isCancellation(e, signal)) throw e;
      log?.(`job ${jobId}: no keyframes (${oneLineText(String((e as Error)?.message ?? e))})`); // notes without pictures beat no notes
    }
  }
  await job.flush();
  await conn.team.dropChunkAudio(jobId);
  await conn.checkpoints.setStatus(jobId, 'done');
  await conn.queue.complete(task);
  await conn.team.notify(PROGRESS_CHANNEL, jobId);
}
