// `videoinsight notes SRC --queue URL`: the team runs the job, this machine gets the notes. The
// job is submitted (or joined: same source and settings = one job), a local file is planned and
// uploaded from here (workers cannot see it), progress follows from the database, and the finished
// analysis is rendered into --out by the same code as a local run, so the notes are the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import type { AcquiredMedia, ProgressEvent } from '../../domain/types';
import type { Analysis, Embedder } from '../../domain/analysis';
import { CancelledError, throwIfCancelled, UserError } from '../../domain/errors';
import { maskCredentials } from '../../domain/safeUrl';
import { expandSource, fileFingerprint, parseSource, sourceKey } from '../../ingest/acquire';
import { openDatabase, storePathFor, type Db } from '../../store/database';
import { PROGRESS_CHANNEL, type TeamProgress } from '../../store/postgres/pgTeamStore';
import { describePgError } from '../../store/postgres/pgConnection';
import { isDatabaseAway } from '../../store/postgres/pgRetry';
import { ensureDirInside } from '../../render/outputFolder';
import { lazyEmbedder } from '../embedders';
import { renderFinal } from '../finalRender';
import { JobContext } from '../jobContext';
import type { NotesHooks, NotesRequest, NotesResult } from '../jobTypes';
import { sanitizeAcquired } from '../jobSafety';
import { indexNotes } from '../searchService';
import { acquireInto, sourceDirFor } from '../sourceFolder';
import { leaseSecFor, teamJobIdFor, type TeamJobSpec } from './teamJobSpec';
import { planTeamJob, type TeamJobMedia } from './planner';
import { TeamConnection } from './teamConnection';
import { TeamJobContext } from './teamJobContext';
import { WakeUp } from './wakeUp';
import { writeTeamFrames } from './teamFrames';
import { cancelTeamJob } from './teamJobs';

/** How long a submitter waits for a database that went away (a restart) before giving up. */
const DATABASE_AWAY_LIMIT_MS = 120_000;
/** A planning submitter writes progress at least every few seconds; this long without any, it is gone. */
const ABANDONED_UPLOAD_MS = Number(process.env.VIDEOINSIGHT_TEAM_ABANDONED_SEC ?? 120) * 1000;

export interface TeamNotesRequest extends NotesRequest {
  queueUrl: string;
}

/** Submits every entry of the source (a playlist: one job each); returns the team job ids. */
export async function submitTeamJobs(req: TeamNotesRequest, hooks: NotesHooks = {}): Promise<string[]> {
  return withTeam(req, hooks, async (conn, outDir, _db, embedder) => {
    const ids: string[] = [];
    for (const entry of await entriesOf(req, outDir, hooks)) ids.push((await submitOne(conn, req, hooks, outDir, entry, embedder)).jobId);
    return ids;
  });
}

/** Submits (or joins) every entry, follows each to the end and writes its notes under --out. */
export async function teamNotes(req: TeamNotesRequest, hooks: NotesHooks = {}): Promise<NotesResult[]> {
  return withTeam(req, hooks, async (conn, outDir, db, embedder) => {
    const results: NotesResult[] = [];
    for (const entry of await entriesOf(req, outDir, hooks)) {
      const { jobId, localMedia } = await submitOne(conn, req, hooks, outDir, entry, embedder);
      // Following and rendering report here only: the job's row is the workers' to write.
      const job = new JobContext(req, hooks, conn.checkpoints, embedder, outDir);
      job.jobId = jobId;
      await follow(conn, job, hooks.signal);
      const result = await renderTeamNotes(conn, job, localMedia);
      if (!req.skipIndex) {
        job.progress('index', 0, 'indexing the notes for search');
        await indexNotes(db, outDir, embedder, { signal: hooks.signal });
      }
      job.progress('index', 1, 'done');
      results.push({ ...result, jobId });
    }
    return results;
  });
}

/** The team's connection, and this notes root's own store (the search index, the embedding cache). */
async function withTeam<T>(req: TeamNotesRequest, hooks: NotesHooks, fn: (conn: TeamConnection, outDir: string, db: Db, embedder: Embedder) => Promise<T>): Promise<T> {
  parseSource(req.source);
  const outDir = path.resolve(req.outDir);
  fs.mkdirSync(outDir, { recursive: true });
  ensureDirInside(outDir, '.videoinsight');
  const conn = await TeamConnection.open(req.queueUrl, { supervise: false });
  const db = openDatabase(storePathFor(outDir));
  try {
    await conn.listener.start();
    hooks.log?.(`team: ${conn.where}`);
    return await fn(conn, outDir, db, lazyEmbedder(req.embedding ?? { kind: 'use-lite' }, db));
  } finally {
    db.close();
    await conn.close();
  }
}

async function entriesOf(req: TeamNotesRequest, outDir: string, hooks: NotesHooks): Promise<string[]> {
  const entries = parseSource(req.source).kind === 'url'
    ? await expandSource(req.source, { workDir: outDir, ytDlpPath: req.ytDlpPath, signal: hooks.signal, log: hooks.log })
    : [req.source];
  if (entries.length > 1) hooks.log?.(`playlist: ${entries.length} videos, one team job each`);
  return entries;
}

interface Submitted {
  jobId: string;
  /** A local file's media, read here (for keyframes); null for URL sources (workers read those). */
  localMedia: AcquiredMedia | null;
}

async function submitOne(conn: TeamConnection, req: TeamNotesRequest, hooks: NotesHooks, outDir: string, entry: string, embedder: Embedder): Promise<Submitted> {
  const parsed = parseSource(entry);
  const key = sourceKey(parsed);
  const upload = parsed.kind === 'file';
  const spec: TeamJobSpec = {
    entry, sourceKey: key, upload, engine: req.engine ?? 'auto', model: req.model ?? null, language: req.language ?? 'auto',
    translate: req.translate ?? false, quality: req.quality ?? 'standard', embedding: req.embedding ?? { kind: 'use-lite' },
  };
  const jobId = teamJobIdFor(spec, upload ? fileFingerprint(parsed.path) : undefined);
  const claim = await conn.team.claimJob(jobId, maskCredentials(key), JSON.stringify(spec), async (exec) => {
    if (!upload) await conn.queue.send('plan', { jobId }, { leaseSec: leaseSecFor('plan'), exec });
  });
  hooks.log?.(`team job ${jobId}: ${claim === 'created' ? 'submitted' : claim === 'restarted' ? 'started again' : claim === 'done' ? 'already finished' : 'already running, joined'}`);
  let localMedia: AcquiredMedia | null = null;
  if (upload) {
    localMedia = sanitizeAcquired(await acquireInto(outDir, entry, sourceDirFor(outDir, key), { ytDlpPath: req.ytDlpPath, signal: hooks.signal, log: hooks.log }));
    const takeOver = claim === 'running' && (await abandonedUpload(conn, jobId));
    if (takeOver) hooks.log?.(`team job ${jobId}: its first submitter stopped uploading; planning it from here`);
    if (claim === 'created' || claim === 'restarted' || takeOver) {
      // The submitter plans its own file: progress shows here and goes to the job's row. A joiner
      // with the same file takes over an upload whose submitter went away (it was killed, say).
      const job = new TeamJobContext(conn, jobId, spec, hooks, embedder, outDir, req);
      try {
        await planTeamJob(job, spec, { canReadSource: true });
        await job.flush();
      } catch (e) {
        await conn.checkpoints.setStatus(jobId, hooks.signal?.aborted ? 'cancelled' : 'failed', hooks.signal?.aborted ? null : String((e as Error).message));
        throw hooks.signal?.aborted ? new CancelledError() : e;
      }
    }
  }
  return { jobId, localMedia };
}

/** An upload job nobody is planning: no finished plan and no progress written for a while. */
async function abandonedUpload(conn: TeamConnection, jobId: string): Promise<boolean> {
  if (await conn.checkpoints.loadStage<boolean>(jobId, 'planned')) return false;
  const row = await conn.checkpoints.getJob(jobId);
  return row !== undefined && Date.now() - row.updatedAt > ABANDONED_UPLOAD_MS;
}

/** Shows the job's progress from the database until it is done; a failure or a cancel is one line. */
async function follow(conn: TeamConnection, job: JobContext, signal?: AbortSignal): Promise<void> {
  const wake = new WakeUp();
  const off = conn.listener.on(PROGRESS_CHANNEL, (id) => {
    if (!id || id === job.jobId) wake.fire();
  });
  let awaySince = 0;
  try {
    for (;;) {
      if (signal?.aborted) {
        await cancelTeamJob(conn, job.jobId).catch(() => undefined);
        throw new CancelledError();
      }
      let p: TeamProgress | undefined;
      try {
        p = await conn.team.progress(job.jobId);
        awaySince = 0;
      } catch (e) {
        // The database restarting: keep showing the last line, try again each second, give up after a while.
        awaySince ||= Date.now();
        if (!isDatabaseAway(e) || Date.now() - awaySince > DATABASE_AWAY_LIMIT_MS) throw describePgError(e, conn.url);
        await wake.wait(1000, signal);
        continue;
      }
      if (!p) throw new UserError(`team job ${job.jobId} is no longer in the database`, 'ETEAMJOB');
      if (p.status === 'done') return;
      if (p.status === 'failed') throw new UserError(p.error ?? `team job ${job.jobId} failed`, 'ETEAMJOB');
      if (p.status === 'cancelled') throw new UserError(`team job ${job.jobId} was cancelled (\`videoinsight jobs resume ${job.jobId} --queue …\` starts it again)`, 'ECANCELLED');
      if (p.engine) job.useEngine(p.engine);
      // Chunks are counted here (workers share them); every other stage comes from the job's row.
      const planned = p.stage === 'transcribe' || (p.stage === 'segment' && (p.fraction ?? 0) >= 1) || p.chunksDone > 0;
      const transcribing = p.chunksTotal > 0 && planned && p.stage !== 'analyze';
      if (transcribing && p.speechSecTotal > 0) {
        job.progress('transcribe', p.speechSecDone / p.speechSecTotal, `transcribed ${p.chunksDone} of ${p.chunksTotal} chunks`);
      } else if (p.stage && p.message) {
        job.progress(p.stage as ProgressEvent['stage'], p.fraction ?? 0, p.message, p.etaSec ?? undefined);
      }
      await wake.wait(1000, signal);
    }
  } finally {
    off();
  }
}

/** The finished analysis → notes.md, transcript.md, graph.json (and keyframes of a local video) under --out. */
async function renderTeamNotes(conn: TeamConnection, job: JobContext, localMedia: AcquiredMedia | null): Promise<Omit<NotesResult, 'jobId'>> {
  const described = await conn.checkpoints.loadStage<TeamJobMedia>(job.jobId, 'media');
  const analysis = await conn.checkpoints.loadStage<Analysis>(job.jobId, 'analyze');
  const row = await conn.checkpoints.getJob(job.jobId);
  if (!described || !analysis || !row?.slug) throw new UserError(`team job ${job.jobId} is marked done but has no analysis: resume it`, 'ETEAMJOB');
  throwIfCancelled(job.signal);
  job.useEngine(described.meta.engine);
  // Keyframes need the video: a local file has it here; a URL's video is with the worker that
  // downloaded it, which cut the frames into the database.
  const notesDir = path.join(job.outDir, row.slug);
  if (!localMedia) await writeTeamFrames(conn, job, notesDir);
  const media: AcquiredMedia = localMedia ?? { ...described.media, mediaPath: '', captions: [] };
  const rendered = await renderFinal(job, described.meta, analysis, notesDir, media);
  return {
    ...rendered, engine: described.meta.engine, engineReason: described.engineReason, durationSec: described.meta.durationSec,
    title: described.meta.title, resumedChunks: 0,
  };
}
