// whisper's raw chunk-relative segments → transcript segments: absolute times clamped to the
// chunk, loops collapsed, likely hallucinations (hallucination.ts) dropped. The binding does not
// report whisper's no-speech probability, so the segment's quietness stands in for it.
import { rmsDbfs, SAMPLE_RATE, SILENCE_DBFS } from '../../domain/audio';
import type { TranscriptSegment } from '../../domain/types';
import type { ChunkAudio } from './engine';
import { collapseRepeats, isLikelyHallucination } from './hallucination';

/** A segment much quieter than its chunk stands in for a high no-speech probability: near-silence
 * under text is the classic hallucination. */
export function quietnessAsNoSpeechProb(segmentDbfs: number, chunkDbfs: number): number | undefined {
  if (segmentDbfs < Math.max(SILENCE_DBFS, chunkDbfs - 35)) return 0.9;
  if (segmentDbfs < chunkDbfs - 20) return 0.6;
  return undefined;
}

const SPEAKER_TURN = /\s*\[SPEAKER_TURN\]\s*$/;

/** whisper's chunk-relative segments (t0/t1 in ms) → absolute transcript segments: offset added,
 * clamped to the chunk, loops collapsed, likely hallucinations dropped, tinydiarize's speaker turns
 * marked on the segment that starts them. */
export function toAbsoluteSegments(
  raw: ReadonlyArray<{ text: string; t0: number; t1: number }>,
  audio: Pick<ChunkAudio, 'samples' | 'offsetSec'>,
  chunkDbfs: number = rmsDbfs(audio.samples),
  onDropped: (text: string) => void = () => {},
): TranscriptSegment[] {
  const chunkEndSec = audio.offsetSec + audio.samples.length / SAMPLE_RATE;
  const segments: TranscriptSegment[] = [];
  let turnNext = false;
  for (const segment of raw) {
    // tinydiarize (a *-tdrz model): whisper.node ends a segment's text with this when the next one is
    // another speaker's.
    const marked = SPEAKER_TURN.test(segment.text);
    const turnHere: boolean = turnNext;
    turnNext = marked;
    const text = collapseRepeats(marked ? segment.text.replace(SPEAKER_TURN, '') : segment.text);
    const segmentDbfs = rmsDbfs(audio.samples, (segment.t0 / 1000) * SAMPLE_RATE, (segment.t1 / 1000) * SAMPLE_RATE);
    const noSpeechProb = quietnessAsNoSpeechProb(segmentDbfs, chunkDbfs);
    const durationSec = Math.max(0, (segment.t1 - segment.t0) / 1000);
    if (isLikelyHallucination({ text, noSpeechProb, durationSec })) {
      onDropped(text);
      turnNext ||= turnHere; // the turn goes to the next kept segment
      continue;
    }
    const startSec = Math.min(chunkEndSec, audio.offsetSec + segment.t0 / 1000);
    const endSec = Math.min(chunkEndSec, Math.max(startSec, audio.offsetSec + segment.t1 / 1000));
    segments.push(turnHere ? { startSec, endSec, text, speakerChange: true } : { startSec, endSec, text });
  }
  return segments;
}
