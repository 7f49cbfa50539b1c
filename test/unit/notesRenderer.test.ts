// Proves: the renderer follows docs/notes-format.md — every citation in notes.md resolves to an
// anchor in transcript.md (also for key points whose time falls between sentences), hostile text
// (HTML, Markdown links, javascript: URLs) renders as literal text, graph.json's section lines point
// at the section headings, web sources get "watch at" links, and no-speech input says so.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type { Analysis } from '../../server/domain/analysis';
import { renderGraphFile, renderNotes, renderTranscript, type NotesMeta } from '../../server/render/notesRenderer';
import { escapeInline, videoUrlAt } from '../../server/render/markdownText';
import { parseNotes } from '../../server/protocol/notesFile';
import { formatClock, formatDuration, parseClock } from '../../server/domain/time';

const meta: NotesMeta = { title: 'Intro <script>alert(1)</script>', source: 'https://example.org/v?id=1', webpageUrl: 'https://www.youtube.com/watch?v=abc', durationSec: 4000, engine: 'captions', model: null };

function analysis(): Analysis {
  const sentences = [
    { index: 0, text: 'Welcome to the course.', startSec: 0.4, endSec: 3 },
    { index: 1, text: 'Click [here](javascript:alert(1)) now.', startSec: 3.2, endSec: 6 },
    { index: 2, text: 'Entropy measures disorder.', startSec: 65, endSec: 70 },
    { index: 3, text: 'Entropy always grows in closed systems.', startSec: 3700.7, endSec: 3705 },
  ];
  return {
    sentences,
    sections: [
      { index: 0, title: 'Welcome', startSec: 0, endSec: 60, sentenceFrom: 0, sentenceTo: 2, keyPoints: [{ text: sentences[1].text, startSec: 3.2, endSec: 6 }], conceptIds: ['course'] },
      { index: 1, title: 'Entropy ](javascript:x)', startSec: 60, endSec: 4000, sentenceFrom: 2, sentenceTo: 4, keyPoints: [{ text: 'Entropy measures disorder.', startSec: 66.5, endSec: 70 }, { text: sentences[3].text, startSec: 3700.7, endSec: 3705 }], conceptIds: ['entropy', 'course'] },
    ],
    concepts: [
      { id: 'entropy', label: 'entropy', kind: 'concept', importance: 1, mainSection: 1, occurrences: [{ startSec: 65, sectionIndex: 1 }, { startSec: 3700.7, sectionIndex: 1 }], explanation: { text: 'Entropy measures disorder.', startSec: 65, endSec: 70 } },
      { id: 'course', label: 'course', kind: 'concept', importance: 0.4, mainSection: 0, occurrences: [{ startSec: 0.4, sectionIndex: 0 }], explanation: { text: 'Welcome to the course.', startSec: 0.4, endSec: 3 } },
    ],
    edges: [{ source: 'entropy', target: 'course', weight: 0.5, kind: 'cooccurrence' }],
    summary: [{ text: 'Entropy measures disorder.', startSec: 65, endSec: 70 }],
  };
}

const CITATION = /\[(?:\d+:)?\d{1,2}:\d{2}\]\(transcript\.md#(t-\d+)\)/g;

test('every citation resolves to an anchor in the transcript', () => {
  const a = analysis();
  const notes = renderNotes(meta, a, { complete: true }).markdown;
  const transcript = renderTranscript(meta.title, a.sentences);
  const anchors = new Set([...transcript.matchAll(/<a id="(t-\d+)"><\/a>/g)].map((m) => m[1]));
  const cited = [...notes.matchAll(CITATION)].map((m) => m[1]);
  assert.ok(cited.length >= 4);
  for (const c of cited) assert.ok(anchors.has(c), `citation #${c} has no anchor`);
  // 66.5 s lies inside the sentence that starts at 65 s: it cites that sentence's anchor.
  assert.match(notes, /Entropy measures disorder\. \[1:05\]\(transcript\.md#t-65\)/);
  assert.match(notes, /\[1:01:40\]\(transcript\.md#t-3700\)/);
});

test('hostile text renders literally: no HTML, no links from transcript text or titles', () => {
  const a = analysis();
  const html = new MarkdownIt({ html: true }).render(renderNotes(meta, a, { complete: true }).markdown);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const thtml = new MarkdownIt({ html: true }).render(renderTranscript(meta.title, a.sentences));
  assert.doesNotMatch(thtml, /href="javascript:/i);
});

test('escapeInline never lets arbitrary text produce a link or a tag', () => {
  const md = new MarkdownIt({ html: true, linkify: false });
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => {
      const html = md.renderInline(escapeInline(s));
      assert.doesNotMatch(html, /<(?!\/?(em|strong|code|s)>)[a-z!/]/i, html);
    }),
    { numRuns: 500 },
  );
});

test('graph.json section lines point at the section headings; web sources get watch links', () => {
  const a = analysis();
  const r = renderNotes(meta, a, { complete: true });
  const lines = r.markdown.split('\n');
  const g = renderGraphFile(meta, a, r.sectionLines);
  assert.equal(g.sections.length, 2);
  for (const s of g.sections) assert.match(lines[s.line], new RegExp(`^## ${s.index + 1}\\. `));
  assert.equal(g.nodes[0].id, 'entropy');
  assert.match(r.markdown, /\[▶ Watch at 1:00\]\(<https:\/\/www\.youtube\.com\/watch\?v=abc&t=60s>\)/);
  assert.match(r.markdown, /<a id="c-entropy"><\/a>\*\*entropy\*\* \(\[§2\]\(#s2\)\)/);
  assert.match(r.markdown, /^duration: "1:06:40"$/m);
});

test('the concept index points to the sections that list a concept, not to every passing mention', () => {
  const a = analysis();
  // "entropy" is mentioned in section 1 too, but only section 2 lists it.
  a.concepts[0].occurrences.unshift({ startSec: 3.2, sectionIndex: 0 });
  const r = renderNotes(meta, a, { complete: true });
  assert.match(r.markdown, /\*\*entropy\*\* \(\[§2\]\(#s2\)\) — /m);
  assert.match(r.markdown, /\*\*course\*\* \(\[§1\]\(#s1\), \[§2\]\(#s2\)\) — /m);
});

test('a concept index entry is a glossary line: the sentence that explains the term, cited, escaped', () => {
  const a = analysis();
  a.concepts[0].explanation = { text: 'Entropy measures [disorder](javascript:x).', startSec: 65.4, endSec: 70 };
  const r = renderNotes(meta, a, { complete: true });
  const entry = r.markdown.split('\n').find((l) => l.includes('<a id="c-entropy">'))!;
  assert.match(entry, / — Entropy measures \\\[disorder\\\]\\\(javascript:x\\\)\. \[1:05\]\(transcript\.md#t-65\)$/, entry);
});

test('a section without parts lists its key concepts under its heading, before its points, as one with parts does', () => {
  const lines = renderNotes(meta, analysis(), { complete: true }).markdown.split('\n');
  const heading = lines.findIndex((l) => l.startsWith('## 1. Welcome'));
  const concepts = lines.findIndex((l, i) => i > heading && l.startsWith('**Key concepts:**'));
  const firstPoint = lines.findIndex((l, i) => i > heading && l.startsWith('- '));
  assert.ok(heading > 0 && concepts > heading && firstPoint > concepts, lines.slice(heading, heading + 8).join('\n'));
});

test('subsections render as "### n.m" with time ranges and cited points; the notes reader still sees the two sections', () => {
  const a = analysis();
  const s2 = a.sections[1];
  s2.subsections = [
    { title: 'Disorder', startSec: 60, endSec: 3700.7, sentenceFrom: 2, sentenceTo: 3, keyPoints: [s2.keyPoints[0]] },
    { title: 'Closed <b>systems</b>', startSec: 3700.7, endSec: 4000, sentenceFrom: 3, sentenceTo: 4, keyPoints: [s2.keyPoints[1]] },
  ];
  const r = renderNotes(meta, a, { complete: true });
  const lines = r.markdown.split('\n');
  const h1 = lines.indexOf('### 2.1 Disorder (1:00–1:01:40)');
  const h2 = lines.findIndex((l) => l.startsWith('### 2.2 Closed'));
  assert.ok(h1 > 0 && h2 > h1, r.markdown);
  assert.ok(!lines[h2].includes('<b>'), lines[h2]);
  assert.match(lines[h2], /\(1:01:40–1:06:40\)$/);
  assert.match(lines.slice(h1, h2).join('\n'), /- Entropy measures disorder\. \[1:05\]\(transcript\.md#t-65\)/);
  assert.match(lines.slice(h2).join('\n'), /- Entropy always grows in closed systems\. \[1:01:40\]/);
  // The section's concepts sit under its heading, before its parts.
  const conceptsAt = lines.findIndex((l) => l.startsWith('**Key concepts:** [entropy]'));
  assert.ok(conceptsAt > r.sectionLines[1] && conceptsAt < h1);
  const parsed = parseNotes(r.markdown);
  assert.deepEqual(parsed.sections.map((x) => [x.index, x.line]), [[1, r.sectionLines[0]], [2, r.sectionLines[1]]]);
  assert.ok(parsed.conceptIndexLines.has('entropy'));
});

test('a dialogue section names its speakers and each point\'s speaker; a monologue stays plain', () => {
  const a = analysis();
  a.sentences[2] = { ...a.sentences[2], speaker: 'Ann' };
  a.sentences[3] = { ...a.sentences[3], speaker: 'Bo *x*', turn: true };
  a.sections[1].keyPoints = [{ ...a.sections[1].keyPoints[0], speaker: 'Ann' }, { ...a.sections[1].keyPoints[1], speaker: 'Bo *x*' }];
  const r = renderNotes(meta, a, { complete: true });
  assert.match(r.markdown, /^_Dialogue: Ann, Bo \\\*x\\\*_$/m);
  assert.match(r.markdown, /^- \*\*Ann:\*\* Entropy measures disorder\. \[1:05\]/m);
  assert.match(r.markdown, /^- \*\*Bo \\\*x\\\*:\*\* Entropy always grows/m);
  assert.equal((r.markdown.match(/_Dialogue/g) ?? []).length, 1);
});

test('no speech: notes say so and have no sections', () => {
  const empty: Analysis = { sentences: [], sections: [], concepts: [], edges: [], summary: [] };
  const r = renderNotes({ ...meta, webpageUrl: null }, empty, { complete: true });
  assert.match(r.markdown, /No speech was found/);
  assert.match(renderTranscript('x', []), /No speech was found/);
});

test('time formats and video links', () => {
  assert.equal(formatClock(0), '0:00');
  assert.equal(parseClock('1:02:03'), 3723);
  assert.deepEqual([5, 59.6, 90, 3599, 3900].map(formatDuration), ['5 s', '1 min', '2 min', '1 h 0 min', '1 h 5 min']);
  assert.equal(parseClock('01:02:03.5'), 3723.5);
  assert.ok(Number.isNaN(parseClock('1:75')) && Number.isNaN(parseClock('12')) && Number.isNaN(parseClock('a:b')));
  for (const sec of [0, 59, 60, 3599, 3600, 36000]) assert.equal(parseClock(formatClock(sec)), sec, 'format and parse agree');
  assert.equal(formatClock(83.9), '1:23');
  assert.equal(formatClock(3600), '1:00:00');
  assert.equal(videoUrlAt('https://example.org/v.mp4', 12), '<https://example.org/v.mp4#t=12>');
  assert.equal(videoUrlAt('javascript:alert(1)', 12), null);
  assert.equal(videoUrlAt(null, 12), null);
});
