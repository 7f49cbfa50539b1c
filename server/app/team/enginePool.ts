// A worker's speech engines, made on first use and kept for the next chunk of any job with the
// same engine and model (loading a whisper model costs seconds).
import path from 'node:path';
import type { EngineName } from '../../domain/types';
import { UserError } from '../../domain/errors';
import type { SpeechEngine } from '../../ingest/transcribe/engine';
import { chooseModelPath, createSpeechEngine } from '../engineFactory';

export class EnginePool {
  private readonly engines = new Map<string, Promise<SpeechEngine>>();

  constructor(private readonly log?: (line: string) => void) {}

  /** The engine a job's chunks need; a whisper model this worker does not have is the job's error. */
  get(engine: EngineName, model: string | null): Promise<SpeechEngine> {
    const key = `${engine}:${model ?? ''}`;
    let made = this.engines.get(key);
    if (!made) {
      made = (async () => {
        const modelPath = engine === 'whisper' ? chooseModelPath({ model: model ?? undefined, engine, quality: 'standard' }) : null;
        if (engine === 'whisper' && model && (!modelPath || path.basename(modelPath) !== model)) {
          throw new UserError(`this worker has no whisper model ${model}: run \`videoinsight models pull\` on every worker`, 'ENOMODEL');
        }
        return createSpeechEngine(engine, modelPath, { log: this.log });
      })();
      made.catch(() => this.engines.delete(key));
      this.engines.set(key, made);
    }
    return made;
  }

  async close(): Promise<void> {
    const all = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(all.map((p) => p.then((e) => e.close()).catch(() => undefined)));
  }
}
