import { formatClock } from '../domain/time';
// analysis + metadata → notes.md, transcript.md and graph.json (docs/notes-format.md).
// Pure functions: the same job renders byte-identical files whether it ran straight through or
// was resumed, so nothing here reads a clock.
import type { Analysis, GraphFile, KeyPoint, Sentence } from '../domain/analysis';
import type { EngineName } from '../domain/types';
import { citation, escapeInline, transcriptAnchor, videoUrlAt, yamlString } from './markdownText';
import { maskCredentials, safeWebUrl } from '../domain/safeUrl';

export interface NotesMeta {
  title: string;
  /** What the user pointed at: a URL or a file path. */
  source: string;
  webpageUrl: string | null;
  durationSec: number;
  engine: EngineName;
  model: string | null;
}

export interface RenderOptions {
  /** Frame image per section index, relative to notes.md. */
  frames?: ReadonlyMap<number, string>;
  /** False while the job still runs: the notes say that more is coming. */
  complete: boolean;
}

export interface RenderedNotes {
  markdown: string;
  /** 0-based line of each section's heading, by section index. */
  sectionLines: number[];
}

/** Whole seconds that carry an anchor in transcript.md, ascending. */
export function anchorSeconds(sentences: readonly Sentence[]): number[] {
  const seen = new Set<number>();
  for (const s of sentences) seen.add(Math.floor(Math.max(0, s.startSec)));
  return [...seen].sort((a, b) => a - b);
}

/** Snaps a cited time to the last anchor at or before it, so every citation resolves. */
function citeAt(anchors: readonly number[], sec: number): string {
  const t = Math.floor(Math.max(0, sec));
  let lo = 0;
  let hi = anchors.length - 1;
  let best = anchors.length ? anchors[0] : 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (anchors[mid] <= t) {
      best = anchors[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return citation(best);
}

function conceptAnchor(id: string): string {
  return `c-${id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'concept'}`;
}

export function renderTranscript(title: string, sentences: readonly Sentence[]): string {
  const lines = [`# Transcript: ${escapeInline(title)}`, ''];
  if (sentences.length === 0) lines.push('_No speech was found._', '');
  let lastAnchor = -1;
  for (const s of sentences) {
    const sec = Math.floor(Math.max(0, s.startSec));
    const anchor = sec !== lastAnchor ? `<a id="${transcriptAnchor(sec)}"></a>` : '';
    lastAnchor = sec;
    lines.push(`${anchor}**[${formatClock(s.startSec)}]** ${escapeInline(s.text)}`, '');
  }
  return lines.join('\n');
}

export function renderNotes(rawMeta: NotesMeta, analysis: Analysis, opts: RenderOptions): RenderedNotes {
  // Only an http(s) page becomes `url:` and watch links; credentials in it or in the source never reach the file.
  const webUrl = safeWebUrl(rawMeta.webpageUrl);
  const meta: NotesMeta = { ...rawMeta, source: maskCredentials(rawMeta.source), webpageUrl: webUrl && maskCredentials(webUrl) };
  const anchors = anchorSeconds(analysis.sentences);
  const out: string[] = [];
  const bullet = (p: KeyPoint) => `- ${escapeInline(p.text)} ${citeAt(anchors, p.startSec)}`;
  const conceptsById = new Map(analysis.concepts.map((c) => [c.id, c]));

  out.push('---', `title: ${yamlString(meta.title)}`, `source: ${yamlString(meta.source)}`);
  if (meta.webpageUrl) out.push(`url: ${yamlString(meta.webpageUrl)}`);
  out.push(`duration: ${yamlString(formatClock(meta.durationSec))}`, `engine: ${yamlString(meta.engine)}`);
  if (meta.model) out.push(`model: ${yamlString(meta.model)}`);
  out.push('---', '', `# ${escapeInline(meta.title)}`, '');
  if (!opts.complete) out.push('_Transcribing: these notes grow as sections finish._', '');

  if (analysis.sentences.length === 0) {
    out.push('No speech was found in this video.', '');
    return { markdown: out.join('\n'), sectionLines: [] };
  }

  if (analysis.summary.length > 0) {
    out.push('## Summary', '', ...analysis.summary.map(bullet), '');
  }

  out.push('## Outline', '');
  analysis.sections.forEach((s, i) => {
    out.push(`${i + 1}. [${escapeInline(s.title)}](#s${i + 1}) — ${formatClock(s.startSec)}–${formatClock(s.endSec)}`);
  });
  out.push('');

  const sectionLines: number[] = [];
  analysis.sections.forEach((s, i) => {
    out.push(`<a id="s${i + 1}"></a>`);
    sectionLines.push(out.length);
    out.push(`## ${i + 1}. ${escapeInline(s.title)} (${formatClock(s.startSec)}–${formatClock(s.endSec)})`, '');
    const frame = opts.frames?.get(s.index);
    if (frame) out.push(`![Frame at ${formatClock(s.startSec)}](${encodeURI(frame)})`, '');
    const watch = videoUrlAt(meta.webpageUrl, s.startSec);
    if (watch) out.push(`[▶ Watch at ${formatClock(s.startSec)}](${watch})`, '');
    // A dialogue (two or more voices in the section): who speaks, and each point's speaker where named.
    const dialogue = dialogueOf(analysis.sentences.slice(s.sentenceFrom, s.sentenceTo));
    if (dialogue) out.push(dialogue.line, '');
    const point = (p: KeyPoint): string => (dialogue && p.speaker ? `- **${escapeInline(p.speaker)}:** ${bullet(p).slice(2)}` : bullet(p));
    const concepts = s.conceptIds.map((id) => conceptsById.get(id)).filter((c) => c !== undefined);
    const conceptLine = concepts.length > 0 ? [`**Key concepts:** ${concepts.map((c) => `[${escapeInline(c.label)}](#${conceptAnchor(c.id)})`).join(', ')}`, ''] : [];
    // The section's concepts come before its points (as in a section with parts, where they belong to the
    // whole section, not to its last part): one place for them in every section.
    out.push(...conceptLine);
    if (s.subsections && s.subsections.length > 1) {
      // Finer topic shifts: "### n.m", each with its time range and its own cited points.
      s.subsections.forEach((q, j) => {
        out.push(`<a id="s${i + 1}-${j + 1}"></a>`, `### ${i + 1}.${j + 1} ${escapeInline(q.title)} (${formatClock(q.startSec)}–${formatClock(q.endSec)})`, '');
        const qp = q.keyPoints.length > 0 ? q.keyPoints : firstSentence(analysis.sentences, q.sentenceFrom);
        out.push(...qp.map(point), '');
      });
    } else {
      const points = s.keyPoints.length > 0 ? s.keyPoints : firstSentence(analysis.sentences, s.sentenceFrom);
      out.push(...points.map(point), '');
    }
  });

  if (analysis.concepts.length > 0) {
    out.push('## Concept index', '');
    const byLabel = [...analysis.concepts].sort((a, b) => a.label.localeCompare(b.label, 'en'));
    for (const c of byLabel) {
      // The sections that list the concept (where it is distinctive), not every passing mention.
      const listing = analysis.sections.filter((s) => s.conceptIds.includes(c.id)).map((s) => s.index);
      const sections = listing.length > 0 ? listing : [c.mainSection];
      const refs = sections.map((i) => `[§${i + 1}](#s${i + 1})`).join(', ');
      // A glossary line: the term, where it is listed, and the sentence of the talk that best says what it is.
      const explained = c.explanation.text ? ` — ${escapeInline(c.explanation.text)} ${citeAt(anchors, c.explanation.startSec)}` : '';
      out.push(`- <a id="${conceptAnchor(c.id)}"></a>**${escapeInline(c.label)}**${refs ? ` (${refs})` : ''}${explained}`);
    }
    out.push('');
  }
  return { markdown: out.join('\n'), sectionLines };
}

/** A section's speakers when it is a dialogue: a speaker turn inside it, or two named voices. */
function dialogueOf(sentences: readonly Sentence[]): { line: string } | null {
  const names = [...new Set(sentences.map((x) => x.speaker).filter((n): n is string => n !== undefined))];
  const turns = sentences.filter((x, i) => i > 0 && x.turn).length;
  if (names.length < 2 && turns === 0) return null;
  if (names.length >= 2) return { line: `_Dialogue: ${names.map(escapeInline).join(', ')}_` };
  return { line: `_Dialogue: ${turns + 1} turns between speakers_` };
}

function firstSentence(sentences: readonly Sentence[], from: number): KeyPoint[] {
  const s = sentences[from];
  return s ? [{ text: s.text, startSec: s.startSec, endSec: s.endSec }] : [];
}

export function renderGraphFile(meta: NotesMeta, analysis: Analysis, sectionLines: readonly number[]): GraphFile {
  return {
    version: 1,
    title: meta.title,
    notes: 'notes.md',
    sections: analysis.sections.map((s, i) => ({
      index: s.index, title: s.title, startSec: s.startSec, endSec: s.endSec, line: sectionLines[i] ?? 0,
    })),
    nodes: analysis.concepts.map((c) => ({
      id: c.id, label: c.label, kind: c.kind, importance: c.importance, sectionIndex: c.mainSection,
      explanation: c.explanation, occurrences: c.occurrences,
    })),
    edges: analysis.edges,
  };
}
