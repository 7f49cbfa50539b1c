// Debian's pocketsphinx_continuous (0.8+5prealpha) with its US-English model: the offline fallback that
// needs no download. Weak accuracy, but real word times. One child process per chunk, fed a WAV file.
import { SAMPLE_RATE } from '../../domain/audio';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChunkTranscript, TranscriptSegment, Word } from '../../domain/types';
import { UserError, CancelledError, throwIfCancelled } from '../../domain/errors';
import type { ChunkAudio, SpeechEngine, SpeechOptions } from './engine';
import { BYTES_PER_SAMPLE, floatToPcm16 } from '../pcmFile';

export const POCKETSPHINX_BINARY = 'pocketsphinx_continuous';
export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us';
/** A silence this long between words starts a new segment. */
const SEGMENT_PAUSE_SEC = 0.5;
/** Segments are split at the next word past this length, so citations stay precise. */
const SEGMENT_MAX_SEC = 12;
/** pocketsphinx reports the start of a word's last 10 ms frame as its end. */
const FRAME_SEC = 0.01;
/**
 * Silence put around each chunk: pocketsphinx's endpointer and cepstral mean need a lead-in, or the
 * first words of a chunk come out wrong (see BENCHMARKS.md, "Ingest").
 */
const PAD_SEC = 0.5;

function findOnPath(binary: string): string | null {
  if (binary.includes(path.sep)) return isExecutable(binary) ? binary : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function modelFiles(): { hmm: string; lm: string; dict: string } {
  return {
    hmm: path.join(POCKETSPHINX_MODEL_DIR, 'en-us'),
    lm: path.join(POCKETSPHINX_MODEL_DIR, 'en-us.lm.bin'),
    dict: path.join(POCKETSPHINX_MODEL_DIR, 'cmudict-en-us.dict'),
  };
}

/** Binary on PATH + model dir /usr/share/pocketsphinx/model/en-us present. */
export function pocketsphinxStatus(binary: string = POCKETSPHINX_BINARY): { available: boolean; reason: string } {
  const found = findOnPath(binary);
  if (!found) return { available: false, reason: `${binary} is not on PATH (install it: ${INSTALL_HINT})` };
  const missing = Object.values(modelFiles()).filter((f) => !fs.existsSync(f));
  if (missing.length > 0) return { available: false, reason: `pocketsphinx's English model is missing (${missing[0]}; install it: ${INSTALL_HINT})` };
  return { available: true, reason: `${found} with the US-English model in ${POCKETSPHINX_MODEL_DIR}` };
}

/** One word line of `-time yes` output: "word start end confidence". */
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\S+)$/;

/**
 * Parses `pocketsphinx_continuous -time yes` output into segments with absolute times: utterance markers,
 * silences and fillers dropped, "(2)" pronunciation variants stripped, words grouped at pauses.
 */
export function parsePocketsphinxOutput(
  stdout: string,
  offsetSec: number,
  clamp: { fromSec: number; toSec: number } = { fromSec: -Infinity, toSec: Infinity },
): TranscriptSegment[] {
  const words: Word[] = [];
  let utteranceBreak = true;
  const breaks = new Set<number>(); // indexes of words that open a new utterance
  for (const raw of stdout.split(/\r?\n/)) {
    const m = WORD_LINE.exec(raw.trim());
    if (!m) continue;
    const token = m[1];
    if (token === '<s>' || token === '</s>') {
      utteranceBreak = true;
      continue;
    }
    if (/^<.*>$|^\[.*\]$|^\+\+.*\+\+$/.test(token)) continue; // <sil>, [NOISE], ++BREATH++
    const text = token.replace(/\(\d+\)$/, '');
    if (!text) continue;
    // Times inside the padding belong to the chunk's edges.
    const start = Math.min(clamp.toSec, Math.max(clamp.fromSec, offsetSec + Number(m[2])));
    const end = Math.min(clamp.toSec, Math.max(start, offsetSec + Number(m[3]) + FRAME_SEC));
    if (utteranceBreak) breaks.add(words.length);
    utteranceBreak = false;
    words.push({ text, startSec: round3(start), endSec: round3(end) });
  }

  const segments: TranscriptSegment[] = [];
  let current: Word[] = [];
  const flush = () => {
    if (current.length === 0) return;
    segments.push({
      startSec: current[0].startSec,
      endSec: current[current.length - 1].endSec,
      text: current.map((w) => w.text).join(' '),
      words: current,
    });
    current = [];
  };
  words.forEach((w, i) => {
    const prev = current[current.length - 1];
    if (prev && (breaks.has(i) || w.startSec - prev.endSec >= SEGMENT_PAUSE_SEC || w.endSec - current[0].startSec > SEGMENT_MAX_SEC)) flush();
    current.push(w);
  });
  flush();
  return segments;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A 16 kHz mono 16-bit PCM WAV of the samples (-1..1, clipped). */
export function wavBytes(samples: Float32Array, sampleRate = SAMPLE_RATE): Buffer {
  const data = samples.length * BYTES_PER_SAMPLE;
  const buf = Buffer.alloc(44 + data);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + data, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * BYTES_PER_SAMPLE, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(data, 40);
  const pcm = floatToPcm16(samples);
  Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).copy(buf, 44);
  return buf;
}

export class PocketsphinxEngine implements SpeechEngine {
  readonly name = 'pocketsphinx' as const;
  readonly description: string;
  /** pocketsphinx is single-threaded: one process per core. */
  readonly parallelism: number;
  private readonly binary: string;

  constructor(opts: { binary?: string; parallelism?: number } = {}) {
    this.binary = opts.binary ?? POCKETSPHINX_BINARY;
    this.parallelism = Math.max(1, Math.floor(opts.parallelism ?? os.availableParallelism()));
    this.description = `pocketsphinx (${this.binary}, US-English model, ${this.parallelism} process${this.parallelism === 1 ? '' : 'es'})`;
  }

  async transcribe(audio: ChunkAudio, opts: SpeechOptions): Promise<ChunkTranscript> {
    throwIfCancelled(opts.signal);
    const lang = opts.language.toLowerCase();
    if (lang !== 'auto' && lang !== 'en' && !lang.startsWith('en-')) {
      throw new UserError(`pocketsphinx only recognises English, but language "${opts.language}" was asked for`, 'ELANG');
    }
    if (audio.samples.length === 0) return { chunkIndex: audio.chunk.index, segments: [], language: 'en' };
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'videoinsight-ps-'));
    try {
      const wav = path.join(dir, `chunk-${audio.chunk.index}.wav`);
      const pad = Math.round(PAD_SEC * SAMPLE_RATE);
      const padded = new Float32Array(pad + audio.samples.length + pad);
      padded.set(audio.samples, pad);
      await fs.promises.writeFile(wav, wavBytes(padded));
      const stdout = await this.run(wav, opts.signal);
      const chunkSec = audio.samples.length / SAMPLE_RATE;
      return {
        chunkIndex: audio.chunk.index,
        segments: parsePocketsphinxOutput(stdout, audio.offsetSec - PAD_SEC, { fromSec: audio.offsetSec, toSec: audio.offsetSec + chunkSec }),
        language: 'en',
      };
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  private run(wav: string, signal: AbortSignal): Promise<string> {
    const { hmm, lm, dict } = modelFiles();
    const args = ['-infile', wav, '-time', 'yes', '-hmm', hmm, '-lm', lm, '-dict', dict];
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let errTail = '';
      let settled = false;
      const onAbort = () => child.kill('SIGKILL');
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      child.stdout.on('data', (d: Buffer) => out.push(d));
      // The log goes to stderr and is long; keep its end for the error message.
      child.stderr.on('data', (d: Buffer) => (errTail = (errTail + d.toString('utf8')).slice(-4000)));
      child.on('error', (err: NodeJS.ErrnoException) =>
        finish(() =>
          reject(err.code === 'ENOENT' ? new UserError(`${this.binary} is not installed (${INSTALL_HINT})`, 'ENOENGINE') : err),
        ),
      );
      child.on('close', (code, sig) =>
        finish(() => {
          if (signal.aborted) return reject(new CancelledError());
          if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
          const why = errTail.split('\n').filter((l) => /ERROR|FATAL/.test(l)).pop()?.trim() ?? `exit ${code ?? sig}`;
          reject(new UserError(`pocketsphinx failed: ${why}`, 'EENGINE'));
        }),
      );
    });
  }

  async close(): Promise<void> {
    // Nothing held between chunks: each chunk's process ends with it.
  }
}
