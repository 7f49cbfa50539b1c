// Regressions for the bugs the fuzzers of test/fuzz found, one test each, so they stay fixed even
// when the fuzz suites run few cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotesCache, type TextSource } from '../../server/lsp/notesCache';
import { hover } from '../../server/lsp/hover';
import { definition } from '../../server/lsp/definition';
import { parseGraphFile } from '../../server/protocol/graphFile';
import { citationsInLine, parseTranscript } from '../../server/protocol/notesFile';
import { parseInfo } from '../../server/ingest/acquire/ytDlp';
import { chaptersFromInfo, playlistEntryUrls } from '../../server/ingest/acquire/remote';
import { chooseCaptions } from '../../server/ingest/acquire/captions';
import { UserError } from '../../server/domain/errors';
import { readModelHeader } from '../../server/ingest/models/ggmlHeader';

function folder(files: Record<string, string>): NotesCache {
  const source: TextSource = { versionOf: (f) => (files[path.basename(f)] === undefined ? undefined : '1'), read: (f) => files[path.basename(f)] };
  return new NotesCache(source);
}

test('a citation or anchor with a huge number is not read as Infinity or an unsafe second', () => {
  const huge = '9'.repeat(400);
  assert.deepEqual(citationsInLine(`- [1:00](transcript.md#t-${huge})`), [], '400-digit anchor: not a citation');
  assert.deepEqual(citationsInLine(`- [${huge}:00:00](transcript.md#t-5)`), [], '400-digit hours: not a citation');
  assert.equal(citationsInLine('- [1:00:00](transcript.md#t-3600)')[0]?.sec, 3600, 'a real one still is');
  const t = parseTranscript(`<a id="t-${huge}"></a>**[0:05]** a\n**[${huge}:00:00]** b\n<a id="t-7"></a>**[0:07]** c`);
  assert.deepEqual(t.lines.map((l) => l.sec), [7]);
  assert.deepEqual([...t.anchors.keys()], [7]);
});

test('a graph.json with wrong-typed fields gives hovers and definitions, not a crash', () => {
  const graph = JSON.stringify({
    sections: "'(",
    nodes: [
      { id: 'c1', label: 'gradient', kind: 'tool', importance: 'x', sectionIndex: true, explanation: null, occurrences: 5 },
      { id: 7, label: 'bad' },
      null,
    ],
    edges: [{ source: 'c1', target: 'nope' }],
  });
  const cache = folder({ 'notes.md': '# T\n\nthe gradient here\n', 'graph.json': graph });
  const file = path.resolve('/tmp/vi/notes.md');
  const h = hover(cache, file, 'the gradient here', { line: 2, character: 6 });
  assert.match((h?.contents as { value: string }).value, /\*\*gradient\*\* _\(concept, importance 0\.00\)_/);
  assert.equal(definition(cache, file, 'the gradient here', { line: 2, character: 6 }), null);
  const parsed = parseGraphFile(graph);
  assert.deepEqual(parsed?.nodes.map((n) => n.id), ['c1'], 'only well-formed nodes are kept');
  assert.deepEqual(parsed?.edges, [], 'an edge to a missing node is dropped');
  assert.equal(parseGraphFile('[1,2]'), null);
  assert.equal(parseGraphFile('{"nodes": {}}'), null);
});

test('yt-dlp JSON with wrong-typed fields is read, not crashed on (title, language, chapters, entries)', () => {
  const json = JSON.stringify({
    title: 42, language: 7, uploader: -22, duration: 'long', is_live: 1,
    chapters: [{ start_time: 0, end_time: 10, title: { x: 1 } }, 'x', { start_time: 10, title: 'Two' }],
    subtitles: true, automatic_captions: { en: [{}], de: 'x' },
    entries: [{ url: [] }, { url: 'https://example.com/a' }, 5],
  });
  const info = parseInfo(json, 'https://example.com/v');
  assert.equal(info.title, undefined);
  assert.equal(info.duration, undefined);
  assert.equal(info.is_live, undefined);
  assert.deepEqual(chooseCaptions(info), { langs: ['en'], kind: 'auto' });
  assert.deepEqual(chaptersFromInfo(info, 20), [{ title: 'Chapter 1', startSec: 0, endSec: 10 }, { title: 'Two', startSec: 10, endSec: 20 }]);
  assert.deepEqual(playlistEntryUrls(info), ['https://example.com/a']);
  assert.throws(() => parseInfo('[1]', 'https://example.com/v'), (e: Error) => e instanceof UserError);
});

test('a model whose tensor has a partial quantized block or a zero dimension is refused in one line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-model-'));
  try {
    const i32 = (...v: number[]) => Buffer.from(new Int32Array(v).buffer);
    const head = [Buffer.from('lmgg'), i32(51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1), i32(1, 1), Buffer.alloc(4), i32(0)];
    const cases = {
      // The fuzzer's case: q4_0 (type 2) with 1 element gave a fractional offset and a RangeError from fs.readSync.
      partialBlock: Buffer.concat([...head, i32(1, 1, 2), i32(1), Buffer.from('a'), Buffer.alloc(32)]),
      // A zero (or negative) dimension made the walk stand still or go backwards.
      zeroDim: Buffer.concat([...head, i32(1, 1, 0), i32(0), Buffer.from('a'), Buffer.alloc(32)]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const file = path.join(dir, `${name}.bin`);
      fs.writeFileSync(file, bytes);
      assert.throws(() => readModelHeader(file), (e: Error) => e instanceof UserError && /damaged tensor table/.test(e.message), name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
