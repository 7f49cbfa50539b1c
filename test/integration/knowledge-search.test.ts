// Proves, with the real USE-lite embedder: indexNotes + searchNotes over small notes files in the notes
// format (written to a temp folder) find a known passage at rank 1 with its file, line and time;
// re-indexing unchanged files does nothing; an edited file is re-indexed and a deleted one removed;
// the store folder (.videoinsight/) is never indexed; search can be limited to a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbedder } from '../../server/knowledge/embeddings';
import { indexNotes, searchNotes } from '../../server/app/searchService';
import { openDatabase, storePathFor } from '../../server/store/database';

const BIOLOGY = `---
title: "Cells"
---

# Cells

<a id="s1"></a>
## 1. Inside the cell (0:00–4:00)

- Mitochondria produce energy for the cell by respiration. [1:05](transcript.md#t-65)
- The nucleus stores the genetic material of the organism. [2:10](transcript.md#t-130)
`;

const HISTORY = `# Rome

<a id="s1"></a>
## 1. The republic (0:00–3:00)

- Julius Caesar crossed the Rubicon river with his army. [0:40](transcript.md#t-40)
- The senate governed the Roman republic for centuries. [1:30](transcript.md#t-90)
`;

test('index and search notes: rank-1 hit, incremental re-indexing, removal', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-search-'));
  const db = openDatabase(storePathFor(root));
  t.after(() => {
    db.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  fs.mkdirSync(path.join(root, 'cells'));
  fs.mkdirSync(path.join(root, 'rome'));
  fs.writeFileSync(path.join(root, 'cells', 'notes.md'), BIOLOGY);
  fs.writeFileSync(path.join(root, 'rome', 'notes.md'), HISTORY);
  fs.writeFileSync(path.join(root, '.videoinsight', 'ignored.md'), '- Mitochondria produce energy for the cell.');
  const embedder = await createEmbedder({ kind: 'use-lite' }, db);

  assert.deepEqual(await indexNotes(db, root, embedder), { indexed: 2, unchanged: 0, removed: 0 });
  const hits = await searchNotes(db, 'which organelle makes energy for the cell', embedder, { k: 3 });
  assert.equal(hits[0].file, path.join(root, 'cells', 'notes.md'));
  assert.equal(hits[0].line, 10);
  assert.equal(hits[0].startSec, 65);
  assert.match(hits[0].text, /^Mitochondria produce energy/);
  assert.ok(hits[0].score > hits[hits.length - 1].score || hits.length === 1);
  const caesar = await searchNotes(db, 'Caesar and the Rubicon', embedder, { k: 1 });
  assert.equal(caesar[0].startSec, 40);
  assert.ok(!hits.some((h) => h.file.includes('.videoinsight')));

  assert.deepEqual(await indexNotes(db, root, embedder), { indexed: 0, unchanged: 2, removed: 0 });
  fs.appendFileSync(path.join(root, 'rome', 'notes.md'), '- Augustus became the first Roman emperor. [2:40](transcript.md#t-160)\n');
  assert.deepEqual(await indexNotes(db, root, embedder), { indexed: 1, unchanged: 1, removed: 0 });
  const emperor = await searchNotes(db, 'first emperor of Rome', embedder, { k: 1 });
  assert.equal(emperor[0].startSec, 160);
  fs.rmSync(path.join(root, 'cells'), { recursive: true });
  assert.deepEqual(await indexNotes(db, root, embedder), { indexed: 0, unchanged: 1, removed: 1 });
  const after = await searchNotes(db, 'mitochondria energy', embedder, { k: 5 });
  assert.ok(after.every((h) => h.file.startsWith(path.join(root, 'rome'))));
  const limited = await searchNotes(db, 'Caesar', embedder, { k: 5, outDir: path.join(root, 'cells') });
  assert.deepEqual(limited, []);
});

test('a sentence repeated in one file (summary + section) is one hit; concept index lines are not passages', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-search-dedupe-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'talk'));
  const point = 'Mitochondria turn glucose into ATP for the cell. [0:42](transcript.md#t-42)';
  fs.writeFileSync(path.join(dir, 'talk', 'notes.md'), [
    '# Talk', '', '## Summary', '', `- ${point}`, '', '<a id="s1"></a>', '## 1. Energy (0:00–1:00)', '', `- ${point}`,
    '- Plants make sugar from light. [0:10](transcript.md#t-10)', '', '## Concept index', '',
    '- <a id="c-mitochondria"></a>**Mitochondria** — [§1](#s1)', '',
  ].join('\n'));
  const db = openDatabase(storePathFor(dir));
  t.after(() => db.close());
  const embedder = await createEmbedder({ kind: 'use-lite' }, db);
  await indexNotes(db, dir, embedder);
  const hits = await searchNotes(db, 'how do mitochondria make ATP', embedder, { k: 5, outDir: dir });
  assert.equal(hits.filter((h) => /Mitochondria turn glucose/.test(h.text)).length, 1, JSON.stringify(hits, null, 1));
  assert.ok(!hits.some((h) => h.line === 15), 'the concept index entry is not a passage');
  assert.match(hits[0].text, /Mitochondria turn glucose/);
});
