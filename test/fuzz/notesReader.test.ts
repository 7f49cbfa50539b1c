// Fuzzes what the language server reads from a notes folder (notes.md with front matter, headings,
// citations and the concept index; transcript.md with anchors; graph.json), through the features
// that use it: document links, hovers, definitions, references. Proves: no crash and no hang on any
// file, every link target is http(s) or a file of that folder, every time read is a finite second
// ≥ 0, and every location points at a line that exists.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { NotesCache, type TextSource } from '../../server/lsp/notesCache';
import { documentLinks } from '../../server/lsp/citations';
import { hover } from '../../server/lsp/hover';
import { definition, references } from '../../server/lsp/definition';
import { isAllowedLinkTarget } from '../../server/lsp/linkPolicy';
import { citationsInLine, parseNotes, parseTranscript } from '../../server/protocol/notesFile';
import { fuzzParams, guarded } from './fuzzRuns';

const DIR = path.resolve('/tmp/videoinsight-fuzz/notes/talk');
const text = fc.string({ unit: fc.constantFrom(...'ab Cd-*_[]()#<>"\\`:!|~&.é中\t\u001b\u0000\u2028'), maxLength: 30 });
// fast-check keeps strings short by default: long digit runs (past 2^53, past 1e308) come explicitly.
const digits = fc.oneof(fc.nat({ max: 100_000 }).map(String), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1 }), fc.tuple(fc.integer({ min: 1, max: 9 }), fc.nat({ max: 400 })).map(([d, n]) => String(d).repeat(n + 1)));
const clock = fc.oneof(
  fc.tuple(fc.nat({ max: 59 }), fc.nat({ max: 59 })).map(([m, s]) => `${m}:${String(s).padStart(2, '0')}`),
  fc.tuple(digits, fc.nat({ max: 59 }), fc.nat({ max: 59 })).map(([h, m, s]) => `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`),
);
const citation = fc.tuple(clock, digits).map(([c, t]) => `[${c}](transcript.md#t-${t})`);
const url = fc.constantFrom(
  'https://www.youtube.com/watch?v=abc', 'http://127.0.0.1:8/v.mp4', 'command:workbench.action.terminal.sendSequence?%7B%7D',
  'javascript:alert(1)', 'file:///etc/passwd', 'vscode://x', 'https://user:pw@h/x', 'not a url', '', 'https://[::1', 'data:text/html,<b>',
);
const conceptId = fc.oneof(fc.constantFrom('c1', 'gradient-descent', 'x'), text);
const notesLine = fc.oneof(
  fc.tuple(fc.nat({ max: 30 }), text, clock).map(([n, t, c]) => `## ${n}. ${t} (${c}–${c})`),
  fc.array(fc.oneof(citation, text), { maxLength: 6 }).map((parts) => `- ${parts.join(' ')}`),
  fc.tuple(conceptId, text).map(([id, label]) => `- <a id="c-${id}"></a>**${label}** — see`),
  fc.tuple(text, conceptId).map(([label, id]) => `**Key concepts:** [${label}](#c-${id})`),
  text,
);
const notesFile = fc
  .record({ front: fc.boolean(), title: text, url, closed: fc.boolean(), lines: fc.array(notesLine, { maxLength: 25 }), eol: fc.constantFrom('\n', '\r\n') })
  .map(({ front, title, url, closed, lines, eol }) =>
    [...(front ? ['---', `title: "${title}"`, `url: "${url}"`, ...(closed ? ['---'] : [])] : []), ...lines].join(eol));
const transcriptFile = fc
  .array(fc.oneof(fc.tuple(digits, clock, text).map(([a, c, t]) => `<a id="t-${a}"></a>**[${c}]** ${t}`), fc.tuple(clock, text).map(([c, t]) => `**[${c}]** ${t}`), text), { maxLength: 25 })
  .map((rows) => rows.join('\n'));
const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.double(), fc.string(), fc.boolean(), fc.constant([]), fc.constant({}), fc.array(fc.integer(), { maxLength: 3 }));
const node = fc.oneof(
  fc.record({
    id: conceptId, label: text, kind: fc.constantFrom('term', 'person', 'tool'), importance: fc.oneof(fc.double(), fc.constant(0.5)),
    sectionIndex: fc.oneof(fc.integer({ min: -2, max: 30 }), anyJson),
    explanation: fc.oneof(fc.record({ text, startSec: fc.oneof(fc.double(), anyJson) }), anyJson),
    occurrences: fc.oneof(fc.array(fc.record({ sectionIndex: fc.integer({ min: -1, max: 9 }), startSec: fc.double() }), { maxLength: 12 }), anyJson),
  }, { requiredKeys: ['id', 'label'] }),
  fc.dictionary(fc.constantFrom('id', 'label', 'kind', 'explanation', 'occurrences', 'sectionIndex'), anyJson),
  anyJson,
);
const graphFile = fc.oneof(
  fc.record({
    version: fc.constant(1), title: text, notes: fc.oneof(fc.constant('notes.md'), text),
    sections: fc.oneof(fc.array(fc.record({ index: fc.integer({ min: -1, max: 30 }), title: text, startSec: fc.double(), endSec: fc.double(), line: fc.oneof(fc.integer({ min: -5, max: 40 }), anyJson) }), { maxLength: 6 }), anyJson),
    nodes: fc.oneof(fc.array(node, { maxLength: 8 }), anyJson),
    edges: fc.oneof(fc.constant([]), anyJson),
  }, { requiredKeys: ['nodes'] }).map((g) => JSON.stringify(g)),
  fc.string({ maxLength: 60 }),
);

function folder(files: Record<string, string | undefined>): NotesCache {
  const source: TextSource = {
    versionOf: (file) => (path.dirname(file) === DIR && files[path.basename(file)] !== undefined ? '1' : undefined),
    read: (file) => (path.dirname(file) === DIR ? files[path.basename(file)] : undefined),
  };
  return new NotesCache(source);
}

test('fuzz: the language features read any notes folder without a crash, within the folder, at real lines', () => {
  fc.assert(
    fc.property(notesFile, fc.option(transcriptFile), fc.option(graphFile), fc.array(fc.nat({ max: 200 }), { minLength: 1, maxLength: 4 }), (notes, transcript, graph, columns) => {
      const files = { 'notes.md': notes, 'transcript.md': transcript ?? undefined, 'graph.json': graph ?? undefined };
      const cache = folder(files);
      const lineCount = (name: string) => (files[name as keyof typeof files] ?? '').split('\n').length;
      const notesPath = path.join(DIR, 'notes.md');
      guarded(() => {
        for (const link of documentLinks(cache, notesPath, notes)) assert.ok(isAllowedLinkTarget(link.target, DIR), `link target ${link.target}`);
        for (const file of [notesPath, path.join(DIR, 'transcript.md')]) {
          const rows = (files[path.basename(file) as keyof typeof files] ?? '').split('\n');
          rows.forEach((row, line) => {
            for (const character of columns) {
              const pos = { line, character: Math.min(character, row.length) };
              const h = hover(cache, file, row, pos);
              if (h) assert.equal(typeof (h.contents as { value: unknown }).value, 'string');
              const d = definition(cache, file, row, pos);
              if (d) assert.ok(d.range.start.line >= 0 && d.range.start.line < lineCount(path.basename(d.uri)), `definition at a real line`);
              for (const r of references(cache, file, row, pos)) assert.ok(r.range.start.line < lineCount(path.basename(r.uri)));
            }
          });
        }
      });
    }),
    fuzzParams(0.5),
  );
});

test('fuzz: citations, transcript lines and front matter give finite seconds ≥ 0', () => {
  fc.assert(
    fc.property(notesFile, transcriptFile, (notes, transcript) => {
      guarded(() => {
        for (const row of notes.split('\n')) for (const c of citationsInLine(row)) assert.ok(Number.isSafeInteger(c.sec) && c.sec >= 0, `citation second ${c.sec}`);
        const t = parseTranscript(transcript);
        for (const l of t.lines) assert.ok(Number.isFinite(l.sec) && l.sec >= 0, `transcript second ${l.sec}`);
        for (const sec of t.anchors.keys()) assert.ok(Number.isSafeInteger(sec) && sec >= 0, `anchor ${sec}`);
        const n = parseNotes(notes);
        for (const s of n.sections) assert.ok(Number.isSafeInteger(s.index));
      });
    }),
    fuzzParams(),
  );
});
