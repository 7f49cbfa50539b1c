// whisper.cpp with each parallel chunk in its own child process (a lane): Cancel kills the lanes
// that are transcribing, so whisper stops at once instead of finishing its pass in the background
// (the binding cannot interrupt a pass). A killed lane is replaced on the next chunk; a model loads
// once per lane, as a context per parallel chunk did in-process.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Chunk, ChunkTranscript, DecodedAudio } from '../../domain/types';
import { CancelledError, throwIfCancelled, UserError } from '../../domain/errors';
import type { ChunkAudio, SpeechEngine, SpeechOptions } from './engine';
import type { LaneAnswer, LaneOpenOptions, LaneOptions, LaneRequest } from './whisperLaneProtocol';

type Pending = { resolve: (a: LaneAnswer) => void; reject: (e: Error) => void };
/** What a request sends, without the id the lane assigns. */
type Request = LaneRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The lane entry: bundled next to cli.js/server.js, or the TypeScript source under tsx (tests). */
function laneEntry(): { file: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'whisperLane.js');
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: path.join(__dirname, 'whisperLane.ts'), execArgv: ['--import', 'tsx'] };
}

class Lane {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  dead = false;

  constructor(log: (line: string) => void) {
    const entry = laneEntry();
    this.child = fork(entry.file, [], { execArgv: entry.execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr?.resume(); // whisper.cpp's own log arrives through the engine's listener, not here
    this.child.on('message', (a: LaneAnswer) => {
      if (a.type === 'log') return log(a.line);
      const p = this.pending.get(a.id);
      this.pending.delete(a.id);
      p?.resolve(a);
    });
    this.child.on('exit', (code, signal) => {
      this.dead = true;
      for (const p of this.pending.values()) p.reject(new Error(`whisper lane ended (${signal ?? `exit ${code}`})`));
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** One request; on `signal` the lane is killed and the call rejects with CancelledError. */
  call(request: Request, signal?: AbortSignal): Promise<LaneAnswer> {
    if (this.dead) return Promise.reject(new Error('whisper lane ended'));
    const id = this.nextId++;
    return new Promise<LaneAnswer>((resolve, reject) => {
      const onAbort = () => {
        this.kill();
        reject(new CancelledError());
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (a) => {
          done();
          if (a.type === 'failed') reject(a.user ? new UserError(a.message, a.code) : Object.assign(new Error(a.message), { code: a.code }));
          else resolve(a);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      this.child.send({ ...request, id } as LaneRequest);
    });
  }

  kill(): void {
    this.dead = true;
    this.child.kill('SIGKILL');
  }
}

export interface WhisperLanesOptions extends LaneOpenOptions {
  parallelism: number;
  log?: (line: string) => void;
}

export class WhisperLanes implements SpeechEngine {
  readonly name = 'whisper' as const;
  private readonly idle: Lane[] = [];
  private readonly waiters: ((lane: Lane) => void)[] = [];
  private alive = 0;
  private language: string | null = null;
  private closed = false;

  private constructor(
    private readonly opts: WhisperLanesOptions,
    readonly description: string,
    first: Lane,
  ) {
    this.idle.push(first);
    this.alive = 1;
  }

  get parallelism(): number {
    return this.opts.parallelism;
  }

  /** Opens the first lane at once, so a bad model or backend is an error here, not at the first chunk. */
  static async start(opts: WhisperLanesOptions): Promise<WhisperLanes> {
    const log = opts.log ?? (() => {});
    const lane = new Lane(log);
    try {
      const a = await lane.call({ type: 'open', options: { modelPath: opts.modelPath, threads: opts.threads, gpu: opts.gpu } });
      const description = a.type === 'opened' ? a.description : 'whisper.cpp';
      return new WhisperLanes(opts, opts.parallelism > 1 ? `${description} × ${opts.parallelism} lanes` : description, lane);
    } catch (e) {
      lane.kill();
      throw e;
    }
  }

  get resolvedLanguage(): string | null {
    return this.language;
  }

  async prepare(audio: DecodedAudio, chunks: Chunk[], opts: SpeechOptions): Promise<void> {
    const a = await this.withLane(opts.signal, (lane) => lane.call({ type: 'prepare', audio, chunks, opts: laneOptions(opts, null) }, opts.signal));
    if (a.type === 'prepared') this.language = a.language;
  }

  async transcribe(audio: ChunkAudio, opts: SpeechOptions): Promise<ChunkTranscript> {
    const a = await this.withLane(opts.signal, (lane) =>
      lane.call({ type: 'transcribe', chunk: audio.chunk, samples: audio.samples, offsetSec: audio.offsetSec, opts: laneOptions(opts, this.language) }, opts.signal));
    if (a.type !== 'transcribed') throw new Error(`whisper lane answered ${a.type}`);
    return a.transcript;
  }

  /** Pids of the lane processes (for tests and the log). */
  lanePids(): number[] {
    return this.idle.map((l) => l.pid ?? 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const lane of this.idle.splice(0)) lane.kill();
  }

  private async withLane<T>(signal: AbortSignal, fn: (lane: Lane) => Promise<T>): Promise<T> {
    throwIfCancelled(signal);
    const lane = await this.acquire();
    try {
      return await fn(lane);
    } finally {
      this.release(lane);
    }
  }

  private async acquire(): Promise<Lane> {
    if (this.closed) throw new CancelledError();
    const free = this.idle.pop();
    if (free) return free;
    if (this.alive < this.opts.parallelism) {
      this.alive++;
      const lane = new Lane(this.opts.log ?? (() => {}));
      try {
        await lane.call({ type: 'open', options: { modelPath: this.opts.modelPath, threads: this.opts.threads, gpu: this.opts.gpu } });
        return lane;
      } catch (e) {
        this.alive--;
        lane.kill();
        throw e;
      }
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(lane: Lane): void {
    if (lane.dead) {
      // Killed by a cancel: the next chunk that needs a lane starts a fresh one.
      this.alive--;
      const waiter = this.waiters.shift();
      if (waiter) void this.acquire().then(waiter, () => undefined);
      return;
    }
    if (this.closed) return lane.kill();
    const waiter = this.waiters.shift();
    if (waiter) waiter(lane);
    else this.idle.push(lane);
  }
}

function laneOptions(opts: SpeechOptions, detected: string | null): LaneOptions {
  // The language prepare() settled on (in whichever lane ran it) goes to every lane.
  return { language: opts.language === 'auto' && detected ? detected : opts.language, translate: opts.translate };
}
