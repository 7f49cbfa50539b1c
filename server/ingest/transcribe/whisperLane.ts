// The child-process side of a whisper lane (whisperLanes.ts): one whisper.cpp engine that the
// parent can kill mid-chunk, which is the only way to stop a running whisper.cpp pass (the binding
// has no abort). Requests and answers are IPC messages (advanced serialisation: Float32Array as is).
import { UserError } from '../../domain/errors';
import { WhisperEngine } from './whisperEngine';
import type { LaneAnswer, LaneRequest } from './whisperLaneProtocol';

let engine: WhisperEngine | null = null;
const never = new AbortController().signal; // the parent kills this process instead of aborting

function send(answer: LaneAnswer): void {
  process.send?.(answer);
}

async function handle(m: LaneRequest): Promise<LaneAnswer> {
  if (m.type === 'open') {
    engine = await WhisperEngine.create({ ...m.options, parallelism: 1, log: (line) => send({ type: 'log', line }) });
    return { type: 'opened', id: m.id, description: engine.description };
  }
  if (!engine) throw new Error('whisper lane used before it was opened');
  if (m.type === 'prepare') {
    await engine.prepare(m.audio, m.chunks, { ...m.opts, signal: never });
    return { type: 'prepared', id: m.id, language: engine.resolvedLanguage ?? null };
  }
  const transcript = await engine.transcribe({ chunk: m.chunk, samples: m.samples, offsetSec: m.offsetSec }, { ...m.opts, signal: never });
  return { type: 'transcribed', id: m.id, transcript };
}

process.on('message', (m: LaneRequest) => {
  handle(m).then(send, (e: unknown) => {
    const err = e as Error & { code?: string };
    send({ type: 'failed', id: m.id, message: String(err?.message ?? e), code: err?.code, user: e instanceof UserError });
  });
});
// The parent went away (closed, crashed or killed): nothing is left to do here.
process.on('disconnect', () => process.exit(0));
