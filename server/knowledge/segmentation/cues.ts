// Spoken part announcements ("Chapter two, ...", "Part 3:", "Lecture four"): boundaries the speaker states.
// One such sentence is weak evidence: "Section 2 of the act ...", "Part I think ...", "Unit 3 of the building"
// open sentences too. So an announcement counts only inside a run of ordered numbers under the same word
// ("chapter one ... chapter two ..."): consecutive numbers, in the order spoken. Even then it is a soft
// signal (a cheaper section start, see optimal.ts), not a hard boundary: the speaker may read a table of contents.
import type { Sentence } from '../../domain/analysis';

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const ORDINAL = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const NUMBER_WORD = `(?:\\d+|[ivxlc]+|${SMALL.slice(1).join('|')}|${ORDINAL.slice(1).join('|')}|last|final|next)`;
const KEYWORD = '(chapter|part|section|lesson|lecture|module|unit|episode|book|step|topic)';
/** A sentence that opens like a part announcement ("Chapter two, ...", "Part 3:", "Lecture four"). */
const ANNOUNCES_PART = new RegExp(`^["'“(]*${KEYWORD}\\s+(${NUMBER_WORD})\\b`, 'i');

/** Whether the sentence opens like a part announcement (not yet whether it belongs to an ordered run). */
export function announcesPart(text: string): boolean {
  return ANNOUNCES_PART.test(text.trim());
}

function romanValue(s: string): number | null {
  const v: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const a = v[s[i]];
    const b = i + 1 < s.length ? v[s[i + 1]] : 0;
    total += a < b ? -a : a;
  }
  return total > 0 ? total : null;
}

/** The announced part's keyword and number ("Chapter two" → chapter, 2), or null (no announcement, or no number: "next part"). */
export function parseAnnouncement(text: string): { keyword: string; number: number } | null {
  const m = ANNOUNCES_PART.exec(text.trim());
  if (!m) return null;
  const keyword = m[1].toLowerCase();
  const word = m[2].toLowerCase();
  let number: number | null = null;
  if (/^\d+$/.test(word)) number = Number(word);
  else if (SMALL.includes(word)) number = SMALL.indexOf(word);
  else if (ORDINAL.includes(word)) number = ORDINAL.indexOf(word);
  else if (/^[ivxlc]+$/.test(word)) number = romanValue(word);
  return number === null ? null : { keyword, number };
}

/**
 * Sentences that announce a part as members of a run of ordered numbers: for each keyword, the longest chain
 * of announcements numbered n, n+1, n+2, ... in the order spoken, each at least `minGapSec` after the
 * previous member; chains shorter than `minRun` (2) count for nothing. Sorted sentence indexes.
 */
export function orderedAnnouncements(sentences: Sentence[], minGapSec: number, minRun = 2): number[] {
  const found: { index: number; keyword: string; number: number }[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const a = parseAnnouncement(sentences[i].text);
    if (a) found.push({ index: i, ...a });
  }
  const length = new Int32Array(found.length);
  const prev = new Int32Array(found.length).fill(-1);
  for (let i = 0; i < found.length; i++) {
    length[i] = 1;
    for (let j = 0; j < i; j++) {
      if (found[j].keyword !== found[i].keyword || found[j].number !== found[i].number - 1) continue;
      if (sentences[found[i].index].startSec - sentences[found[j].index].startSec < minGapSec) continue;
      if (length[j] + 1 > length[i]) {
        length[i] = length[j] + 1;
        prev[i] = j;
      }
    }
  }
  const out = new Set<number>();
  const bestEnd = new Map<string, number>();
  for (let i = 0; i < found.length; i++) {
    const b = bestEnd.get(found[i].keyword);
    if (b === undefined || length[i] > length[b]) bestEnd.set(found[i].keyword, i);
  }
  for (const end of bestEnd.values()) {
    if (length[end] < minRun) continue;
    for (let i = end; i >= 0; i = prev[i]) out.add(found[i].index);
  }
  return [...out].sort((a, b) => a - b);
}
