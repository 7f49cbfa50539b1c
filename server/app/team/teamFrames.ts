// Keyframes of a team job whose video only a worker has (a URL source): the finishing worker cuts
// them at the section starts from its downloaded copy and stores them in the database; the
// submitter puts them into the notes folder before rendering, where the renderer finds them as a
// local run would have cut them. A local file's frames are cut by its submitter, which has it.
import fs from 'node:fs';
import path from 'node:path';
import type { Analysis } from '../../domain/analysis';
import { writeFileAtomic } from '../../domain/atomicWrite';
import { extractKeyframe } from '../../ingest/keyframes';
import { frameFileName, isFrameFileName } from '../../render/outputFolder';
import { acquireInto, sourceDirFor } from '../sourceFolder';
import type { JobContext } from '../jobContext';
import type { TeamConnection } from './teamConnection';
import type { TeamJobSpec } from './teamJobSpec';

/** On the finishing worker: one JPEG per section start, from the worker's copy of the video. */
export async function cutTeamFrames(conn: TeamConnection, job: JobContext, spec: TeamJobSpec, analysis: Analysis): Promise<void> {
  const have = new Set((await conn.team.loadFrames(job.jobId)).map((f) => f.name));
  const wanted = [...new Set(analysis.sections.map((s) => s.startSec))].filter((sec) => !have.has(frameFileName(sec)));
  if (wanted.length === 0) return;
  const sourceDir = sourceDirFor(job.outDir, spec.sourceKey);
  // The planning worker's download is reused (acquire's cache); another worker downloads it again.
  const media = await acquireInto(job.outDir, spec.entry, sourceDir, { ytDlpPath: job.req.ytDlpPath, signal: job.signal, log: job.hooks.log });
  if (!media.hasVideo) return;
  const dir = path.join(sourceDir, 'frames');
  fs.mkdirSync(dir, { recursive: true });
  for (const sec of wanted) {
    const file = path.join(dir, frameFileName(sec));
    if (await extractKeyframe(media.mediaPath, sec, file, { ffmpegPath: job.req.ffmpegPath, signal: job.signal })) {
      await conn.team.saveFrame(job.jobId, frameFileName(sec), fs.readFileSync(file));
    }
  }
}

/** On the submitter: the stored frames into `<notes>/frames/`, before the render looks for them. */
export async function writeTeamFrames(conn: TeamConnection, job: JobContext, notesDir: string): Promise<void> {
  const frames = (await conn.team.loadFrames(job.jobId)).filter((f) => isFrameFileName(f.name));
  if (frames.length === 0) return;
  const dir = path.join(notesDir, 'frames');
  job.ensureDir(dir);
  for (const f of frames) writeFileAtomic(path.join(dir, f.name), f.bytes);
}
