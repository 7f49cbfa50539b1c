// Which engine makes a job's transcript (captions, whisper, pocketsphinx) and the settings that
// therefore shape its notes: chosen once per job, by the local runner and by a team planner alike.
import path from 'node:path';
import type { AcquiredMedia, CaptionTrack, EngineName, QualityTier } from '../domain/types';
import { UserError } from '../domain/errors';
import { pickCaptionTrack } from '../ingest/transcribe/captionTracks';
import { pocketsphinxStatus } from '../ingest/transcribe/pocketsphinxEngine';
import { selectEngine } from '../ingest/transcribe/engineSelection';
import type { OutputSettings } from './jobIdentity';
import type { NotesRequest } from './jobTypes';

export interface EngineChoiceResult {
  engine: EngineName;
  reason: string;
  /** The caption track the captions engine reads; null for speech engines that need none. */
  track: CaptionTrack | null;
  settings: OutputSettings;
}

export function chooseEngineFor(
  req: Pick<NotesRequest, 'engine' | 'language' | 'translate'>, quality: QualityTier, media: AcquiredMedia, modelPath: string | null, entry: string,
): EngineChoiceResult {
  const track = pickCaptionTrack(media.captions, req.language && req.language !== 'auto' ? req.language : undefined);
  const { engine, reason } = selectEngine({
    choice: req.engine ?? 'auto', modelPath, hasCaptions: track !== null, pocketsphinx: pocketsphinxStatus(),
  });
  if (engine !== 'captions' && !media.hasAudio) throw new UserError(`${entry} has no audio track`, 'ENOAUDIO');
  const settings: OutputSettings = {
    engine, model: engine === 'whisper' && modelPath ? path.basename(modelPath) : null,
    language: req.language ?? 'auto', translate: req.translate ?? false, quality,
  };
  return { engine, reason, track, settings };
}
