// Timed transcript segments → timed sentences.
// Punctuated transcripts (whisper) split at sentence-final punctuation; unpunctuated ones (captions,
// pocketsphinx) split at pauses between segments and where a learned model says a sentence starts.
import type { TranscriptSegment } from '../domain/types';
import type { Sentence } from '../domain/analysis';
import { breakProbabilities, breakWord } from './sentenceBreaks';

interface TimedWord {
  text: string;
  startSec: number;
  endSec: number;
  /** Silence before this word, in seconds (0 inside a segment). */
  gapBefore: number;
  /** First word of a transcript segment. */
  segmentStart: boolean;
  /** The segment's named speaker. */
  speaker?: string;
  /** First word of a new speaker's turn. */
  turn: boolean;
}

const TERMINAL = /[.?!…。！？؟।]["'”’)\]]*$/u;
// Tokens that end in a period but do not end a sentence.
const ABBREVIATIONS = new Set([
  'mr.', 'mrs.', 'ms.', 'dr.', 'prof.', 'st.', 'jr.', 'sr.', 'vs.', 'etc.', 'e.g.', 'i.e.', 'cf.', 'no.', 'fig.',
  'approx.', 'inc.', 'ltd.', 'co.', 'mt.', 'u.s.', 'u.k.', 'a.m.', 'p.m.',
]);
/** A run cut for length breaks before its last "and"/"or" in its second half: they join clauses there as often as words. */
const JOINING = new Set(['and', 'or']);

export interface SentenceOptions {
  /** A pause at least this long ends a sentence in unpunctuated text. */
  pauseSec?: number;
  /** Longest sentence, in words, before it is cut. */
  maxWords?: number;
  /** In unpunctuated text, the sentence-start chance (sentenceBreaks.ts) at which a sentence starts. */
  breakChance?: number;
}

/**
 * Below it clauses split off as fragments ("Mechanism aimed at making context more scalable"); above it
 * sentences run on. Leave-one-talk-out on sentence starts alone (bench/sentence-splits.ts) picks 0.25 (0.2 in
 * one fold), whose shorter sentences make the segmenter worse on unpunctuated talks; at 0.3 sentences are about
 * as long as the talks' own and segmentation holds (both measured in BENCHMARKS.md).
 */
const BREAK_CHANCE = 0.3;
/** Words a sentence has at least before the model may end it ("so | I think | that's right" is not three sentences). */
const MIN_SENTENCE_WORDS = 3;

export function splitSentences(segments: TranscriptSegment[], opts: SentenceOptions = {}): Sentence[] {
  const pauseSec = opts.pauseSec ?? 0.3;
  const maxWords = opts.maxWords ?? 60;
  const breakChance = opts.breakChance ?? BREAK_CHANCE;
  const words = toWords(segments);
  if (words.length === 0) return [];
  const punctuated = isPunctuated(words);
  // Where a sentence ends anyway: a speaker turn (one sentence, one voice), a pause between segments
  // (unpunctuated text) or a long pause.
  const hardBreak = (w: TimedWord): boolean => w.turn || w.gapBefore >= Math.max(2, pauseSec) || (!punctuated && w.segmentStart && w.gapBefore >= pauseSec);
  const chance = punctuated ? undefined : breakProbabilities(words.map((w) => breakWord(w.text)));
  // A sentence starts where the chance is high and higher than at the next two words ("| so I think" rather
  // than "so | I think"), and leaves a sentence of a few words before the next hard break ("… more of them | here").
  const startsSentence = (i: number): boolean => {
    if (chance === undefined || chance[i] < breakChance || chance[i] < (chance[i + 1] ?? 0) || chance[i] < (chance[i + 2] ?? 0)) return false;
    for (let j = i + 1; j < i + MIN_SENTENCE_WORDS; j++) if (j >= words.length || hardBreak(words[j])) return false;
    return true;
  };
  const groups: TimedWord[][] = [];
  // Indexes of groups that end, or start, where a run was cut for length.
  const clipped = new Set<number>();
  let current: TimedWord[] = [];
  const flush = (): void => {
    if (current.length > 0) groups.push(current);
    current = [];
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (current.length > 0) {
      if (hardBreak(w) || (current.length >= MIN_SENTENCE_WORDS && startsSentence(i))) flush();
      else if (current.length >= maxWords && punctuated) flush();
      else if (current.length >= maxWords) {
        // Too long with no likely sentence start: break before its last "and"/"or" in its second half, else here.
        let j = current.length - 1;
        while (j >= maxWords / 2 && !JOINING.has(breakWord(current[j].text))) j--;
        if (j < maxWords / 2) flush();
        else {
          groups.push(current.slice(0, j));
          current = current.slice(j);
        }
        clipped.add(groups.length - 1).add(groups.length);
      }
    }
    current.push(w);
    if (punctuated && endsSentence(w.text, words[i + 1]?.text)) flush();
  }
  flush();
  return groups.map((g, index) => ({
    index,
    text: g.map((w) => w.text).join(' '),
    startSec: g[0].startSec,
    endSec: Math.max(g[g.length - 1].endSec, g[0].startSec),
    ...(g[0].speaker !== undefined ? { speaker: g[0].speaker } : {}),
    ...(g[0].turn ? { turn: true } : {}),
    ...(clipped.has(index) ? { clipped: true } : {}),
  }));
}

/** A token that ends a sentence: a final mark, not an abbreviation or a name's initial. */
export function endsSentence(word: string, next: string | undefined): boolean {
  if (!TERMINAL.test(word)) return false;
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // An initial like "J." before a capitalised word is a name, not a sentence end.
  if (/^\p{Lu}\.$/u.test(word) && next !== undefined && /^\p{Lu}/u.test(next)) return false;
  return true;
}

/** Punctuated when sentence-final marks occur at least once per 40 words. */
function isPunctuated(words: TimedWord[]): boolean {
  let marks = 0;
  for (const w of words) if (TERMINAL.test(w.text)) marks++;
  return marks > 0 && words.length / marks <= 40;
}

/** Splits segments into words; word times come from the engine when given, else are spread by length. */
function toWords(segments: TranscriptSegment[]): TimedWord[] {
  const out: TimedWord[] = [];
  let prevEnd = Number.NEGATIVE_INFINITY;
  let prevSpeaker: string | undefined;
  const sorted = segments
    .filter((s) => typeof s.text === 'string' && Number.isFinite(s.startSec))
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.startSec - b.s.startSec || a.i - b.i)
    .map((x) => x.s);
  for (const seg of sorted) {
    const start = Math.max(0, seg.startSec);
    const end = Number.isFinite(seg.endSec) && seg.endSec >= start ? seg.endSec : start;
    const given = seg.words?.filter((w) => w.text.trim().length > 0 && Number.isFinite(w.startSec));
    let timed: { text: string; startSec: number; endSec: number }[];
    if (given && given.length > 0) {
      timed = given.flatMap((w) =>
        w.text.trim().split(/\s+/).map((t) => ({ text: t, startSec: w.startSec, endSec: Math.max(w.endSec, w.startSec) })),
      );
    } else {
      const tokens = seg.text.replace(/\s+/g, ' ').trim().split(' ').filter((t) => t.length > 0);
      const totalChars = tokens.reduce((n, t) => n + t.length + 1, 0);
      let acc = 0;
      timed = tokens.map((t) => {
        const s = start + ((end - start) * acc) / totalChars;
        acc += t.length + 1;
        return { text: t, startSec: s, endSec: start + ((end - start) * acc) / totalChars };
      });
    }
    const speaker = seg.speaker?.trim() || undefined;
    // A turn: the source marks one, or names a different speaker than the segment before.
    const turn = out.length > 0 && (seg.speakerChange === true || (speaker !== undefined && prevSpeaker !== undefined && speaker !== prevSpeaker));
    if (speaker !== undefined) prevSpeaker = speaker;
    timed.forEach((w, j) => {
      const gap = j === 0 && prevEnd > Number.NEGATIVE_INFINITY ? Math.max(0, w.startSec - prevEnd) : 0;
      out.push({ ...w, gapBefore: j === 0 && out.length > 0 ? gap : 0, segmentStart: j === 0, ...(speaker !== undefined ? { speaker } : {}), turn: j === 0 && turn });
    });
    if (timed.length > 0) prevEnd = Math.max(prevEnd, end);
  }
  return out;
}
