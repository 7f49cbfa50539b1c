// Proves the language-server handlers answer correctly on the fixture notes (docs/notes-format.md),
// in plain Node with no editor: citation links (transcript line + video second), citation hover
// (transcript ±20 s, escaped), definition (citation → transcript line, concept → section heading),
// concept hover and references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotesCache } from '../../server/lsp/notesCache';
import { documentLinks } from '../../server/lsp/citations';
import { hover } from '../../server/lsp/hover';
import { definition, references } from '../../server/lsp/definition';
import { pathToUri, lineOf } from '../../server/lsp/files';
import { citationsInLine, parseClock, videoUrlAt, escapeMarkdown, transcriptWindow, parseTranscript } from '../../server/protocol/notesFile';

const dir = path.resolve(__dirname, '../fixtures/notes/photosynthesis-3f9a1c');
const notesFile = path.join(dir, 'notes.md');
const transcriptFile = path.join(dir, 'transcript.md');
const notesText = fs.readFileSync(notesFile, 'utf8');
const transcriptText = fs.readFileSync(transcriptFile, 'utf8');
const rows = notesText.split('\n');
const lineWith = (needle: string, from = 0) => {
  const i = rows.findIndex((r, k) => k >= from && r.includes(needle));
  assert.ok(i >= 0, `fixture has a line with ${needle}`);
  return i;
};
const transcriptLine = (needle: string) => transcriptText.split('\n').findIndex((r) => r.includes(needle));
const hoverText = (h: ReturnType<typeof hover>) => {
  assert.ok(h, 'a hover');
  const c = h.contents;
  assert.ok(typeof c === 'object' && 'kind' in c);
  return c.value;
};

test('citations parse in every documented clock form', () => {
  const cs = citationsInLine('a [0:07](transcript.md#t-7) b [12:05](transcript.md#t-725) c [1:02:03](transcript.md#t-3723) [x](y)');
  assert.deepEqual(cs.map((c) => [c.label, c.sec]), [['0:07', 7], ['12:05', 725], ['1:02:03', 3723]]);
  assert.equal(parseClock('1:02:03'), 3723);
});

test('document links: each citation opens the transcript at its line, and the video at that second', () => {
  const links = documentLinks(new NotesCache(), notesFile, notesText);
  const i = lineWith('[0:52](transcript.md#t-52)');
  const onLine = links.filter((l) => l.range.start.line === i);
  assert.equal(onLine.length, 2);
  const [toTranscript, toVideo] = onLine;
  assert.equal(toTranscript!.target, `${pathToUri(transcriptFile)}#L${transcriptLine('t-52') + 1}`);
  assert.equal(rows[i]!.slice(toTranscript!.range.start.character, toTranscript!.range.end.character), '0:52');
  assert.equal(toVideo!.target, 'https://www.youtube.com/watch?v=PHOTO123&t=52s');
  // 11 citations in the fixture (4 of them in the concept index), two links each (web source).
  assert.equal(links.length, 22);
});

test('no video links for a local source (no url in front matter)', () => {
  const local = notesText.replace(/^url: .*\n/m, '');
  const cache = new NotesCache({ versionOf: (f) => (f === notesFile ? 'local' : `${fs.statSync(f).mtimeMs}`), read: (f) => (f === notesFile ? local : fs.readFileSync(f, 'utf8')) });
  const links = documentLinks(cache, notesFile, local);
  assert.equal(links.length, 11);
  assert.ok(links.every((l) => l.target!.startsWith('file:')));
});

test('hover on a citation shows the transcript within ±20 s, cited line in bold', () => {
  const i = lineWith('[0:31](transcript.md#t-31)');
  const ch = rows[i]!.indexOf('[0:31]') + 2;
  const text = hoverText(hover(new NotesCache(), notesFile, rows[i]!, { line: i, character: ch }));
  assert.match(text, /Transcript 0:11–0:51/);
  assert.match(text, /\*\*`0:31` The light reactions split water and release oxygen\\\.\*\*/);
  assert.match(text, /Chlorophyll absorbs/); // 0:15 is inside the window
  assert.doesNotMatch(text, /Plants turn light/); // 0:04 is outside
  assert.doesNotMatch(text, /Calvin cycle uses/); // 0:52 is outside
  // The play action: the player command with the notes folder and the second as JSON arguments.
  const m = /\[▶ Play at 0:31\]\(command:videoinsight\.openPlayer\?([^ )]+) "/.exec(text);
  assert.ok(m, text);
  assert.deepEqual(JSON.parse(decodeURIComponent(m[1]!)), [{ dir: path.dirname(notesFile), sec: 31 }]);
});

test('hover outside any citation or concept answers nothing', () => {
  const i = lineWith('## Outline');
  assert.equal(hover(new NotesCache(), notesFile, rows[i]!, { line: i, character: 3 }), null);
});

test('definition on a citation jumps to the transcript line of that second', () => {
  const i = lineWith('[1:01](transcript.md#t-61)');
  const loc = definition(new NotesCache(), notesFile, rows[i]!, { line: i, character: rows[i]!.indexOf('[1:01]') + 1 });
  assert.ok(loc);
  assert.equal(loc.uri, pathToUri(transcriptFile));
  assert.equal(loc.range.start.line, transcriptLine('t-61'));
});

test('hover and definition on a concept: explanation, occurrences, main section heading', () => {
  const i = lineWith('The Calvin cycle runs');
  const ch = rows[i]!.indexOf('Calvin') + 2;
  const text = hoverText(hover(new NotesCache(), notesFile, rows[i]!, { line: i, character: ch }));
  assert.match(text, /\*\*Calvin cycle\*\*/);
  assert.match(text, /fix carbon dioxide into sugar/);
  assert.match(text, /§2/);
  const loc = definition(new NotesCache(), notesFile, rows[i]!, { line: i, character: ch });
  assert.ok(loc);
  assert.equal(loc.uri, pathToUri(notesFile));
  assert.equal(rows[loc.range.start.line], '## 2. The Calvin cycle (0:31–1:20)');
});

test('definition on a concept link in the key-concepts line and on the transcript', () => {
  const i = lineWith('**Key concepts:** [Chloroplast]');
  const loc = definition(new NotesCache(), notesFile, rows[i]!, { line: i, character: rows[i]!.indexOf('Chlorophyll') + 1 });
  assert.ok(loc);
  assert.equal(rows[loc.range.start.line], '## 1. Light and the chloroplast (0:00–0:31)');
  const t = transcriptText.split('\n');
  const k = t.findIndex((r) => r.includes('ATP and NADPH'));
  const loc2 = definition(new NotesCache(), transcriptFile, t[k]!, { line: k, character: t[k]!.indexOf('ATP') + 1 });
  assert.ok(loc2);
  assert.equal(rows[loc2.range.start.line], '## 2. The Calvin cycle (0:31–1:20)');
});

test('references on a concept list its mentions in notes and transcript', () => {
  const i = lineWith('The Calvin cycle runs');
  const refs = references(new NotesCache(), notesFile, rows[i]!, { line: i, character: rows[i]!.indexOf('Calvin') + 1 });
  const inNotes = refs.filter((r) => r.uri === pathToUri(notesFile)).map((r) => r.range.start.line);
  const inTranscript = refs.filter((r) => r.uri === pathToUri(transcriptFile)).map((r) => r.range.start.line);
  assert.ok(inNotes.includes(i));
  assert.ok(inNotes.includes(lineWith('## 2. The Calvin cycle')));
  assert.deepEqual(inTranscript.sort((a, b) => a - b), [transcriptLine('t-52'), transcriptLine('t-61')]);
  for (const r of refs.filter((x) => x.range.end.character > 0)) {
    const text = r.uri === pathToUri(notesFile) ? rows[r.range.start.line]! : lineOf(transcriptText, r.range.start.line);
    assert.equal(text.slice(r.range.start.character, r.range.end.character).toLowerCase(), 'calvin cycle');
  }
});

test('cache re-parses when the file changes on disk (streaming notes grow)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-cache-'));
  fs.writeFileSync(path.join(tmp, 'transcript.md'), '<a id="t-0"></a>**[0:00]** one\n');
  const cache = new NotesCache();
  assert.equal(cache.transcript(tmp)!.lines.length, 1);
  fs.writeFileSync(path.join(tmp, 'transcript.md'), '<a id="t-0"></a>**[0:00]** one\n\n<a id="t-5"></a>**[0:05]** two and more\n');
  assert.equal(cache.transcript(tmp)!.lines.length, 2);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('transcript window and escaping keep user text literal', () => {
  const t = parseTranscript('**[0:00]** a\n**[0:30]** b\n**[1:00]** c');
  assert.deepEqual(transcriptWindow(t, 30).map((l) => l.text), ['b']);
  assert.equal(escapeMarkdown('[x](javascript:alert(1)) <img>'), '\\[x\\]\\(javascript:alert\\(1\\)\\) \\<img\\>');
  assert.equal(videoUrlAt('https://example.org/v.mp4', 83.7), 'https://example.org/v.mp4#t=83');
  assert.equal(videoUrlAt('https://youtu.be/abc', 5), 'https://youtu.be/abc?t=5s');
});
