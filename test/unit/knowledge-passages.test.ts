// Proves: a notes.md / transcript.md in the documented format splits into passages with the right
// 1-based lines and start times (from [m:ss](transcript.md#t-N) citations, transcript anchors, or the
// section's time range); front matter and navigation lines (outline, key-concept lists, concept index)
// are not passages; user-written Markdown without times yields passages with null times, and its
// sections (untimed headings) are passages as a whole. The documents at the talk's start and end (first and last
// section and part, first and last transcript window) carry place words for the lexical index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNavigation, splitPassages } from '../../server/knowledge/passages';
import { plainText } from '../../server/domain/markdownPlain';

const NOTES = `---
title: "Talk"
duration: "10:00"
---

# Talk

## Summary
- Gradient descent follows the slope. [1:23](transcript.md#t-83)

## Outline
1. [Neural networks](#s1) — 0:00–5:12

<a id="s1"></a>
## 1. Neural networks (0:00–5:12)

- A neural network is a stack of layers. [0:12](transcript.md#t-12)
- Layers have weights \\<b\\>.

**Key concepts:** [Neural network](#c-neural-network), [Layer](#c-layer)

## Concept index
- <a id="c-neural-network"></a>**Neural network** — [§1](#s1), [§3](#s3)
`;

test('notes.md: bullets with citation times, timed headings, no front matter or navigation', () => {
  const p = splitPassages(NOTES);
  const at = (line: number) => p.filter((x) => x.line === line);
  assert.deepEqual(at(9).map((x) => [x.startSec, x.text]), [[83, 'Gradient descent follows the slope. [1:23]']]);
  assert.deepEqual(at(17).map((x) => x.text), ['A neural network is a stack of layers. [0:12]']);
  assert.equal(at(17)[0].startSec, 12);
  assert.deepEqual(at(18).map((x) => [x.startSec, x.text]), [[0, 'Layers have weights <b>.']], 'an uncited bullet takes its section start');
  assert.deepEqual(at(15).filter((x) => x.kind !== 'section'), [{ line: 15, startSec: 0, text: '1. Neural networks (0:00–5:12)' }], 'a timed heading is a passage on its own');
  assert.deepEqual(at(14), []);
  assert.ok(p.every((x) => x.line > 4), 'front matter is skipped');
  assert.deepEqual(at(12), [], 'outline entry is navigation');
  assert.deepEqual(at(20), [], 'key concepts list is navigation');
  assert.deepEqual(at(23), [], 'concept index entry is navigation');
});

test('notes.md: a generated section is also one document of title, key points and key concepts, at its heading', () => {
  const docs = splitPassages(NOTES).filter((x) => x.kind === 'section');
  assert.equal(docs.length, 1);
  assert.deepEqual([docs[0].line, docs[0].startSec, docs[0].endSec, docs[0].text], [15, 0, 312, '1. Neural networks (0:00–5:12)']);
  assert.equal(docs[0].doc, 'Neural networks A neural network is a stack of layers. Layers have weights <b>. Neural network Layer');
  assert.equal(splitPassages('## Ideas\n\n- first idea\n').filter((x) => x.kind === 'section').length, 0, 'untimed sections keep their own passage');
});

test('notes.md with `### n.m` parts: each part is a document, and the section document holds the words of its parts', () => {
  const md = [
    '## 1. Attention (0:00–2:00)', '', '**Key concepts:** [Softmax](#c-softmax), [Causal mask](#c-causal-mask)', '',
    '### 1.1 Queries and keys (0:00–1:00)', '', '- Each query vector meets every key vector. [0:10](transcript.md#t-10)', '',
    '### 1.2 Masking (1:00–2:00)', '', '- Later tokens must not influence earlier ones. [1:05](transcript.md#t-65)', '',
    '## 2. Next (2:00–3:00)', '', '- Something else entirely. [2:05](transcript.md#t-125)',
  ].join('\n');
  const docs = splitPassages(md).filter((x) => x.kind === 'section');
  assert.deepEqual(docs.map((d) => d.text), ['1. Attention (0:00–2:00)', '1.1 Queries and keys (0:00–1:00)', '1.2 Masking (1:00–2:00)', '2. Next (2:00–3:00)']);
  assert.equal(docs[0].doc, 'Attention Queries and keys Each query vector meets every key vector. Masking Later tokens must not influence earlier ones. Softmax Causal mask');
  assert.equal(docs[2].doc, 'Masking Later tokens must not influence earlier ones.');
  assert.equal(docs[3].doc, 'Next Something else entirely.');
});

test('the section documents reaching the talk\'s start and end carry the place words, for the lexical index only', () => {
  const md = [
    '## 1. Attention (0:00–2:00)', '', '### 1.1 Queries (0:00–1:00)', '', '- Queries meet keys. [0:10](transcript.md#t-10)', '',
    '### 1.2 Masking (1:00–2:00)', '', '- Later tokens wait. [1:05](transcript.md#t-65)', '',
    '## 2. Values (2:00–3:00)', '', '- Values move meaning. [2:05](transcript.md#t-125)', '',
    '## 3. Heads (3:00–4:00)', '', '### 3.1 Many heads (3:00–3:30)', '', '- Heads run in parallel. [3:05](transcript.md#t-185)', '',
    '### 3.2 Output (3:30–4:00)', '', '- The output matrix joins them. [3:35](transcript.md#t-215)',
  ].join('\n');
  const docs = splitPassages(md).filter((x) => x.kind === 'section');
  const placed = (words: RegExp) => docs.filter((d) => words.test(d.place ?? '')).map((d) => d.text);
  assert.deepEqual(placed(/\bintroduction\b/), ['1. Attention (0:00–2:00)', '1.1 Queries (0:00–1:00)']);
  assert.deepEqual(placed(/\bconclusion\b/), ['3. Heads (3:00–4:00)', '3.2 Output (3:30–4:00)']);
  assert.deepEqual(placed(/./), [...placed(/\bintroduction\b/), ...placed(/\bconclusion\b/)], 'the middle has no place words');
  assert.ok(docs.every((d) => !/introduction|conclusion/.test(d.doc ?? '')), 'the embedded document is unchanged');
  assert.equal(splitPassages('## 1. Only (0:00–1:00)\n\n- One point. [0:10](transcript.md#t-10)\n').filter((x) => x.place).length, 0, 'one section: no place to tell apart');
});

test('transcript.md: overlapping windows of lines, each starting at its anchor time', () => {
  const lines = ['# Transcript: Talk', ''];
  for (let i = 0; i < 5; i++) lines.push(`<a id="t-${i * 10}"></a>**[0:${String(i * 10).padStart(2, '0')}]** Sentence number ${i}.`, '');
  const p = splitPassages(lines.join('\n'));
  // 5 lines → windows of lines 1-3 and 3-5 (they overlap by one line).
  assert.deepEqual(p.map((x) => [x.line, x.startSec]), [[3, 0], [7, 20]]);
  assert.equal(p[1].text, 'Sentence number 2. Sentence number 3. Sentence number 4.');
  assert.equal(p[0].text, 'Sentence number 0. Sentence number 1. Sentence number 2.');
  // A window lasts until the line after it starts; the last one until its own last line starts.
  assert.deepEqual(p.map((x) => [x.kind, x.endSec]), [['transcript', 30], ['transcript', 40]]);
  // The first and last windows are where the talk begins and ends: they carry the place words.
  assert.match(p[0].place ?? '', /\bintroduction\b/);
  assert.match(p[1].place ?? '', /\bconclusion\b/);
});

test('user-written Markdown: a section passage under an untimed heading', () => {
  const p = splitPassages('## Ideas\n\n- first idea\n- second idea\n');
  assert.deepEqual(p.map((x) => [x.line, x.text]), [[1, 'Ideas first idea second idea'], [3, 'first idea'], [4, 'second idea']]);
});

test('user-written Markdown: paragraphs and bullets with null times; code fences are not headings', () => {
  const p = splitPassages('My own notes\ncontinue here.\n\n```\n# not a heading\n```\n- a bullet [see](https://x.y)\n');
  assert.deepEqual(p.map((x) => [x.line, x.startSec, x.text]), [
    [1, null, 'My own notes continue here.'],
    [4, null, '# not a heading'],
    [7, null, 'a bullet see'],
  ]);
});

test('plain text and navigation helpers', () => {
  assert.equal(plainText('**a** [b](c) ![img](x.png) <a id="t-1"></a>[0:01](transcript.md#t-1)'), 'a b [0:01]');
  assert.ok(isNavigation('1. [Title](#s1) — 0:00–5:12'));
  assert.ok(!isNavigation('- A real point with a [link](#s2) inside a long sentence of words.'));
  assert.deepEqual(splitPassages(''), []);
});
