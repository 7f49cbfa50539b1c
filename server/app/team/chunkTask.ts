// One chunk on a team worker: its FLAC from the database → the engine → its transcript, committed
// in one transaction with the task's completion (and the finish task, when it was the last one).
import type { EngineName } from '../../domain/types';
import { UserError } from '../../domain/errors';
import { decodeFlac } from '../../ingest/flacCodec';
import { pcmBytesToSamples, samplesToSec } from '../../ingest/pcmFile';
import type { Task } from '../../store/postgres/taskQueue';
import { PROGRESS_CHANNEL } from '../../store/postgres/pgTeamStore';
import { retryWhileDatabaseAway } from '../../store/postgres/pgRetry';
import type { EnginePool } from './enginePool';
import type { TeamConnection } from './teamConnection';
import { leaseSecFor, parseSpec } from './teamJobSpec';

export async function runChunkTask(conn: TeamConnection, task: Task, engines: EnginePool, signal: AbortSignal, ffmpegPath?: string): Promise<void> {
  const { jobId } = task.data;
  const idx = task.data.chunk ?? -1;
  const row = await conn.checkpoints.getJob(jobId);
  const chunk = (await conn.checkpoints.loadChunks(jobId)).find((c) => c.index === idx);
  const audio = await conn.team.loadChunkAudio(jobId, idx);
  if (!row || !chunk || !audio) throw new UserError(`chunk ${idx} of job ${jobId} has no audio in the database: resume the job from its submitter`, 'EUPLOAD');
  const spec = parseSpec(row.settings);
  const detected = await conn.checkpoints.loadStage<string>(jobId, 'language');
  const engine = await engines.get(row.engine as EngineName, await modelOf(conn, jobId));
  const samples = pcmBytesToSamples(await decodeFlac(audio.bytes, { ffmpegPath, signal }));
  // Counted as an attempt only now, just before the engine runs: "taken twice" means transcribed twice.
  const taken = await conn.team.takeChunk(jobId, idx);
  // Cancelled or failed meanwhile, or done by another worker whose lease had run out: nothing to do.
  if (!taken.todo) return conn.queue.complete(task);
  const transcript = await engine.transcribe(
    { chunk, samples, offsetSec: samplesToSec(chunk.startSample) },
    { language: detected ?? spec.language ?? 'auto', translate: spec.translate, signal },
  );
  // The transcription is the expensive part: a database restart at this moment is waited out.
  await retryWhileDatabaseAway(() => conn.team.commitChunk(jobId, transcript, async (exec, remaining) => {
    await conn.queue.complete(task, exec);
    if (remaining === 0) await conn.queue.send('finish', { jobId }, { leaseSec: leaseSecFor('finish'), exec });
  }), { signal });
  await conn.team.notify(PROGRESS_CHANNEL, jobId).catch(() => undefined); // submitters also look each second
}

async function modelOf(conn: TeamConnection, jobId: string): Promise<string | null> {
  const media = await conn.checkpoints.loadStage<{ meta: { model: string | null } }>(jobId, 'media');
  return media?.meta.model ?? null;
}
