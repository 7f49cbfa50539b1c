// Proves every link target the language server builds is http(s) or a file inside the notes
// folder: a crafted notes.md with `url: command:…` (or javascript:, file:, vscode:, data:) in its
// front matter yields no link with that scheme — its citations still open the transcript; the
// parser's videoUrlAt refuses non-http(s); graph.json's notes name cannot leave its folder; a
// crafted graph.json cannot put Markdown links into a hover.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotesCache } from '../../server/lsp/notesCache';
import { documentLinks } from '../../server/lsp/citations';
import { conceptHover } from '../../server/lsp/hover';
import { isAllowedLinkTarget } from '../../server/lsp/linkPolicy';
import { graphNotesFile, parseNotes, videoUrlAt } from '../../server/protocol/notesFile';
import { pathToUri } from '../../server/lsp/files';

const HOSTILE_URLS = [
  'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D',
  'COMMAND:workbench.action.terminal.new',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'vscode://some.extension/run',
  'data:text/html,<script>alert(1)</script>',
  ' command:x',
];

function notesWith(url: string): string {
  return ['---', 'title: "T"', `url: "${url}"`, '---', '', '# T', '', '- a point [0:05](transcript.md#t-5) and [1:00](transcript.md#t-60)', ''].join('\n');
}

test('a crafted url: in front matter yields no command (or other non-http) link', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-links-'));
  try {
    fs.writeFileSync(path.join(dir, 'transcript.md'), '<a id="t-5"></a>**[0:05]** a\n\n<a id="t-60"></a>**[1:00]** b\n');
    for (const url of HOSTILE_URLS) {
      const text = notesWith(url);
      const file = path.join(dir, 'notes.md');
      fs.writeFileSync(file, text);
      const links = documentLinks(new NotesCache(), file, text);
      assert.equal(links.length, 2, `${url}: only the two transcript links`);
      for (const l of links) {
        assert.ok(l.target!.startsWith(pathToUri(path.join(dir, 'transcript.md'))), `${url} → ${l.target}`);
        assert.doesNotMatch(l.target!, /command:|javascript:|vscode:|data:/i);
      }
    }
    // An http(s) URL still gives the "open the video" links.
    const ok = notesWith('https://example.com/v.mp4');
    fs.writeFileSync(path.join(dir, 'notes.md'), ok);
    const links = documentLinks(new NotesCache(), path.join(dir, 'notes.md'), ok);
    assert.deepEqual(links.filter((l) => l.target!.startsWith('https:')).map((l) => l.target), ['https://example.com/v.mp4#t=5', 'https://example.com/v.mp4#t=60']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('videoUrlAt of the notes parser refuses every non-http(s) URL', () => {
  for (const url of HOSTILE_URLS) assert.equal(videoUrlAt(url, 5), null, url);
  assert.equal(videoUrlAt('https://youtu.be/abc', 5), 'https://youtu.be/abc?t=5s');
  assert.equal(parseNotes(notesWith(HOSTILE_URLS[0]!)).url, HOSTILE_URLS[0], 'parsed as data, refused when linked');
});

test('link policy: http(s) or a file inside the notes folder, nothing else', () => {
  const dir = path.join(os.tmpdir(), 'notes', 'talk-1');
  assert.ok(isAllowedLinkTarget('https://example.com/a', dir));
  assert.ok(isAllowedLinkTarget(`${pathToUri(path.join(dir, 'transcript.md'))}#L3`, dir));
  assert.ok(!isAllowedLinkTarget(pathToUri(path.join(dir, '..', 'other', 'transcript.md')), dir));
  assert.ok(!isAllowedLinkTarget(pathToUri('/etc/passwd'), dir));
  for (const url of HOSTILE_URLS) assert.ok(!isAllowedLinkTarget(url, dir), url);
  assert.ok(!isAllowedLinkTarget('https://', dir));
  assert.ok(!isAllowedLinkTarget(null, dir));
});

test("graph.json's notes name stays a file of the graph's own folder", () => {
  assert.equal(graphNotesFile({ notes: 'notes.md' }), 'notes.md');
  for (const bad of ['../../etc/passwd.md', '/etc/x.md', '..\\x.md', 'sub/notes.md', '.hidden.md', 'notes.txt', 'C:x.md', 42, undefined, 'a\0.md']) {
    assert.equal(graphNotesFile({ notes: bad }), 'notes.md', String(bad));
  }
});

test('a crafted graph.json node cannot put links into a concept hover', () => {
  const node = {
    id: 'x', label: '[click](command:evil)', kind: '[run](command:workbench.action.terminal.new)', importance: '1' as unknown as number,
    sectionIndex: 0, explanation: { text: '<img src=x onerror=alert(1)>', startSec: 0, endSec: 1 }, occurrences: [{ startSec: 0, sectionIndex: 0 }],
  };
  const h = conceptHover(node as never);
  const value = (h.contents as { value: string }).value;
  assert.doesNotMatch(value, /\]\(command:/);
  assert.doesNotMatch(value, /(?<!\\)<img/, "HTML stays escaped");
});
