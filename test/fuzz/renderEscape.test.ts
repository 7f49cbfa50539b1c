// Fuzzes the rendering of untrusted text (titles, caption text, concept labels) into notes.md and
// transcript.md: render → parse with markdown-it (CommonMark, as VS Code's preview) → the text comes
// back as plain text. Proves: no Markdown or HTML control character ever becomes markup (no link,
// emphasis, code, HTML), and the words themselves survive (controls dropped, whitespace folded).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { escapeInline } from '../../server/render/markdownText';
import { renderTranscript } from '../../server/render/notesRenderer';
import { parseTranscript } from '../../server/protocol/notesFile';
import { stripControls } from '../../server/domain/terminalText';
import { fuzzParams, guarded } from './fuzzRuns';

const md = new MarkdownIt({ html: true, linkify: false });
const hostile = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...'\\`*_{}[]()#+-.!|<>~&;:="\'/ \t\nabc1'.split('')) },
    { weight: 1, arbitrary: fc.constantFrom('<script>', '](command:x)', '[a](javascript:x)', '&amp;', '&#x41;', '<!--', '***', '```', '\x1b[31m', '\u0000', '\r\n', 'http://x.y', '\\\n', '  \n', '\u2028') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 1 }) },
  ),
  maxLength: 40,
});

/** What a reader sees: the text without controls; whitespace folded (as HTML shows it), trimmed. */
const expected = (text: string) => fold(stripControls(text));
const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Inline Markdown → its plain text, failing on any token that is not text. */
function inlinePlain(markdown: string): string {
  const tokens = md.parseInline(markdown, {})[0]?.children ?? [];
  for (const t of tokens) assert.equal(t.type, 'text', `"${markdown}" became markup (${t.type})`);
  return fold(tokens.map((t) => t.content).join(''));
}

test('fuzz: escaped inline text renders as exactly its words, never as markup', () => {
  fc.assert(
    fc.property(hostile, (text) => {
      guarded(() => assert.equal(inlinePlain(escapeInline(text)), expected(text)));
    }),
    fuzzParams(),
  );
});

test('fuzz: a rendered transcript parses back to its segments, text as plain words, as headings and lines', () => {
  fc.assert(
    fc.property(hostile, fc.array(fc.record({ startSec: fc.double({ min: 0, max: 40_000, noNaN: true }), text: hostile }), { maxLength: 6 }), (title, raw) => {
      const sentences = [...raw].sort((a, b) => a.startSec - b.startSec).map((s, i) => ({ ...s, endSec: s.startSec + 1, index: i }));
      guarded(() => {
        const markdown = renderTranscript(title, sentences as never);
        // The heading and each transcript line are one block each: no text opens a list, a quote or a fence.
        const blocks = md.parse(markdown, {}).filter((t) => t.type.endsWith('_open')).map((t) => t.type);
        assert.deepEqual(blocks, ['heading_open', ...sentences.map(() => 'paragraph_open'), ...(sentences.length ? [] : ['paragraph_open'])]);
        const parsed = parseTranscript(markdown);
        assert.equal(parsed.lines.length, sentences.length);
        parsed.lines.forEach((line, i) => {
          assert.equal(line.sec, Math.floor(sentences[i]!.startSec), 'the time comes back (whole seconds)');
          assert.equal(inlinePlain(line.text), expected(sentences[i]!.text));
        });
      });
    }),
    fuzzParams(0.3),
  );
});
