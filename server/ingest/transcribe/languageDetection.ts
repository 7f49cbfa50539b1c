// Which language a multilingual model transcribes a whole file in: whisper detects it on a few
// samples spread over the speech and the majority wins, so a talk whose first minute is an
// English intro is not taken for English throughout.
import { SAMPLE_RATE } from '../../domain/audio';
import { throwIfCancelled } from '../../domain/errors';
import { formatClock } from '../../domain/time';
import type { Chunk } from '../../domain/types';
import { readSamples } from '../pcmFile';

/** Audio per language-detection sample; whisper looks at up to 30 s, speech starts near a chunk's start. */
const DETECTION_WINDOW_SEC = 10;
/** Points of the speech (fractions of the speech chunks) sampled for language detection. */
const DETECTION_POINTS = [0.1, 0.5, 0.9];

export interface LanguageVote {
  language: string;
  probability?: number;
  atSec: number;
}

/** Speech chunks at 10 %, 50 % and 90 % of the speech (fewer when there are fewer chunks). */
export function pickDetectionChunks(chunks: readonly Chunk[]): Chunk[] {
  const speech = chunks.filter((chunk) => chunk.hasSpeech && chunk.endSample > chunk.startSample);
  if (speech.length === 0) return [];
  return [...new Set(DETECTION_POINTS.map((point) => speech[Math.min(speech.length - 1, Math.floor(point * speech.length))] as Chunk))];
}

/** The most frequent language; a tie goes to the higher summed detection probability, then to the earliest sample. */
export function voteLanguage(samples: Array<{ language: string; probability?: number }>): string | null {
  const tally = new Map<string, { votes: number; probability: number; first: number }>();
  samples.forEach((sample, index) => {
    const entry = tally.get(sample.language) ?? { votes: 0, probability: 0, first: index };
    entry.votes++;
    entry.probability += sample.probability ?? 0;
    tally.set(sample.language, entry);
  });
  let best: [string, { votes: number; probability: number; first: number }] | null = null;
  for (const candidate of tally) {
    if (
      !best ||
      candidate[1].votes > best[1].votes ||
      (candidate[1].votes === best[1].votes && candidate[1].probability > best[1].probability) ||
      (candidate[1].votes === best[1].votes && candidate[1].probability === best[1].probability && candidate[1].first < best[1].first)
    ) {
      best = candidate;
    }
  }
  return best ? best[0] : null;
}

/**
 * Runs `detect` on the start of each picked speech chunk of the PCM file and votes. `detect`
 * returns the language whisper found in the samples ('' for none) and, when known, its probability.
 */
export async function detectLanguage(
  pcmPath: string,
  chunks: readonly Chunk[],
  detect: (samples: Float32Array) => Promise<{ language: string; probability?: number }>,
  signal: AbortSignal,
): Promise<{ language: string | null; votes: LanguageVote[] }> {
  const votes: LanguageVote[] = [];
  for (const chunk of pickDetectionChunks(chunks)) {
    throwIfCancelled(signal);
    const samples = await readSamples(pcmPath, chunk.startSample, Math.min(chunk.endSample, chunk.startSample + DETECTION_WINDOW_SEC * SAMPLE_RATE));
    const { language, probability } = await detect(samples);
    if (!language) continue;
    votes.push({ language, probability, atSec: chunk.startSample / SAMPLE_RATE });
  }
  return { language: voteLanguage(votes), votes };
}

/** "en at 1:02 (p=0.97), de at 30:15" for the log. */
export function describeVotes(votes: readonly LanguageVote[]): string {
  return votes.map((vote) => `${vote.language} at ${formatClock(vote.atSec)}${vote.probability !== undefined ? ` (p=${vote.probability.toFixed(2)})` : ''}`).join(', ');
}
