// A team job's plan, made once by whoever can read the source (a worker for a URL, the submitter
// for its own local file): acquire, choose the engine, decode, cut chunks at pauses, and put each
// chunk's audio (FLAC) in the database, then queue one task per chunk. Planning again (a resume,
// a planner whose lease ran out) reuses a finished plan and queues only what is left.
import type { AcquiredMedia } from '../../domain/types';
import { UserError } from '../../domain/errors';
import { formatClock } from '../../domain/time';
import { encodeFlac } from '../../ingest/flacCodec';
import { readPcmBytes, samplesToSec } from '../../ingest/pcmFile';
import type { NotesMeta } from '../../render/notesRenderer';
import { chooseModelPath, createSpeechEngine } from '../engineFactory';
import { chooseEngineFor } from '../engineChoice';
import { slugFor } from '../jobIdentity';
import { sanitizeAcquired } from '../jobSafety';
import { acquireInto, sourceDirFor } from '../sourceFolder';
import { decodeOnce, planChunks, prepareEngine, transcribeFromCaptions } from '../transcription';
import type { TeamConnection } from './teamConnection';
import type { TeamJobContext } from './teamJobContext';
import { leaseSecFor, type TeamJobSpec } from './teamJobSpec';

/** What the submitter needs to render the notes as a local run would. */
export interface TeamJobMedia {
  meta: NotesMeta;
  engineReason: string;
  media: Omit<AcquiredMedia, 'mediaPath' | 'captions'>;
}

export async function planTeamJob(job: TeamJobContext, spec: TeamJobSpec, opts: { canReadSource: boolean }): Promise<void> {
  const { checkpoints } = job.conn;
  if (await checkpoints.loadStage<boolean>(job.jobId, 'planned')) return queueRemaining(job.conn, job.jobId);
  if (!opts.canReadSource) {
    throw new UserError(`the upload of ${spec.entry} did not finish: run \`videoinsight notes\` again on the machine that has the file`, 'EUPLOAD');
  }
  const workDir = job.outDir;
  const sourceDir = sourceDirFor(workDir, spec.sourceKey);
  const modelPath = chooseModelPath({ model: spec.model ?? undefined, engine: spec.engine, quality: spec.quality });
  const media = sanitizeAcquired(await acquireInto(workDir, spec.entry, sourceDir, { ytDlpPath: job.req.ytDlpPath, signal: job.signal, log: job.hooks.log }));
  const { engine, reason, track, settings } = chooseEngineFor(spec, spec.quality, media, modelPath, spec.entry);
  job.useEngine(engine);
  await checkpoints.describeJob(job.jobId, { title: media.title, slug: slugFor(media.title, spec.sourceKey), durationSec: media.durationSec, engine });
  const { mediaPath: _path, captions: _captions, ...portable } = media;
  const described: TeamJobMedia = {
    meta: { title: media.title, source: spec.entry, webpageUrl: media.webpageUrl, durationSec: media.durationSec, engine, model: settings.model },
    engineReason: reason, media: portable,
  };
  await checkpoints.saveStage(job.jobId, 'media', described);
  job.progress('acquire', 1, `${media.title} (${formatClock(media.durationSec)})`);

  if (engine === 'captions') {
    await transcribeFromCaptions(job, media, track!);
  } else {
    const audio = await decodeOnce(job, media, sourceDir);
    const { planned } = await planChunks(job, audio, media);
    if (engine === 'whisper' && (spec.language ?? 'auto') === 'auto') {
      // Language detection looks across the whole job: the planner does it once, for every chunk.
      const speech = await createSpeechEngine(engine, modelPath, { log: job.hooks.log });
      try {
        await prepareEngine(job, speech, audio, planned);
      } finally {
        await speech.close();
      }
    }
    const todo = planned.filter((c) => !c.done);
    const have = await job.conn.team.chunksWithAudio(job.jobId);
    for (const [i, c] of todo.entries()) {
      if (have.has(c.index)) continue;
      const flac = await encodeFlac(await readPcmBytes(audio.pcmPath, c.startSample, c.endSample), { ffmpegPath: job.req.ffmpegPath, signal: job.signal });
      await job.conn.team.saveChunkAudio(job.jobId, c.index, 'flac', flac);
      job.progress('segment', (i + 1) / todo.length, `uploading chunk audio (${i + 1} of ${todo.length})`);
    }
  }
  await checkpoints.saveStage(job.jobId, 'planned', true);
  await queueRemaining(job.conn, job.jobId);
}

/** One task per chunk not transcribed yet; the finish task when there is none. */
export async function queueRemaining(conn: TeamConnection, jobId: string): Promise<void> {
  const todo = (await conn.checkpoints.loadChunks(jobId)).filter((c) => !c.done);
  if (todo.length === 0) {
    await conn.queue.send('finish', { jobId }, { leaseSec: leaseSecFor('finish') });
    return;
  }
  for (const c of todo) {
    await conn.queue.send('chunk', { jobId, chunk: c.index }, { leaseSec: leaseSecFor('chunk', samplesToSec(c.endSample - c.startSample)) });
  }
}
