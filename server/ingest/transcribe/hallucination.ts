// Guards against whisper's known failure modes on silence and noise: token loops ("the the the"),
// stock phrases learned from subtitle credits ("Thank you.", "Thanks for watching!") emitted over
// silence, non-speech tags, and text far denser than anyone speaks.

function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, '');
}

/** Loops repeat a short phrase many times; a longer phrase said twice is already a loop. */
function minimumRepeats(phraseWords: number): number {
  return phraseWords >= 4 ? 2 : 3;
}

const MAX_PHRASE_WORDS = 12;

function collapseOnce(words: string[]): string[] {
  const keys = words.map(normalizeWord);
  const out: string[] = [];
  let index = 0;
  while (index < words.length) {
    let bestLength = 0;
    let bestRepeats = 1;
    for (let length = 1; length <= MAX_PHRASE_WORDS && index + length * 2 <= words.length; length++) {
      const phrase = keys.slice(index, index + length);
      if (phrase.every((key) => key === '')) continue;
      let repeats = 1;
      while (index + (repeats + 1) * length <= words.length) {
        const start = index + repeats * length;
        let same = true;
        for (let offset = 0; offset < length; offset++) {
          if (keys[start + offset] !== phrase[offset]) {
            same = false;
            break;
          }
        }
        if (!same) break;
        repeats++;
      }
      // Prefer the loop covering the most words; on a tie the shorter phrase.
      if (repeats >= minimumRepeats(length) && length * repeats > bestLength * bestRepeats) {
        bestLength = length;
        bestRepeats = repeats;
      }
    }
    if (bestLength > 0) {
      // Keep the last copy: it carries the phrase's closing punctuation.
      out.push(...words.slice(index + (bestRepeats - 1) * bestLength, index + bestRepeats * bestLength));
      index += bestLength * bestRepeats;
    } else {
      out.push(words[index] as string);
      index++;
    }
  }
  return out;
}

/** "the the the the the" → "the"; "I mean, I mean, I mean, yes" → "I mean, yes". Phrases of up
 * to 12 words repeated back to back (3+ times, or 2+ times for 4+ words) are kept once. */
export function collapseRepeats(text: string): string {
  let words = text.trim().split(/\s+/).filter((word) => word.length > 0);
  for (let pass = 0; pass < 4; pass++) {
    const collapsed = collapseOnce(words);
    if (collapsed.length === words.length) break;
    words = collapsed;
  }
  return words.join(' ');
}

/** What whisper writes over silence, music and noise, learned from subtitle files. */
const SILENCE_PHRASES = new Set([
  'thank you',
  'thank you very much',
  'thanks for watching',
  'thank you for watching',
  'thank you so much for watching',
  'please subscribe',
  'subscribe to my channel',
  'you',
  'bye',
  'subtitles by the amaraorg community',
  'transcription by castingwords',
  'music',
  'applause',
]);

function phraseKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, '').replace(/\s+/g, ' ').trim();
}

/** Above this, whisper's own no-speech probability says the window was not speech. */
const NO_SPEECH_CERTAIN = 0.8;
/** Stock phrases are dropped when the window was probably not speech. */
const NO_SPEECH_LIKELY = 0.5;
/** Fast speech is ~20 characters a second; 40 is beyond any speaker. */
const MAX_CHARS_PER_SEC = 40;

export function isLikelyHallucination(seg: { text: string; noSpeechProb?: number; durationSec: number }): boolean {
  const text = seg.text.trim();
  // Nothing a person said: empty, punctuation, music notes, or a tag like [BLANK_AUDIO] / (music).
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  if (/^(\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|♪.*♪?)$/u.test(text)) return true;
  if (seg.noSpeechProb !== undefined && seg.noSpeechProb >= NO_SPEECH_CERTAIN) return true;
  const key = phraseKey(text);
  if (SILENCE_PHRASES.has(key) && seg.noSpeechProb !== undefined && seg.noSpeechProb >= NO_SPEECH_LIKELY) return true;
  const charsPerSec = text.replace(/\s+/g, '').length / Math.max(seg.durationSec, 1);
  return charsPerSec > MAX_CHARS_PER_SEC;
}
