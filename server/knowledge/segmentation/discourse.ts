// Discourse markers: the cue phrases speakers use to open a new part ("Now, ...", "OK so ...", "Let's look
// at ...", "Next, ...", "Moving on ..."), from the spoken-discourse literature (Hirschberg & Litman 1993;
// Passonneau & Litman 1997), not from any one talk. Each is common inside topics too, so it is only a
// weak, soft cue: a section opening at one is a little cheaper (see optimal.ts).
import type { Sentence } from '../../domain/analysis';

/** Sentence openings that mark a new part of a spoken talk (case-insensitive, after leading punctuation). */
const OPENER = new RegExp(
  '^[\\s"\'“(\\-–—>]*(?:' +
    [
      'so', 'now', 'okay', 'ok', 'alright', 'all right', 'anyway', 'next', 'finally', 'lastly',
      "let's", 'let us', 'moving on', 'turning to', 'another', 'first of all', 'to begin',
      'to start', 'to sum up', 'in summary', 'in conclusion',
    ]
      .map((p) => p.replace(/ /g, '\\s+'))
      .join('|') +
    ')\\b',
  'i',
);

/** Whether the sentence opens with a discourse marker of a new part. */
export function opensWithMarker(text: string): boolean {
  return OPENER.test(text);
}

/** 1 for each sentence (after the first) that opens with a discourse marker, else 0. */
export function markerStrength(sentences: Sentence[]): Float64Array {
  const out = new Float64Array(sentences.length);
  for (let i = 1; i < sentences.length; i++) if (opensWithMarker(sentences[i].text)) out[i] = 1;
  return out;
}
