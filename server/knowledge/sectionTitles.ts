// Section and part titles: a creator's chapter title where a section starts at one; else the key phrase
// of the block in the talk's own words (titlePhrases.ts), the best by distinctiveness for the block against
// the rest of the talk and against ordinary English, spread, frequency, closeness to the block's meaning and
// whether the block gives it its name, of 2-7 words (or one word the block names) where the block has such a
// phrase, and not the title of the block before it.
import type { Chapter } from '../domain/types';
import type { Sentence } from '../domain/analysis';
import { announcesPart, chapterStartIndexes } from './segment';
import { contentTerms } from './text';
import { titleScore, type Range, type TitleCandidate, type TitleWeights } from './titlePhrases';

/**
 * Chosen leave-one-talk-out over the titled eval-public talks (bench/title-loo.ts; in-sample and left-out
 * figures in BENCHMARKS.md, "Titles in the talk's own words").
 */
export const TITLE_WEIGHTS: TitleWeights = { english: 0, spread: 2, freq: 0.5, centrality: 32, named: 4 };

export function sectionTitles(sentences: Sentence[], ranges: Range[], chapters: Chapter[], candidates: TitleCandidate[][], weights = TITLE_WEIGHTS): string[] {
  const chapterTitles = titleByChapterStart(sentences, chapters);
  const phrases = keyPhrases(candidates, weights);
  return ranges.map((r, i) => sectionTitle(sentences, r, chapterTitles, ranges, i, phrases[i]));
}

/** Titles of a section's parts: their key phrases, none the section's title nor the part's before it nor one in `used`; a part with none is named by its order ("Part 2"). */
export function subsectionTitles(candidates: TitleCandidate[][], sectionTitle = '', weights = TITLE_WEIGHTS, used = new Set<string>()): string[] {
  return keyPhrases(candidates, weights, sectionTitle, used).map((p, j) => p ?? `Part ${j + 1}`);
}

/**
 * The titles of a notes outline: each section's, and each of its parts' (`partCandidates[i]` empty for a
 * section without parts); no phrase names two blocks anywhere in the outline.
 */
export function outlineTitles(
  sentences: Sentence[],
  ranges: Range[],
  chapters: Chapter[],
  sectionCandidates: TitleCandidate[][],
  partCandidates: TitleCandidate[][][],
  weights = TITLE_WEIGHTS,
  partWeights = weights,
): { sections: string[]; parts: string[][] } {
  const sections = sectionTitles(sentences, ranges, chapters, sectionCandidates, weights);
  const used = new Set(sections.map((t) => t.toLowerCase()));
  return { sections, parts: partCandidates.map((c, i) => (c.length > 0 ? subsectionTitles(c, sections[i], partWeights, used) : [])) };
}

/**
 * The key phrase of each block in turn, best score first: not one whose content words contain, or are
 * contained in, `avoid` or the previous block's title (so "Attention" is not followed by "Attention
 * pattern") while another remains; of 2-7 words, or a single word the block names ("this process is called
 * masking": a term, as creators' one-word chapters are), where such a phrase remains; never a title already
 * used (here or in `used`, which gains the picks).
 */
export function keyPhrases(candidates: TitleCandidate[][], weights: TitleWeights, avoid = '', used = new Set<string>()): (string | null)[] {
  let previous: string | null = null;
  return candidates.map((list) => {
    const ranked = [...list].sort((a, b) => titleScore(b, weights) - titleScore(a, weights) || (a.text < b.text ? -1 : 1));
    const unused = ranked.filter((c) => !used.has(c.text.toLowerCase()));
    const apart = unused.filter((c) => !nested(c.text, avoid));
    const fresh = apart.filter((c) => !nested(c.text, previous));
    const long = (list: TitleCandidate[]): TitleCandidate | undefined => list.find((c) => c.wordCount >= 2 || c.named > 0) ?? list[0];
    // Rather like the neighbour than like `avoid` (a part's own section), rather either than nothing.
    const pick = long(fresh) ?? long(apart) ?? long(unused);
    previous = pick ? cleanTitle(pick.text) : null;
    if (previous) used.add(previous.toLowerCase());
    return previous;
  });
}

/** True when the content words of one title are all among the other's. */
function nested(a: string, b: string | null): boolean {
  if (!b) return false;
  const x = new Set(contentTerms(a));
  const y = new Set(contentTerms(b));
  if (x.size === 0 || y.size === 0) return false;
  return [...x].every((w) => y.has(w)) || [...y].every((w) => x.has(w));
}

function titleByChapterStart(sentences: Sentence[], chapters: Chapter[]): Map<number, string> {
  const out = new Map<number, string>();
  const sorted = [...chapters].sort((a, b) => a.startSec - b.startSec);
  const starts = chapterStartIndexes(sentences, sorted);
  for (const ch of sorted) {
    const idx = ch.startSec <= 0 ? 0 : sentences.findIndex((s) => (s.startSec + s.endSec) / 2 >= ch.startSec);
    const title = typeof ch.title === 'string' ? cleanTitle(ch.title) : '';
    if (idx >= 0 && starts.includes(idx) && title) out.set(idx, title);
  }
  return out;
}

/** One line, bounded length, a capital first letter, the pronoun "I" upper case (unpunctuated captions say "i"). */
export function cleanTitle(t: string): string {
  const s = t.replace(/\s+/g, ' ').trim().replace(/(^|\s)i(?=\s|$|['’])/g, '$1I');
  const c = s.charAt(0).toUpperCase() + s.slice(1);
  return c.length > 90 ? c.slice(0, 89).trimEnd() + '…' : c;
}

function sectionTitle(sentences: Sentence[], r: Range, chapterTitles: Map<number, string>, ranges: Range[], i: number, phrase: string | null): string {
  const chapter = chapterTitles.get(r.from);
  if (chapter) return chapter;
  // A later part of a chapter that was split: the chapter's title plus what this part is about.
  for (let j = i - 1; j >= 0; j--) {
    const t = chapterTitles.get(ranges[j].from);
    if (t) return cleanTitle(phrase ? `${t}: ${phrase}` : `${t} (continued)`);
  }
  const first = sentences[r.from].text;
  if (announcesPart(first)) return cleanTitle(first.replace(/["“”]/g, '').replace(/[.,;:]+$/, ''));
  if (phrase) return phrase;
  const ws = first.split(/\s+/);
  return cleanTitle(ws.length > 8 ? ws.slice(0, 8).join(' ') + '…' : first);
}
