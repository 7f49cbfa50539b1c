// The final render: transcript.md, then notes.md growing section by section as keyframes land,
// graph.json with the last section; frames of provisional sections are removed.
import fs from 'node:fs';
import path from 'node:path';
import type { AcquiredMedia } from '../domain/types';
import type { Analysis } from '../domain/analysis';
import { writeFileAtomic } from '../domain/atomicWrite';
import { extractKeyframe } from '../ingest/keyframes';
import { renderGraphFile, renderNotes, renderTranscript, type NotesMeta } from '../render/notesRenderer';
import { frameFileName, removeStaleFrames } from '../render/outputFolder';
import type { JobContext } from './jobContext';

export interface RenderedNotes {
  notesPath: string;
  transcriptPath: string;
  graphPath: string;
  sections: { title: string; startSec: number; endSec: number }[];
}

export async function renderFinal(job: JobContext, meta: NotesMeta, analysis: Analysis, notesDir: string, media: AcquiredMedia): Promise<RenderedNotes> {
  const notesPath = path.join(notesDir, 'notes.md');
  const transcriptPath = path.join(notesDir, 'transcript.md');
  const graphPath = path.join(notesDir, 'graph.json');
  job.ensureDir(notesDir);
  writeFileAtomic(transcriptPath, renderTranscript(meta.title, analysis.sentences));
  const frames = new Map<number, string>();
  const framesDir = path.join(notesDir, 'frames');
  if (media.hasVideo && analysis.sections.length > 0) job.ensureDir(framesDir);
  const wanted = new Set<string>();
  const n = analysis.sections.length;
  for (let i = 0; i < n; i++) {
    const s = analysis.sections[i]!;
    if (media.hasVideo) {
      const rel = `frames/${frameFileName(s.startSec)}`;
      wanted.add(path.basename(rel));
      const file = path.join(notesDir, rel);
      // No media path: a team submitter without the video uses the frames a worker cut, nothing else.
      if (fs.existsSync(file) || (media.mediaPath !== '' && (await extractKeyframe(media.mediaPath, s.startSec, file, { ffmpegPath: job.req.ffmpegPath, signal: job.signal })))) {
        frames.set(s.index, rel);
      }
    }
    job.progress('render', (i + 1) / Math.max(n, 1), `section ${i + 1} of ${n}`);
    const partial: Analysis = { ...analysis, sections: analysis.sections.slice(0, i + 1) };
    const last = i === n - 1;
    // The concept index and the graph speak of all sections, so they come with the last one.
    const view = last ? analysis : { ...partial, concepts: [] };
    const rendered = renderNotes(meta, view, { frames, complete: last });
    writeFileAtomic(notesPath, rendered.markdown);
    if (last) writeFileAtomic(graphPath, JSON.stringify(renderGraphFile(meta, analysis, rendered.sectionLines), null, 1) + '\n');
    job.notesUpdated(notesPath, i + 1, last);
  }
  if (n === 0) {
    const rendered = renderNotes(meta, analysis, { complete: true });
    writeFileAtomic(notesPath, rendered.markdown);
    writeFileAtomic(graphPath, JSON.stringify(renderGraphFile(meta, analysis, []), null, 1) + '\n');
    job.notesUpdated(notesPath, 0, true);
  }
  // Frames of provisional sections that the final sections no longer use.
  if (media.hasVideo) removeStaleFrames(framesDir, wanted);
  return {
    notesPath, transcriptPath, graphPath,
    sections: analysis.sections.map((s) => ({ title: s.title, startSec: s.startSec, endSec: s.endSec })),
  };
}
