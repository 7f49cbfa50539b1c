// The transcribe stage: captions as one chunk, or audio → chunks at pauses → a pool of engine
// lanes, each chunk's transcript committed as it lands so a resumed job skips it.
import fs from 'node:fs';
import path from 'node:path';
import type { AcquiredMedia, CaptionTrack, Chunk, DecodedAudio, EngineName } from '../domain/types';
import { SAMPLE_RATE } from '../domain/audio';
import { throwIfCancelled } from '../domain/errors';
import { QUALITY_TIERS } from '../domain/qualityTiers';
import { decodeAudio } from '../ingest/audio';
import { segmentAudio } from '../ingest/chunking';
import { readChunkSamples, samplesToSec } from '../ingest/pcmFile';
import { readCaptionTrack } from '../ingest/transcribe/captionTracks';
import type { SpeechEngine, SpeechOptions } from '../ingest/transcribe/engine';
import type { NotesMeta } from '../render/notesRenderer';
import { createSpeechEngine } from './engineFactory';
import type { JobContext } from './jobContext';
import type { PlannedChunk } from '../store/checkpointStore';
import { SectionStreamer } from './sectionStreamer';

export async function transcribeFromCaptions(job: JobContext, media: AcquiredMedia, track: CaptionTrack): Promise<void> {
  job.progress('transcribe', 0, `reading captions (${track.lang || 'unknown language'}, ${track.kind})`);
  const segments = await readCaptionTrack(track);
  const endSec = Math.max(media.durationSec, segments.length ? segments[segments.length - 1]!.endSec : 0);
  // Captions are one "chunk" covering the whole media: the same tables serve every engine.
  const chunk: Chunk = { index: 0, startSample: 0, endSample: Math.round(endSec * SAMPLE_RATE), hasSpeech: segments.length > 0 };
  await job.store.saveChunks(job.jobId, [chunk]);
  await job.store.saveChunkTranscript(job.jobId, { chunkIndex: 0, segments, language: track.lang || null });
  job.progress('transcribe', 1, `${segments.length} caption cues`);
}

/** Returns how many chunks an earlier run of the same job had already transcribed. */
export async function transcribeSpeech(
  job: JobContext, media: AcquiredMedia, sourceDir: string, engineName: EngineName, modelPath: string | null, meta: NotesMeta, notesDir: string,
): Promise<number> {
  const signal = job.signal;
  const audio = await decodeOnce(job, media, sourceDir);
  throwIfCancelled(signal);
  const { planned, resumed } = await planChunks(job, audio, media);
  const todo = planned.filter((c) => !c.done);
  if (todo.length === 0) return resumed;

  const engine = await createSpeechEngine(engineName, modelPath, { threads: job.req.threads, gpu: job.req.gpu, log: job.hooks.log });
  try {
    job.log(`transcribing ${todo.length} chunks with ${engine.description}, ${engine.parallelism} at a time`);
    const opts = await prepareEngine(job, engine, audio, planned);
    const totalSpeechSec = todo.reduce((s, c) => s + samplesToSec(c.endSample - c.startSample), 0);
    const t0 = Date.now();
    let doneSec = 0;
    let next = 0;
    const doneIdx = new Set(planned.filter((c) => c.done).map((c) => c.index));
    const streamer = new SectionStreamer(job, meta, notesDir, planned, doneIdx, media.durationSec);
    const lane = async () => {
      while (next < todo.length) {
        throwIfCancelled(signal);
        const c = todo[next++]!;
        const samples = await readChunkSamples(audio.pcmPath, c);
        const t = await engine.transcribe({ chunk: c, samples, offsetSec: samplesToSec(c.startSample) }, opts);
        await job.store.saveChunkTranscript(job.jobId, t);
        doneIdx.add(c.index);
        doneSec += samplesToSec(c.endSample - c.startSample);
        const elapsed = (Date.now() - t0) / 1000;
        const eta = doneSec > 0 ? (elapsed / doneSec) * (totalSpeechSec - doneSec) : undefined;
        job.progress('transcribe', doneSec / Math.max(totalSpeechSec, 1e-9), `transcribed ${doneIdx.size} of ${planned.length} chunks`, eta);
        await streamer.maybeRender();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(engine.parallelism, todo.length)) }, lane));
  } finally {
    await engine.close();
  }
  return resumed;
}

/**
 * The options every chunk is transcribed with, once the engine has seen the whole job (whisper
 * detects the language from samples across it). A language detected by an earlier run of this job
 * is reused: detection costs whisper passes.
 */
export async function prepareEngine(job: JobContext, engine: SpeechEngine, audio: DecodedAudio, planned: Chunk[]): Promise<SpeechOptions> {
  const detected = await job.store.loadStage<string>(job.jobId, 'language');
  const opts: SpeechOptions = {
    language: detected ?? job.req.language ?? 'auto', translate: job.req.translate ?? false, signal: job.signal ?? new AbortController().signal,
  };
  await engine.prepare?.(audio, planned, opts);
  if (!detected && opts.language === 'auto' && engine.resolvedLanguage) await job.store.saveStage(job.jobId, 'language', engine.resolvedLanguage);
  return opts;
}

/**
 * The job's chunks at natural pauses, planned once (a resumed job keeps its plan); silent chunks
 * need no engine and are committed as empty right away.
 */
export async function planChunks(job: JobContext, audio: DecodedAudio, media: Pick<AcquiredMedia, 'chapters'>): Promise<{ planned: PlannedChunk[]; resumed: number }> {
  let planned = await job.store.loadChunks(job.jobId);
  if (planned.length === 0) {
    job.progress('segment', 0, 'finding pauses (voice activity)');
    const chunks = await segmentAudio(audio, media.chapters, {
      maxChunkSec: QUALITY_TIERS[job.quality].maxChunkSec, signal: job.signal,
      onProgress: (f) => job.progress('segment', f, 'finding pauses (voice activity)'),
    });
    await job.store.saveChunks(job.jobId, chunks);
    planned = await job.store.loadChunks(job.jobId);
  }
  const resumed = planned.filter((c) => c.done).length;
  if (resumed > 0) job.log(`resuming: ${resumed} of ${planned.length} chunks were already transcribed`);
  for (const c of planned) {
    if (!c.done && !c.hasSpeech) {
      await job.store.saveChunkTranscript(job.jobId, { chunkIndex: c.index, segments: [], language: null });
      c.done = true;
    }
  }
  return { planned, resumed };
}

export async function decodeOnce(job: JobContext, media: AcquiredMedia, sourceDir: string): Promise<DecodedAudio> {
  const pcmPath = path.join(sourceDir, 'audio.s16le');
  const saved = await job.store.loadStage<DecodedAudio>(job.jobId, 'audio');
  if (saved && fs.existsSync(saved.pcmPath)) return saved;
  // decodeAudio renames its .part file only after a complete decode: an existing file is whole,
  // and another job on the same source (another engine) reuses it.
  if (fs.existsSync(pcmPath)) {
    const audio: DecodedAudio = { pcmPath, sampleRate: SAMPLE_RATE, sampleCount: fs.statSync(pcmPath).size / 2 };
    await job.store.saveStage(job.jobId, 'audio', audio);
    return audio;
  }
  job.progress('audio', 0, 'decoding audio');
  const audio = await decodeAudio(media, pcmPath, {
    ffmpegPath: job.req.ffmpegPath, signal: job.signal,
    onProgress: (sec) => job.progress('audio', sec / Math.max(media.durationSec, 1), 'decoding audio'),
  });
  await job.store.saveStage(job.jobId, 'audio', audio);
  return audio;
}
