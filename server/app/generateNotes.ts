// The pipeline, end to end: acquire → audio → segment → transcribe → analyze → render → index.
// Every stage's output is a checkpoint in the store, so running the same request again resumes
// where it stopped, and a finished job only re-renders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { acquire, expandSource, parseSource, sourceKey } from '../ingest/acquire';
import { decodeAudio } from '../ingest/audio';
import { extractKeyframe } from '../ingest/keyframes';
import { segmentAudio } from '../ingest/chunking';
import { readChunkSamples, samplesToSec } from '../ingest/pcmFile';
import { SAMPLE_RATE } from '../domain/audio';
import { jobIdFor, slugFor } from './jobIdentity';
import { QUALITY_TIERS } from '../domain/qualityTiers';
import type { AcquiredMedia, Chunk, DecodedAudio, EngineChoice, EngineName, ProgressEvent, QualityTier, TranscriptSegment } from '../domain/types';
import { UserError, CancelledError, isCancellation, throwIfCancelled } from '../domain/errors';
import type { SpeechEngine, SpeechOptions } from '../ingest/transcribe/engine';
import { pickCaptionTrack, readCaptionTrack } from '../ingest/transcribe/captions';
import { PocketsphinxEngine, pocketsphinxStatus } from '../ingest/transcribe/pocketsphinxEngine';
import { WhisperEngine } from '../ingest/transcribe/whisperEngine';
import type { GpuPreference } from '../ingest/transcribe/gpuBackend';
import { checkModelFile, listModels, resolveModel } from '../ingest/models/modelManager';
import { selectEngine } from '../ingest/transcribe/engineSelection';
import { planParallelism, whisperWorkerBytes } from '../ingest/transcribe/parallelism';
import { openDatabase, storePathFor, type Db } from '../store/database';
import { JobStore, type JobStatus } from '../store/jobStore';
import { analyzeTranscript } from '../knowledge/analyze';
import { type EmbedderConfig } from '../knowledge/embeddings';
import { USE_LITE_ID } from '../knowledge/embeddings/useLite';
import { createEmbedder, indexNotes } from './searchService';
import { saveConceptGraph } from '../store/graphStore';
import type { Analysis, Embedder } from '../domain/analysis';
import { renderGraphFile, renderNotes, renderTranscript, type NotesMeta } from '../render/notesRenderer';
import { writeFileAtomic } from '../domain/atomicWrite';
import { ensureDirInside, frameFileName, removeStaleFrames } from '../render/outputFolder';
import { formatClock } from '../domain/time';

export interface NotesRequest {
  source: string;
  outDir: string;
  engine?: EngineChoice;
  model?: string;
  language?: string;
  translate?: boolean;
  threads?: number;
  quality?: QualityTier;
  gpu?: GpuPreference;
  ytDlpPath?: string;
  ffmpegPath?: string;
  embedding?: EmbedderConfig;
  /** Skip embedding the notes into the search index (the search command indexes on demand). */
  skipIndex?: boolean;
}

export interface NotesHooks {
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent & { jobId: string }) => void;
  onNotesUpdated?: (e: { jobId: string; notesPath: string; sectionCount: number; final: boolean }) => void;
  log?: (line: string) => void;
}

export interface NotesResult {
  jobId: string;
  notesPath: string;
  transcriptPath: string;
  graphPath: string;
  engine: EngineName;
  engineReason: string;
  durationSec: number;
  title: string;
  sections: { title: string; startSec: number; endSec: number }[];
  /** Chunks that were already transcribed by an earlier run of the same job. */
  resumedChunks: number;
}

export interface JobSummary {
  id: string;
  source: string;
  status: JobStatus;
  title: string | null;
  slug: string | null;
  engine: EngineName | null;
  durationSec: number | null;
  error: string | null;
  updatedAt: number;
}

/** Where each stage's share of the whole job's progress begins. */
const STAGE_SPAN: Record<ProgressEvent['stage'], [number, number]> = {
  acquire: [0, 0.05],
  audio: [0.05, 0.12],
  segment: [0.12, 0.18],
  transcribe: [0.18, 0.85],
  analyze: [0.85, 0.93],
  render: [0.93, 0.97],
  index: [0.97, 1],
};

export async function generateNotes(req: NotesRequest, hooks: NotesHooks = {}): Promise<NotesResult[]> {
  const parsed = parseSource(req.source);
  const outDir = path.resolve(req.outDir);
  ensureWritable(outDir);
  ensureDirInside(outDir, '.videoinsight');
  const db = openDatabase(storePathFor(outDir));
  const embedder = lazyEmbedder(req.embedding ?? { kind: 'use-lite' }, db);
  try {
    const entries = parsed.kind === 'url' ? await expandSource(req.source, { workDir: outDir, ytDlpPath: req.ytDlpPath, signal: hooks.signal, log: hooks.log }) : [req.source];
    if (entries.length > 1) hooks.log?.(`playlist: ${entries.length} videos, one job each`);
    const results: NotesResult[] = [];
    for (const entry of entries) {
      results.push(await new Job(req, hooks, db, embedder, outDir, entry).run());
    }
    return results;
  } finally {
    db.close();
  }
}

export function listJobs(outDir: string): JobSummary[] {
  const file = storePathFor(path.resolve(outDir));
  if (!fs.existsSync(file)) return [];
  const db = openDatabase(file);
  try {
    return new JobStore(db).listJobs().map((j) => ({
      id: j.id, source: j.source, status: j.status, title: j.title, slug: j.slug, engine: j.engine,
      durationSec: j.durationSec, error: j.error, updatedAt: j.updatedAt,
    }));
  } finally {
    db.close();
  }
}

function ensureWritable(outDir: string): void {
  try {
    fs.mkdirSync(outDir, { recursive: true });
    fs.accessSync(outDir, fs.constants.W_OK);
    if (!fs.statSync(outDir).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new UserError(`cannot write to the output folder ${outDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'EOUT');
  }
}

/** The embedder loads its model only when something needs embedding (a re-run of a finished job does not). */
function lazyEmbedder(config: EmbedderConfig, db: Db): Embedder {
  let real: Promise<Embedder> | undefined;
  let dim = 0; // unknown until the model has loaded
  return {
    // The same ids the real embedders report: passages and cached vectors are keyed by them.
    id: config.kind === 'use-lite' ? USE_LITE_ID : `transformers:${config.model}`,
    get dim(): number {
      return dim;
    },
    embed: async (texts) => {
      const e = await (real ??= createEmbedder(config, db));
      dim = e.dim;
      return e.embed(texts);
    },
  };
}

class Job {
  private readonly store: JobStore;
  private readonly quality: QualityTier;
  private jobId = '';
  private lastFraction = 0;

  constructor(
    private readonly req: NotesRequest,
    private readonly hooks: NotesHooks,
    private readonly db: Db,
    private readonly embedder: Embedder,
    private readonly outDir: string,
    private readonly entry: string,
  ) {
    this.store = new JobStore(db);
    this.quality = req.quality ?? 'standard';
  }

  private log(line: string): void {
    this.hooks.log?.(line);
  }

  private progress(stage: ProgressEvent['stage'], within: number, message: string, etaSec?: number): void {
    const [a, b] = STAGE_SPAN[stage];
    const fraction = Math.max(this.lastFraction, a + (b - a) * Math.min(1, Math.max(0, within)));
    this.lastFraction = fraction;
    this.hooks.onProgress?.({ jobId: this.jobId, stage, fraction, message, ...(etaSec !== undefined ? { etaSec } : {}) });
  }

  async run(): Promise<NotesResult> {
    const { req, hooks } = this;
    const signal = hooks.signal;
    const key = sourceKey(parseSource(this.entry));
    const sourceDir = path.join(this.outDir, '.videoinsight', 'sources', crypto.createHash('sha256').update(key).digest('hex').slice(0, 16));

    // A bad model fails before any download. No progress line before the source is known to be
    // good: bad input gets one line, the error.
    const modelPath = this.modelPath();
    // A library's AbortError (yt-dlp, fetch) becomes our CancelledError: the CLI exits 130 on it.
    const media = await this.acquireOnce(sourceDir).catch((e: unknown) => { throw isCancellation(e, signal) ? new CancelledError() : e; });
    throwIfCancelled(signal);

    // Choose the engine: it is part of the job's identity (another engine makes other notes).
    const track = pickCaptionTrack(media.captions, req.language && req.language !== 'auto' ? req.language : undefined);
    const { engine, reason } = selectEngine({
      choice: req.engine ?? 'auto', modelPath, hasCaptions: track !== null, pocketsphinx: pocketsphinxStatus(),
    });
    if (engine !== 'captions' && !media.hasAudio) throw new UserError(`${this.entry} has no audio track`, 'ENOAUDIO');
    this.log(`engine: ${engine} (${reason})`);
    const settings = {
      engine, model: engine === 'whisper' && modelPath ? path.basename(modelPath) : null,
      language: req.language ?? 'auto', translate: req.translate ?? false, quality: this.quality,
    };
    this.jobId = jobIdFor(key, settings);
    const existing = this.store.getJob(this.jobId);
    this.store.startJob(this.jobId, key, settings);
    const slug = slugFor(media.title, key);
    this.store.describeJob(this.jobId, { title: media.title, slug, durationSec: media.durationSec, engine });
    this.progress('acquire', 1, `${media.title} (${formatClock(media.durationSec)})`);
    const notesDir = path.join(this.outDir, slug);
    const meta: NotesMeta = {
      title: media.title, source: this.entry, webpageUrl: media.webpageUrl, durationSec: media.durationSec,
      engine, model: settings.model,
    };

    try {
      let resumedChunks = 0;
      if (existing?.status !== 'done' || !this.store.loadStage<Analysis>(this.jobId, 'analyze')) {
        if (engine === 'captions') {
          await this.transcribeFromCaptions(media, track!);
        } else {
          resumedChunks = await this.transcribeSpeech(media, sourceDir, engine, modelPath, meta, notesDir);
        }
      } else {
        this.log('this job is finished: re-rendering its notes from the store');
      }
      throwIfCancelled(signal);
      const analysis = await this.analyzeOnce(media);
      const result = await this.renderFinal(meta, analysis, notesDir, media);
      if (!req.skipIndex) {
        this.progress('index', 0, 'indexing the notes for search');
        await indexNotes(this.db, this.outDir, this.embedder, { signal });
      }
      this.store.setStatus(this.jobId, 'done');
      this.progress('index', 1, 'done');
      return { ...result, jobId: this.jobId, engine, engineReason: reason, durationSec: media.durationSec, title: media.title, resumedChunks };
    } catch (e) {
      const cancelled = signal?.aborted === true;
      // A finished job whose re-render failed keeps its transcript and analysis: it stays done.
      const stillDone = !cancelled && existing?.status === 'done' && this.store.loadStage<Analysis>(this.jobId, 'analyze') !== undefined;
      // A cancelled job has no error to show: its status says it all.
      if (stillDone) this.store.setStatus(this.jobId, 'done');
      else this.store.setStatus(this.jobId, cancelled ? 'cancelled' : 'failed', cancelled ? null : (e as Error).message);
      if (cancelled) throw new CancelledError();
      throw e;
    }
  }

  /** acquire's output is kept beside the download, so a resumed or finished job needs no network. */
  private async acquireOnce(sourceDir: string): Promise<AcquiredMedia> {
    ensureDirInside(this.outDir, path.relative(this.outDir, sourceDir));
    const cached = path.join(sourceDir, 'acquired.json');
    if (fs.existsSync(cached)) {
      const media = JSON.parse(fs.readFileSync(cached, 'utf8')) as AcquiredMedia;
      if (fs.existsSync(media.mediaPath)) return media;
    }
    const media = await acquire(this.entry, {
      workDir: sourceDir, ytDlpPath: this.req.ytDlpPath, signal: this.hooks.signal, log: this.hooks.log,
    });
    writeFileAtomic(cached, JSON.stringify(media));
    return media;
  }

  /** --model NAME|PATH, or the best installed model for the quality tier. */
  private modelPath(): string | null {
    if (this.req.model) {
      const p = resolveModel(this.req.model);
      if (!p) {
        throw new UserError(`whisper model "${this.req.model}" is not installed: run \`videoinsight models pull ${this.req.model}\` or pass a file path`, 'ENOMODEL');
      }
      checkModelFile(p);
      return p;
    }
    if (this.req.engine && this.req.engine !== 'auto' && this.req.engine !== 'whisper') return null;
    const present = new Map(listModels().filter((m) => m.present).map((m) => [m.name, m.path]));
    for (const name of QUALITY_TIERS[this.quality].preferredModels) {
      const p = present.get(name);
      if (p) return p;
    }
    return present.size > 0 ? [...present.values()][0] : null;
  }

  private async transcribeFromCaptions(media: AcquiredMedia, track: NonNullable<ReturnType<typeof pickCaptionTrack>>): Promise<void> {
    this.progress('transcribe', 0, `reading captions (${track.lang || 'unknown language'}, ${track.kind})`);
    const segments = await readCaptionTrack(track);
    const endSec = Math.max(media.durationSec, segments.length ? segments[segments.length - 1].endSec : 0);
    // Captions are one "chunk" covering the whole media: the same tables serve every engine.
    const chunk: Chunk = { index: 0, startSample: 0, endSample: Math.round(endSec * SAMPLE_RATE), hasSpeech: segments.length > 0 };
    this.store.saveChunks(this.jobId, [chunk]);
    this.store.saveChunkTranscript(this.jobId, { chunkIndex: 0, segments, language: track.lang || null });
    this.progress('transcribe', 1, `${segments.length} caption cues`);
  }

  private async transcribeSpeech(
    media: AcquiredMedia, sourceDir: string, engineName: EngineName, modelPath: string | null, meta: NotesMeta, notesDir: string,
  ): Promise<number> {
    const signal = this.hooks.signal;
    const audio = await this.decodeOnce(media, sourceDir);
    throwIfCancelled(signal);

    let planned = this.store.loadChunks(this.jobId);
    if (planned.length === 0) {
      this.progress('segment', 0, 'finding pauses (voice activity)');
      const chunks = await segmentAudio(audio, media.chapters, {
        maxChunkSec: QUALITY_TIERS[this.quality].maxChunkSec, signal,
        onProgress: (f) => this.progress('segment', f, 'finding pauses (voice activity)'),
      });
      this.store.saveChunks(this.jobId, chunks);
      planned = this.store.loadChunks(this.jobId);
    }
    const resumed = planned.filter((c) => c.done).length;
    if (resumed > 0) this.log(`resuming: ${resumed} of ${planned.length} chunks were already transcribed`);

    // Silent chunks need no engine: commit them as empty right away.
    for (const c of planned) {
      if (!c.done && !c.hasSpeech) {
        this.store.saveChunkTranscript(this.jobId, { chunkIndex: c.index, segments: [], language: null });
        c.done = true;
      }
    }
    const todo = planned.filter((c) => !c.done);
    if (todo.length === 0) return resumed;

    const engine = await this.createEngine(engineName, modelPath);
    // A language detected by an earlier run of this job is reused: detection costs whisper passes.
    const detected = this.store.loadStage<string>(this.jobId, 'language');
    const opts: SpeechOptions = {
      language: detected ?? this.req.language ?? 'auto', translate: this.req.translate ?? false, signal: signal ?? new AbortController().signal,
    };
    try {
      this.log(`transcribing ${todo.length} chunks with ${engine.description}, ${engine.parallelism} at a time`);
      await engine.prepare?.(audio, planned, opts);
      if (!detected && opts.language === 'auto' && engine.resolvedLanguage) this.store.saveStage(this.jobId, 'language', engine.resolvedLanguage);
      const totalSpeechSec = todo.reduce((s, c) => s + samplesToSec(c.endSample - c.startSample), 0);
      const t0 = Date.now();
      let doneSec = 0;
      let next = 0;
      const doneIdx = new Set(planned.filter((c) => c.done).map((c) => c.index));
      const streamer = new SectionStreamer(this, meta, notesDir, planned, doneIdx, media.durationSec);
      const worker = async () => {
        while (next < todo.length) {
          throwIfCancelled(signal);
          const c = todo[next++];
          const samples = await readChunkSamples(audio.pcmPath, c);
          const t = await engine.transcribe({ chunk: c, samples, offsetSec: samplesToSec(c.startSample) }, opts);
          this.store.saveChunkTranscript(this.jobId, t);
          doneIdx.add(c.index);
          doneSec += samplesToSec(c.endSample - c.startSample);
          const elapsed = (Date.now() - t0) / 1000;
          const eta = doneSec > 0 ? (elapsed / doneSec) * (totalSpeechSec - doneSec) : undefined;
          this.progress('transcribe', doneSec / Math.max(totalSpeechSec, 1e-9), `transcribed ${doneIdx.size} of ${planned.length} chunks`, eta);
          await streamer.maybeRender();
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(engine.parallelism, todo.length)) }, worker));
    } finally {
      await engine.close();
    }
    return resumed;
  }

  private async decodeOnce(media: AcquiredMedia, sourceDir: string): Promise<DecodedAudio> {
    const pcmPath = path.join(sourceDir, 'audio.s16le');
    const saved = this.store.loadStage<DecodedAudio>(this.jobId, 'audio');
    if (saved && fs.existsSync(saved.pcmPath)) return saved;
    // decodeAudio renames its .part file only after a complete decode: an existing file is whole,
    // and another job on the same source (another engine) reuses it.
    if (fs.existsSync(pcmPath)) {
      const audio: DecodedAudio = { pcmPath, sampleRate: SAMPLE_RATE, sampleCount: fs.statSync(pcmPath).size / 2 };
      this.store.saveStage(this.jobId, 'audio', audio);
      return audio;
    }
    this.progress('audio', 0, 'decoding audio');
    const audio = await decodeAudio(media, pcmPath, {
      ffmpegPath: this.req.ffmpegPath, signal: this.hooks.signal,
      onProgress: (sec) => this.progress('audio', sec / Math.max(media.durationSec, 1), 'decoding audio'),
    });
    this.store.saveStage(this.jobId, 'audio', audio);
    return audio;
  }

  /** Chunks run in parallel as far as cores, memory and (for whisper) the libuv pool allow. */
  private async createEngine(name: EngineName, modelPath: string | null): Promise<SpeechEngine> {
    const machine = {
      cores: os.availableParallelism(), freeMemBytes: os.freemem(), requestedThreads: this.req.threads,
      threadPoolSize: Number(process.env.UV_THREADPOOL_SIZE) || 4,
    };
    if (name === 'whisper') {
      if (!modelPath) throw new UserError('the whisper engine needs a model: `videoinsight models pull base.en`', 'ENOMODEL');
      const plan = planParallelism({ ...machine, engine: name, perWorkerBytes: whisperWorkerBytes(fs.statSync(modelPath).size) });
      return WhisperEngine.create({
        modelPath, threads: plan.threadsPerWorker, parallelism: plan.workers, gpu: this.req.gpu ?? 'auto', log: this.hooks.log,
      });
    }
    if (name === 'pocketsphinx') {
      const plan = planParallelism({ ...machine, engine: name, perWorkerBytes: 64 * 1024 * 1024 });
      return new PocketsphinxEngine({ parallelism: plan.workers });
    }
    throw new UserError(`${name} is not a speech engine`);
  }

  async analyze(segments: TranscriptSegment[], media: { chapters: AcquiredMedia['chapters']; durationSec: number }, onProgress?: (f: number) => void): Promise<Analysis> {
    return analyzeTranscript(
      { segments, chapters: media.chapters, durationSec: media.durationSec, quality: this.quality },
      this.embedder,
      { signal: this.hooks.signal, onProgress },
    );
  }

  private async analyzeOnce(media: AcquiredMedia): Promise<Analysis> {
    const saved = this.store.loadStage<Analysis>(this.jobId, 'analyze');
    if (saved) return saved;
    this.progress('analyze', 0, 'finding topics, key points and concepts');
    const analysis = await this.analyze(this.store.loadSegments(this.jobId), media, (f) =>
      this.progress('analyze', f, 'finding topics, key points and concepts'),
    );
    this.db.transaction(() => {
      this.store.saveStage(this.jobId, 'analyze', analysis);
      saveConceptGraph(this.db, this.jobId, analysis);
    })();
    return analysis;
  }

  /** Writes transcript.md, graph.json, then notes.md growing section by section as keyframes land. */
  private async renderFinal(meta: NotesMeta, analysis: Analysis, notesDir: string, media: AcquiredMedia) {
    const notesPath = path.join(notesDir, 'notes.md');
    const transcriptPath = path.join(notesDir, 'transcript.md');
    const graphPath = path.join(notesDir, 'graph.json');
    this.ensureNotesDir(notesDir);
    writeFileAtomic(transcriptPath, renderTranscript(meta.title, analysis.sentences));
    const frames = new Map<number, string>();
    const framesDir = path.join(notesDir, 'frames');
    if (media.hasVideo && analysis.sections.length > 0) ensureDirInside(this.outDir, path.relative(this.outDir, framesDir));
    const wanted = new Set<string>();
    const n = analysis.sections.length;
    for (let i = 0; i < n; i++) {
      const s = analysis.sections[i];
      if (media.hasVideo) {
        const rel = `frames/${frameFileName(s.startSec)}`;
        wanted.add(path.basename(rel));
        const file = path.join(notesDir, rel);
        if (fs.existsSync(file) || (await extractKeyframe(media.mediaPath, s.startSec, file, { ffmpegPath: this.req.ffmpegPath, signal: this.hooks.signal }))) {
          frames.set(s.index, rel);
        }
      }
      this.progress('render', (i + 1) / Math.max(n, 1), `section ${i + 1} of ${n}`);
      const partial: Analysis = { ...analysis, sections: analysis.sections.slice(0, i + 1) };
      const last = i === n - 1;
      // The concept index and the graph speak of all sections, so they come with the last one.
      const view = last ? analysis : { ...partial, concepts: [] };
      const rendered = renderNotes(meta, view, { frames, complete: last });
      writeFileAtomic(notesPath, rendered.markdown);
      if (last) writeFileAtomic(graphPath, JSON.stringify(renderGraphFile(meta, analysis, rendered.sectionLines), null, 1) + '\n');
      this.hooks.onNotesUpdated?.({ jobId: this.jobId, notesPath, sectionCount: i + 1, final: last });
    }
    if (n === 0) {
      const rendered = renderNotes(meta, analysis, { complete: true });
      writeFileAtomic(notesPath, rendered.markdown);
      writeFileAtomic(graphPath, JSON.stringify(renderGraphFile(meta, analysis, []), null, 1) + '\n');
      this.hooks.onNotesUpdated?.({ jobId: this.jobId, notesPath, sectionCount: 0, final: true });
    }
    // Frames of provisional sections that the final sections no longer use.
    if (media.hasVideo) removeStaleFrames(framesDir, wanted);
    return {
      notesPath, transcriptPath, graphPath,
      sections: analysis.sections.map((s) => ({ title: s.title, startSec: s.startSec, endSec: s.endSec })),
    };
  }

  loadSegments(uptoChunk: number): TranscriptSegment[] {
    return this.store.loadSegments(this.jobId, uptoChunk);
  }

  ensureNotesDir(notesDir: string): void {
    ensureDirInside(this.outDir, path.relative(this.outDir, notesDir));
  }

  notesUpdated(notesPath: string, sectionCount: number): void {
    this.hooks.onNotesUpdated?.({ jobId: this.jobId, notesPath, sectionCount, final: false });
  }
}

/**
 * While a long job transcribes, notes.md shows the sections of the transcript so far, re-rendered
 * each time the finished prefix grows by a step; the final render replaces them.
 */
class SectionStreamer {
  private renderedUpto = 0;
  private readonly stepSec: number;
  private busy = false;

  constructor(
    private readonly job: Job,
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
    while (prefix + 1 < this.chunks.length && this.doneIdx.has(this.chunks[prefix + 1].index)) prefix++;
    if (prefix < 0 || prefix === this.chunks.length - 1) return;
    const uptoSec = samplesToSec(this.chunks[prefix].endSample);
    if (uptoSec - this.renderedUpto < this.stepSec) return;
    this.busy = true;
    try {
      const segments = this.job.loadSegments(this.chunks[prefix].index);
      if (segments.length === 0) return;
      const analysis = await this.job.analyze(segments, { chapters: [], durationSec: uptoSec });
      const notesPath = path.join(this.notesDir, 'notes.md');
      this.job.ensureNotesDir(this.notesDir);
      writeFileAtomic(path.join(this.notesDir, 'transcript.md'), renderTranscript(this.meta.title, analysis.sentences));
      writeFileAtomic(notesPath, renderNotes(this.meta, { ...analysis, concepts: [] }, { complete: false }).markdown);
      this.renderedUpto = uptoSec;
      this.job.notesUpdated(notesPath, analysis.sections.length);
    } finally {
      this.busy = false;
    }
  }
}

