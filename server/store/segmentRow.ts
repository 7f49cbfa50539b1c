// A transcript segment as both stores keep it (columns of `segments`), so SQLite and PostgreSQL
// give back exactly what was saved, speaker turns included.
import type { TranscriptSegment } from '../domain/types';

export interface SegmentRow {
  start_sec: number;
  end_sec: number;
  text: string;
  words: string | null;
  speaker: string | null;
  speaker_change: number | boolean | null;
}

/** The optional columns of a segment: words (JSON), speaker, speaker change. */
export function segmentExtras(s: TranscriptSegment): { words: string | null; speaker: string | null; speakerChange: boolean | null } {
  return { words: s.words ? JSON.stringify(s.words) : null, speaker: s.speaker ?? null, speakerChange: s.speakerChange ? true : null };
}

export function segmentFromRow(r: SegmentRow): TranscriptSegment {
  return {
    startSec: r.start_sec, endSec: r.end_sec, text: r.text,
    ...(r.words ? { words: JSON.parse(r.words) } : {}),
    ...(r.speaker_change ? { speakerChange: true } : {}),
    ...(r.speaker ? { speaker: r.speaker } : {}),
  };
}
