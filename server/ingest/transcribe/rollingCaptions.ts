// Rolling ("roll-up") automatic captions, the shape YouTube's auto captions take: each cue shows the previous
// line again above the new one, and a flash cue of 10 ms in between shows the previous line alone. Converters
// and transcript tools often run a cue's two lines together on one line, so the repeat is found by words
// (a suffix of one cue equal to a prefix of the next), not by lines.
//
// Constants come from the format, not from a talk:
// - FLASH_SEC 0.05: YouTube's flash cue lasts 10 ms; converters round times to 1/100 s or snap them to video
//   frames (33-42 ms), so anything up to 50 ms is a flash. No spoken syllable is that short (~100 ms and up),
//   so a cue that short never carries speech of its own.
// - contiguity: a roll-up display replaces the previous cue when the next one appears, so a rolling
//   continuation starts inside the previous cue or within FLASH_SEC of its end (the same rounding slack).
// - ROLLING_SHARE 0.5: in the rolling format every consecutive pair overlaps (measured: 100 % of pairs in both
//   eval-public autocaption talks) except around breaks; in clean captions an overlap is a coincidence (0-1 %
//   of pairs in the seven clean eval-public talks). Half is the midpoint, far from both.
import type { Token } from './captionText';

export const FLASH_SEC = 0.05;
export const ROLLING_SHARE = 0.5;

export interface TokenCue {
  start: number;
  end: number;
  tokens: Token[];
  /** Token index where each of the cue's lines starts (the first is 0). */
  lineStarts: number[];
}

/** The continuation test on timing alone: `next` starts inside `prev` or right where it ends. */
function contiguous(prev: { start: number; end: number }, next: { start: number; end: number }): boolean {
  return next.start >= prev.start - FLASH_SEC && next.start <= prev.end + FLASH_SEC;
}

/**
 * How many leading words of `next` repeat the trailing words of `prev`. When `next` has several lines and
 * whole leading lines of it are such a repeat, that line-aligned count wins (it is the exact roll-up shape and
 * immune to words that happen to repeat across the line break); otherwise the longest word overlap.
 */
export function overlapWords(prev: TokenCue, next: TokenCue): number {
  const a = prev.tokens;
  const b = next.tokens;
  for (let j = next.lineStarts.length - 1; j >= 1; j--) {
    const k = next.lineStarts[j];
    if (k <= a.length && sameRun(a, a.length - k, b, 0, k)) return k;
  }
  return longestSuffixPrefix(a, b);
}

function sameRun(a: Token[], ai: number, b: Token[], bi: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[ai + i].text !== b[bi + i].text) return false;
  return true;
}

/** Longest k with a's last k words equal to b's first k words, in O(|a| + |b|) (Knuth-Morris-Pratt on b). */
function longestSuffixPrefix(a: Token[], b: Token[]): number {
  const m = Math.min(a.length, b.length);
  if (m === 0) return 0;
  const fail = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && b[i].text !== b[k].text) k = fail[k - 1];
    if (b[i].text === b[k].text) k++;
    fail[i] = k;
  }
  let k = 0;
  for (let i = a.length - m; i < a.length; i++) {
    while (k > 0 && (k === m || a[i].text !== b[k].text)) k = fail[k - 1];
    if (a[i].text === b[k].text) k++;
  }
  return k;
}

/** A cue as its words joined by single spaces (cleaned text), with its times. */
export interface TextCue {
  start: number;
  end: number;
  text: string;
}

/** Do some trailing words of `a` equal the leading words of `b`? (Texts are words joined by single spaces.) */
export function wordsOverlap(a: string, b: string): boolean {
  const space = b.indexOf(' ');
  const first = space < 0 ? b : b.slice(0, space);
  for (let p = a.indexOf(first); p >= 0; p = a.indexOf(first, p + 1)) {
    if (p > 0 && a.charCodeAt(p - 1) !== 32) continue;
    const n = a.length - p;
    if (n <= b.length && (n === b.length || b.charCodeAt(n) === 32) && a.endsWith(b.slice(0, n))) return true;
  }
  return false;
}

/**
 * File-level decision: is this a rolling caption file? True when at least ROLLING_SHARE of the consecutive
 * pairs roll (contiguous and overlapping by words). Stops counting once the answer cannot change.
 */
export function isRolling(cues: TextCue[]): boolean {
  const pairs = cues.length - 1;
  if (pairs < 1) return false;
  const need = Math.ceil(pairs * ROLLING_SHARE);
  let yes = 0;
  let no = 0;
  for (let i = 1; i < cues.length; i++) {
    if (contiguous(cues[i - 1], cues[i]) && wordsOverlap(cues[i - 1].text, cues[i].text)) yes++;
    else no++;
    if (yes >= need) return true;
    if (no > pairs - need) return false;
  }
  return false;
}

/**
 * Keeps what each cue adds to the one before it (compared with the cue as written, so a dropped flash cue
 * still counts as "the one before"). Per pair, only a contiguous cue with a word overlap is a continuation.
 * A flash cue that adds nothing is dropped and stretches the last kept cue to its end; a longer cue that adds
 * nothing is a line said again ("No." … "No.") and stays whole.
 */
export function collapseRolling(cues: TokenCue[]): TokenCue[] {
  const out: TokenCue[] = [];
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i];
    const prev = i > 0 ? cues[i - 1] : null;
    const k = prev && contiguous(prev, cue) ? overlapWords(prev, cue) : 0;
    if (k === 0) {
      out.push(cue);
      continue;
    }
    if (k === cue.tokens.length) {
      if (cue.end - cue.start <= FLASH_SEC) {
        const last = out[out.length - 1];
        if (last && cue.end > last.end && cue.start <= last.end + FLASH_SEC) last.end = cue.end;
      } else {
        out.push(cue);
      }
      continue;
    }
    out.push({
      start: cue.start,
      end: cue.end,
      tokens: cue.tokens.slice(k),
      lineStarts: [0, ...cue.lineStarts.filter((s) => s > k).map((s) => s - k)],
    });
  }
  return out;
}
