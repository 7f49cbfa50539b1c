// Which speech source runs a job, and a sentence saying why, shown to the user.
import { type EngineChoice, type EngineName } from '../../domain/types';
import { UserError } from '../../domain/errors';

export interface EngineSelectionInput {
  choice: EngineChoice;
  /** A whisper model found on disk (resolveModel), or null. */
  modelPath: string | null;
  /** The source has captions (a sidecar file, or ones yt-dlp fetched). */
  hasCaptions: boolean;
  pocketsphinx: { available: boolean; reason: string };
}

const HOW_TO_GET_A_MODEL = 'run `videoinsight models pull base.en` (or pass --model PATH to a ggml model)';
const HOW_TO_GET_POCKETSPHINX = 'install it with `sudo apt-get install pocketsphinx pocketsphinx-en-us`';

export function selectEngine(input: EngineSelectionInput): { engine: EngineName; reason: string } {
  const { choice, modelPath, hasCaptions, pocketsphinx } = input;
  switch (choice) {
    case 'whisper':
      if (modelPath) return { engine: 'whisper', reason: `whisper: requested, using the model ${modelPath}` };
      throw new UserError(`--engine whisper needs a whisper model and none is installed: ${HOW_TO_GET_A_MODEL}`, 'ENOENGINE');
    case 'captions':
      if (hasCaptions) return { engine: 'captions', reason: 'captions: requested, and the source has captions' };
      throw new UserError('--engine captions: the source has no captions (no subtitles from the site, no .vtt/.srt next to the file)', 'ENOENGINE');
    case 'pocketsphinx':
      if (pocketsphinx.available) return { engine: 'pocketsphinx', reason: 'pocketsphinx: requested' };
      throw new UserError(`--engine pocketsphinx cannot run: ${pocketsphinx.reason}; ${HOW_TO_GET_POCKETSPHINX}`, 'ENOENGINE');
    case 'auto':
      if (modelPath) return { engine: 'whisper', reason: `whisper: a whisper model is installed (${modelPath})` };
      if (hasCaptions) return { engine: 'captions', reason: 'captions: the source has captions and no whisper model is installed' };
      if (pocketsphinx.available) {
        return { engine: 'pocketsphinx', reason: 'pocketsphinx: no whisper model is installed and the source has no captions (pocketsphinx is the weak offline fallback)' };
      }
      throw new UserError(
        `no speech engine available: no whisper model, the source has no captions, and pocketsphinx cannot run (${pocketsphinx.reason}); ${HOW_TO_GET_A_MODEL}, or ${HOW_TO_GET_POCKETSPHINX}`,
        'ENOENGINE',
      );
  }
}
