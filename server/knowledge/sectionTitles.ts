// Section titles: a creator's chapter title where a section starts at one; else the concepts that
// are distinctive for this section against the rest of the talk (a concept said all through the
// talk, its main noun, names no section), preferring ones its neighbour's title does not use.
import type { Chapter } from '../domain/types';
import type { Sentence } from '../domain/analysis';
import type { ConceptResult } from './concepts';
import { announcesPart, chapterStartIndexes } from './segment';

type Range = { from: number; to: number };

export function sectionTitles(sentences: Sentence[], ranges: Range[], chapters: Chapter[], concepts: Pick<ConceptResult, 'concepts' | 'sectionConcepts' | 'occurrenceSentences'>): string[] {
  const chapterTitles = titleByChapterStart(sentences, chapters);
  const labelById = new Map(concepts.concepts.map((c) => [c.id, c.label]));
  const titles: string[] = [];
  let previous: string[] = [];
  ranges.forEach((r, i) => {
    const ranked = distinctiveConcepts(concepts.sectionConcepts[i] ?? [], concepts.occurrenceSentences, r, sentences.length);
    const labels = pickLabels(ranked.map((id) => labelById.get(id) ?? id), previous, 2);
    previous = labels;
    titles.push(sectionTitle(sentences, r, chapterTitles, ranges, i, labels));
  });
  return titles;
}

/**
 * Titles of a section's parts: the concepts said more in the part than across its section (lift > 1),
 * up to two, not the neighbouring part's nor the section title's; a part with none is named by its order ("Part 2").
 */
export function subsectionTitles(parts: Range[], section: Range, concepts: Pick<ConceptResult, 'concepts' | 'occurrenceSentences'>, sectionTitle = ''): string[] {
  // A part should not repeat its section's title: those labels count as used, like the neighbour's.
  const inTitle = concepts.concepts.map((c) => c.label).filter((l) => sectionTitle.toLowerCase().includes(l.toLowerCase()));
  const sectionLength = section.to - section.from;
  let previous: string[] = [];
  return parts.map((q, j) => {
    const share = (q.to - q.from) / Math.max(1, sectionLength);
    const scored = concepts.concepts
      .map((c) => {
        const occ = (concepts.occurrenceSentences.get(c.id) ?? []).filter((s) => s >= section.from && s < section.to);
        const here = occ.filter((s) => s >= q.from && s < q.to).length;
        const lift = occ.length > 0 ? here / occ.length / share : 0;
        return { label: c.label, score: here > 0 && lift > 1 ? lift * Math.log1p(here) : 0 };
      })
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score);
    const labels = pickLabels(scored.map((x) => x.label), [...previous, ...inTitle], 2);
    previous = labels;
    return labels.length > 0 ? cleanTitle(labels.join(' and ')) : `Part ${j + 1}`;
  });
}

/**
 * The section's concepts that occur more often here than in the talk as a whole (lift > 1), most
 * distinctive first (lift weighted by how often they occur here); when none does, all of them in
 * their original order.
 */
export function distinctiveConcepts(ids: string[], occurrences: Map<string, number[]>, r: Range, sentenceCount: number): string[] {
  const share = (r.to - r.from) / Math.max(1, sentenceCount);
  const scored = ids.map((id, order) => {
    const occ = occurrences.get(id) ?? [];
    const here = occ.filter((s) => s >= r.from && s < r.to).length;
    const lift = occ.length > 0 && share > 0 ? here / occ.length / share : 0;
    return { id, order, score: lift > 1 ? lift * Math.log1p(here) : 0 };
  });
  const distinct = scored.filter((x) => x.score > 0);
  return (distinct.length > 0 ? distinct.sort((a, b) => b.score - a.score || a.order - b.order) : scored).map((x) => x.id);
}

/** Up to n labels, skipping one that contains or is contained in one already taken ("Tree", "Fir tree"), and, while others remain, one the previous title used. */
function pickLabels(labels: string[], previous: string[], n: number): string[] {
  const prev = new Set(previous.map((l) => l.toLowerCase()));
  const fresh = labels.filter((l) => !prev.has(l.toLowerCase()));
  const ordered = fresh.length >= Math.min(n, labels.length) ? [...fresh, ...labels.filter((l) => prev.has(l.toLowerCase()))] : labels;
  const out: string[] = [];
  for (const l of ordered) {
    const low = l.toLowerCase();
    if (out.some((o) => o.toLowerCase().includes(low) || low.includes(o.toLowerCase()))) continue;
    out.push(l);
    if (out.length === n) break;
  }
  return out;
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

function cleanTitle(t: string): string {
  const s = t.replace(/\s+/g, ' ').trim();
  return s.length > 90 ? s.slice(0, 89).trimEnd() + '…' : s;
}

function sectionTitle(
  sentences: Sentence[],
  r: { from: number; to: number },
  chapterTitles: Map<number, string>,
  ranges: { from: number; to: number }[],
  i: number,
  labels: string[],
): string {
  const concepts = labels.join(' and ');
  const chapter = chapterTitles.get(r.from);
  if (chapter) return chapter;
  // A later part of a chapter that was split: the chapter's title plus what this part is about.
  for (let j = i - 1; j >= 0; j--) {
    const t = chapterTitles.get(ranges[j].from);
    if (t) return cleanTitle(concepts ? `${t}: ${concepts}` : `${t} (continued)`);
  }
  const first = sentences[r.from].text;
  if (announcesPart(first)) return cleanTitle(first.replace(/["“”]/g, '').replace(/[.,;:]+$/, ''));
  if (concepts) return cleanTitle(concepts);
  const ws = first.split(/\s+/);
  return cleanTitle(ws.length > 8 ? ws.slice(0, 8).join(' ') + '…' : first);
}
