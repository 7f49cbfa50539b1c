// One job, the stage sequence and nothing else: acquire → choose engine → transcribe → analyze →
// render → index. Every stage's output is a checkpoint in the store, so running the same request
// again resumes where it stopped, and a finished job only re-renders.
import fs from 'node:fs';
import path from 'node:path';
import type { AcquiredMedia } from '../domain/types';
import type { Analysis, Embedder } from '../domain/analysis';
import { CancelledError, UserError, isCancellation, throwIfCancelled } from '../domain/errors';
import { formatClock, formatDuration } from '../domain/time';
import { removeStaleTempFiles } from '../domain/staleTemp';
import { parseSource, sourceKey } from '../ingest/acquire';
import type { Db } from '../store/database';
import { SqliteCheckpointStore } from '../store/sqliteCheckpointStore';
import type { NotesMeta } from '../render/notesRenderer';
import { acquireInto, sourceDirFor } from './sourceFolder';
import { chooseModelPath } from './engineFactory';
import { chooseEngineFor } from './engineChoice';
import { renderFinal } from './finalRender';
import { jobIdFor, slugFor } from './jobIdentity';
import { JobContext } from './jobContext';
import { withJobLock } from './jobLock';
import { DEFAULT_MAX_DURATION_SEC, type NotesHooks, type NotesRequest, type NotesResult } from './jobTypes';
import { indexNotes } from './searchService';
import { removeIfEmpty, sanitizeAcquired, settleFailedJob } from './jobSafety';
import { transcribeFromCaptions, transcribeSpeech } from './transcription';

export async function runJob(req: NotesRequest, hooks: NotesHooks, db: Db, embedder: Embedder, outDir: string, entry: string): Promise<NotesResult> {
  const job = new JobContext(req, hooks, new SqliteCheckpointStore(db), embedder, outDir);
  const signal = job.signal;
  const key = sourceKey(parseSource(entry));
  const sourceDir = sourceDirFor(outDir, key);

  // A bad model fails before any download. No progress line before the source is known to be
  // good: bad input gets one line, the error.
  const modelPath = chooseModelPath({ model: req.model, engine: req.engine, quality: job.quality });
  // A library's AbortError (yt-dlp, fetch) becomes our CancelledError: the CLI exits 130 on it.
  const media = sanitizeAcquired(await acquireInto(outDir, entry, sourceDir, { ytDlpPath: req.ytDlpPath, signal, log: hooks.log })
    .catch((e: unknown) => {
      removeIfEmpty(sourceDir);
      throw isCancellation(e, signal) ? new CancelledError() : e;
    }));
  throwIfCancelled(signal);
  const maxSec = req.maxDurationSec ?? DEFAULT_MAX_DURATION_SEC;
  if (media.durationSec > maxSec) {
    // The download stays in the source folder: a re-run with a higher limit starts from it.
    throw new UserError(`${media.title} lasts ${formatDuration(media.durationSec)}, over the limit of ${formatDuration(maxSec)}: pass --max-hours ${Math.ceil(media.durationSec / 3600)} (or more) to take it`, 'ETOOLONG');
  }

  // Choose the engine: it is part of the job's identity (another engine makes other notes).
  const { engine, reason, track, settings } = chooseEngineFor(req, job.quality, media, modelPath, entry);
  job.log(`engine: ${engine} (${reason})`);
  job.useEngine(engine);
  job.jobId = jobIdFor(key, settings);
  if (req.regenerateJobId && req.regenerateJobId !== job.jobId) {
    throw new UserError('cannot regenerate: the current engine, model, language or quality make a different job (it would transcribe again); run Generate Notes for that', 'EREGENERATE');
  }
  return withJobLock(outDir, job.jobId, { signal, log: hooks.log }, async () => {
    // Regenerating drops the analysis checkpoint only; the transcript's chunks stay, so none is redone.
    if (req.regenerateJobId) await job.store.clearStage(job.jobId, 'analyze');
    const existing = await job.store.getJob(job.jobId);
    await job.store.startJob(job.jobId, key, settings);
    const slug = slugFor(media.title, key);
    await job.store.describeJob(job.jobId, { title: media.title, slug, durationSec: media.durationSec, engine });
    job.progress('acquire', 1, `${media.title} (${formatClock(media.durationSec)})`);
    const notesDir = path.join(outDir, slug);
    cleanStaleTemps(notesDir, hooks.log);
    const meta: NotesMeta = {
      title: media.title, source: entry, webpageUrl: media.webpageUrl, durationSec: media.durationSec,
      engine, model: settings.model,
    };

    try {
      let resumedChunks = 0;
      // A done job's transcript is complete: re-rendering or regenerating needs no transcription.
      const transcribed = existing?.status === 'done' && (req.regenerateJobId !== undefined || (await job.store.loadStage<Analysis>(job.jobId, 'analyze')) !== undefined);
      if (!transcribed) {
        if (engine === 'captions') await transcribeFromCaptions(job, media, track!);
        else resumedChunks = await transcribeSpeech(job, media, sourceDir, engine, modelPath, meta, notesDir);
      } else {
        job.log(req.regenerateJobId ? 'regenerating: analysing the stored transcript again' : 'this job is finished: re-rendering its notes from the store');
      }
      throwIfCancelled(signal);
      const analysis = await analyzeOnce(job, media);
      const result = await renderFinal(job, meta, analysis, notesDir, media);
      if (!req.skipIndex) {
        job.progress('index', 0, 'indexing the notes for search');
        await indexNotes(db, outDir, embedder, { signal });
      }
      await job.store.setStatus(job.jobId, 'done');
      job.progress('index', 1, 'done');
      return { ...result, jobId: job.jobId, engine, engineReason: reason, durationSec: media.durationSec, title: media.title, resumedChunks };
    } catch (e) {
      const cancelled = signal?.aborted === true;
      // A finished job whose re-render failed stays done (also on a read error); a cancelled one has no error to show.
      await settleFailedJob(job.store, job.jobId, existing?.status, cancelled, e);
      if (cancelled) throw new CancelledError();
      throw e;
    }
  });
}

/** The analysis checkpoint: loaded when an earlier run (or another worker) made it, else made and saved. */
export async function analyzeOnce(job: JobContext, media: Pick<AcquiredMedia, 'chapters' | 'durationSec'>): Promise<Analysis> {
  const saved = await job.store.loadStage<Analysis>(job.jobId, 'analyze');
  if (saved) return saved;
  job.progress('analyze', 0, 'finding topics, key points and concepts');
  const analysis = await job.analyze(await job.store.loadSegments(job.jobId), media, (f) => job.progress('analyze', f, 'finding topics, key points and concepts'));
  await job.store.saveStage(job.jobId, 'analyze', analysis);
  return analysis;
}

/**
 * Temporary files a killed run left in the notes folder and its frames/ go before this run writes
 * (only a real folder's: a symlinked frames/ is refused later and never read here).
 */
function cleanStaleTemps(notesDir: string, log: ((line: string) => void) | undefined): void {
  let removed = removeStaleTempFiles(notesDir);
  const frames = path.join(notesDir, 'frames');
  try {
    if (fs.lstatSync(frames).isDirectory()) removed += removeStaleTempFiles(frames);
  } catch {
    /* no frames folder */
  }
  if (removed > 0) log?.(`removed ${removed} temporary file${removed === 1 ? '' : 's'} left by an interrupted run`);
}
