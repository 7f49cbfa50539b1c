// Timed transcript segments → timed sentences.
// Punctuated transcripts (whisper) split at sentence-final punctuation; unpunctuated ones (captions,
// pocketsphinx) split at pauses between segments and, inside long runs, before clause openers.
import type { TranscriptSegment } from '../domain/types';
import type { Sentence } from '../domain/analysis';

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
/**
 * Where a pause-less unpunctuated run that has grown long may break: before a word that opens a clause, or
 * before its subject (a nominative pronoun, or a pronoun with its verb: "it's", "we're"). "and" and "or" break
 * only before one of those ("and we ...", "and so"): alone they join words as often as clauses ("the left |
 * and right hemispheres").
 */
const CLAUSE_OPENERS = new Set(['but', 'so', 'because', 'then', 'now', 'which', 'when', 'while', 'although', 'however', 'though']);
const SUBJECTS = new Set(['i', 'we', 'they', 'he', 'she', "i'm", "i've", "i'll", "i'd", "we're", "we've", "we'll", "we'd", "they're",
  "they've", "they'll", "it's", "that's", "there's", "here's", "let's", "what's", "you're", "you've", "you'll"]);
const JOINING = new Set(['and', 'or']);

function opensClause(word: string, next: string | undefined): boolean {
  const w = bare(word);
  if (CLAUSE_OPENERS.has(w) || SUBJECTS.has(w)) return true;
  const n = next === undefined ? '' : bare(next);
  return JOINING.has(w) && (CLAUSE_OPENERS.has(n) || SUBJECTS.has(n));
}

export interface SentenceOptions {
  /** A pause at least this long ends a sentence in unpunctuated text. */
  pauseSec?: number;
  /** Longest sentence, in words, before it is cut. */
  maxWords?: number;
  /** Shortest unpunctuated run, in words, that may break before a clause opener. */
  minClauseWords?: number;
}

export function splitSentences(segments: TranscriptSegment[], opts: SentenceOptions = {}): Sentence[] {
  const pauseSec = opts.pauseSec ?? 0.3;
  const maxWords = opts.maxWords ?? 60;
  const minClauseWords = opts.minClauseWords ?? maxWords / 2;
  const words = toWords(segments);
  if (words.length === 0) return [];
  const punctuated = isPunctuated(words);
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
      const longPause = w.gapBefore >= Math.max(2, pauseSec);
      const pauseBreak = !punctuated && w.segmentStart && w.gapBefore >= pauseSec;
      // A speaker turn always ends the sentence before it: one sentence, one voice.
      if (w.turn) flush();
      const clauseBreak = !punctuated && current.length >= minClauseWords && opensClause(w.text, words[i + 1]?.text);
      if (current.length > 0 && (longPause || pauseBreak || clauseBreak)) flush();
      else if (current.length >= maxWords && punctuated) flush();
      else if (current.length >= maxWords) {
        // Too long with no clause opener in its second half: break before its last "and"/"or" there, else here.
        let j = current.length - 1;
        while (j >= maxWords / 2 && !JOINING.has(bare(current[j].text))) j--;
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

function bare(word: string): string {
  return word.toLowerCase().replace(/’/g, "'").replace(/[^\p{L}\p{N}']/gu, '');
}

function endsSentence(word: string, next: string | undefined): boolean {
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
