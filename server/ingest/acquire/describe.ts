// The one log line acquire writes about what it found.
import path from 'node:path';
import { type AcquiredMedia } from '../../domain/types';
import { formatClock } from '../../domain/time';

/** One log line: "talk.mp4: 1:02:03, audio+video, 4 chapters, captions en (manual)". */
export function describeMedia(m: AcquiredMedia): string {
  const caps = m.captions.length ? `captions ${m.captions.map((c) => `${c.lang || '?'} (${c.kind})`).join(', ')}` : 'no captions';
  return `${path.basename(m.mediaPath)} "${m.title}": ${formatClock(Math.round(m.durationSec))}, ${m.hasVideo ? 'audio+video' : 'audio only'}, ${m.chapters.length} chapters, ${caps}`;
}
