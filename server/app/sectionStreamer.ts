// While a long job transcribes, notes.md shows the sections of the transcript so far, re-rendered
// each time the finished prefix grows by a step; the final render replaces them.
import path from 'node:path';
import type { Chunk } from '../domain/types';
import { writeFileAtomic } from '../domain/atomicWrite';
import { samplesToSec } from '../ingest/pcmFile';
import { renderNotes, renderTranscript, type NotesMeta } from '../render/notesRenderer';
import type { JobContext } from './jobContext';

export class SectionStreamer {
  private renderedUpto = 0;
  private readonly stepSec: number;
  private busy = false;

  constructor(
    private readonly job: JobContext,
    private readonly meta: NotesMeta,
    private readonly notesDir: string,
    private readonly chunks: Chunk[],
    private readonly doneIdx: Set<number>,
    durationSec: number,
  ) {
    this.stepSec = Math.max(120, durationSec / 15);
  }

  async maybeRender(): Promise<void> {
    if (this.busy) return;
    let prefix = -1;
    while (prefix + 1 < this.chunks.length && this.doneIdx.has(this.chunks[prefix + 1]!.index)) prefix++;
    if (prefix < 0 || prefix === this.chunks.length - 1) return;
    const uptoSec = samplesToSec(this.chunks[prefix]!.endSample);
    if (uptoSec - this.renderedUpto < this.stepSec) return;
    this.busy = true;
    try {
      const segments = await this.job.store.loadSegments(this.job.jobId, this.chunks[prefix]!.index);
      if (segments.length === 0) return;
      const analysis = await this.job.analyze(segments, { chapters: [], durationSec: uptoSec });
      const notesPath = path.join(this.notesDir, 'notes.md');
      this.job.ensureDir(this.notesDir);
      writeFileAtomic(path.join(this.notesDir, 'transcript.md'), renderTranscript(this.meta.title, analysis.sentences));
      writeFileAtomic(notesPath, renderNotes(this.meta, { ...analysis, concepts: [] }, { complete: false }).markdown);
      this.renderedUpto = uptoSec;
      this.job.notesUpdated(notesPath, analysis.sections.length, false);
    } finally {
      this.busy = false;
    }
  }
}
