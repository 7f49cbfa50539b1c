// Spoken part announcements ("Chapter two, ...", "Part 3:", "Lecture four"): boundaries the speaker states.
import type { Sentence } from '../../domain/analysis';

const NUMBER_WORD = '(?:\\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|next)';
/** A sentence that announces a new part ("Chapter two, ...", "Part 3:", "Lecture four"): a boundary the speaker states. */
const ANNOUNCES_PART = new RegExp(`^["'“(]*(?:chapter|part|section|lesson|lecture|module|unit|episode|book|step|topic)\\s+${NUMBER_WORD}\\b`, 'i');

export function announcesPart(text: string): boolean {
  return ANNOUNCES_PART.test(text.trim());
}

/** Sentences that announce a part, at least `minGapSec` after the previous one. */
export function announcedStarts(sentences: Sentence[], minGapSec: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < sentences.length; i++) {
    if (!announcesPart(sentences[i].text)) continue;
    const prev = out.length > 0 ? sentences[out[out.length - 1]].startSec : Number.NEGATIVE_INFINITY;
    if (sentences[i].startSec - prev >= minGapSec) out.push(i);
  }
  return out;
}
