// Proves: the bit-prefilter + exact re-rank search returns the same top hits as brute force on a small
// store (including once it is larger than the candidate pool), reloads its in-memory bits after inserts
// and deletes, filters by folder, dedupes a line, and searchNotes rejects an empty query with a UserError
// while cutting a 10 kB query; FTS5 syntax in queries never throws, the lexical index follows re-written and
// deleted notes, a query's adjacent words count as a phrase, a word as written outranks its stem's other
// forms, and fusion gives one result per moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, storePathFor } from '../../server/store/database';
import { migrations } from '../../server/store/migrations';
import { deleteFilePassages, exactSearch, insertPassages, MIN_CANDIDATES, searchLexical, searchVectors } from '../../server/store/vectorIndex';
import { DEFAULT_FUSION, fuseHits, indexNotes, MAX_QUERY_CHARS, normalizeQuery, queryTerms, searchNotes, transcriptPinpoint } from '../../server/app/searchService';
import { transcriptWindowAt } from '../../server/knowledge/passages';
import { UserError } from '../../server/domain/errors';
import { normalize } from '../../server/domain/vector';
import { fakeEmbedder } from './knowledge-fake-embedder';

function vec(seed: number, dim = 64): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = Math.sin(seed * 1.618 + i * 2.399) + Math.cos(seed * 0.577 * i);
  return normalize(v);
}

function tempDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-kvi-'));
  const db = openDatabase(path.join(dir, '.videoinsight', 'store.sqlite'));
  for (const f of ['/n/a.md', '/n/b.md', '/m/c.md']) db.prepare('INSERT INTO note_files (path, content_hash, model, indexed_at) VALUES (?, ?, ?, 0)').run(f, 'h', 'm');
  return { db, cleanup: () => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

test('index search equals brute force, before and after the store outgrows the candidate pool', (t) => {
  const { db, cleanup } = tempDb();
  t.after(cleanup);
  const make = (from: number, n: number, file: string) => Array.from({ length: n }, (_, i) => ({ file, line: from + i + 1, startSec: from + i, text: `p${from + i}`, vector: vec(from + i) }));
  insertPassages(db, 'm', make(0, 100, '/n/a.md'));
  const q = vec(5000);
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
  assert.deepEqual(ids(searchVectors(db, 'm', q, 10)), exactSearch(db, 'm', q, 10));
  insertPassages(db, 'm', make(100, MIN_CANDIDATES * 3, '/n/b.md')); // the cached bits must reload
  const exact = exactSearch(db, 'm', q, 10);
  const got = ids(searchVectors(db, 'm', q, 10));
  const overlap = got.filter((id) => exact.includes(id)).length;
  assert.ok(overlap >= 9, `recall@10 ${overlap}/10`);
  assert.equal(got[0], exact[0]);
  deleteFilePassages(db, '/n/b.md');
  assert.ok(searchVectors(db, 'm', q, 50).every((r) => r.file === '/n/a.md'), 'deleted passages are gone');
  assert.deepEqual(searchVectors(db, 'other-model', q, 5), []);
});

test('the bit scan ranks as well when the vector length is no multiple of 32 (its last word is padded)', (t) => {
  for (const dim of [40, 72]) {
    const { db, cleanup } = tempDb();
    t.after(cleanup);
    insertPassages(db, 'm', Array.from({ length: MIN_CANDIDATES * 3 }, (_, i) => ({ file: '/n/a.md', line: i + 1, startSec: i, text: `p${i}`, vector: vec(i, dim) })));
    for (const seed of [5000, 7001]) {
      const q = vec(seed, dim);
      const exact = exactSearch(db, 'm', q, 10);
      const got = searchVectors(db, 'm', q, 10).map((r) => r.id);
      assert.ok(got.filter((id) => exact.includes(id)).length >= 9, `${dim}-d recall@10 ${got} against ${exact}`);
      assert.equal(got[0], exact[0], `${dim}-d`);
    }
  }
});

test('folder filter and one hit per line', (t) => {
  const { db, cleanup } = tempDb();
  t.after(cleanup);
  insertPassages(db, 'm', [
    { file: '/n/a.md', line: 3, startSec: 1, text: 'heading', vector: vec(1) },
    { file: '/n/a.md', line: 3, startSec: 1, text: 'heading and body', vector: vec(1.01) },
    { file: '/m/c.md', line: 1, startSec: null, text: 'elsewhere', vector: vec(1.02) },
  ]);
  const all = searchVectors(db, 'm', vec(1), 10);
  assert.equal(all.length, 2);
  assert.deepEqual(searchVectors(db, 'm', vec(1), 10, '/m/').map((r) => r.file), ['/m/c.md']);
});

test('searchNotes: empty query is a UserError; a 10 kB query is cut at a word boundary', async (t) => {
  const { db, cleanup } = tempDb();
  t.after(cleanup);
  const e = fakeEmbedder();
  await assert.rejects(searchNotes(db, '   ', e), (err: unknown) => err instanceof UserError && /empty/.test((err as Error).message));
  const long = 'word '.repeat(2000);
  assert.ok(normalizeQuery(long).length <= MAX_QUERY_CHARS);
  assert.ok(normalizeQuery(long).endsWith('word'));
  assert.deepEqual(await searchNotes(db, long, e), []);
});

// Hybrid search (issue 11): FTS5 syntax in queries is only text; the lexical index follows re-written and
// deleted notes; fusion gives one result per moment of a video, at the notes position.

function notesRoot() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-hybrid-'));
  const db = openDatabase(storePathFor(root));
  fs.mkdirSync(path.join(root, 'talk'));
  return { root, db, cleanup: () => { db.close(); fs.rmSync(root, { recursive: true, force: true }); } };
}

const TALK = [
  '# Talk', '', '<a id="s1"></a>', '## 1. Attention (0:00–1:00)', '',
  '- Masking sets the entries for later tokens to negative infinity before softmax. [0:30](transcript.md#t-30)',
  '- Queries and keys give the attention pattern. [0:10](transcript.md#t-10)', '',
  '<a id="s2"></a>', '## 2. Heads (1:00–2:00)', '', '- Many heads run in parallel, each with its own maps. [1:10](transcript.md#t-70)', '',
].join('\n');
const TRANSCRIPT = [
  '# Transcript: Talk', '',
  '<a id="t-0"></a>**[0:00]** Hello and welcome.', '',
  '<a id="t-28"></a>**[0:28]** So here is the idea of masking.', '',
  '<a id="t-30"></a>**[0:30]** Masking sets the entries for later tokens to negative infinity before softmax.', '',
  '<a id="t-45"></a>**[0:45]** That keeps the future hidden.', '',
  '<a id="t-70"></a>**[1:10]** Many heads run in parallel, each with its own maps.', '',
].join('\n');

test('FTS5 syntax in a query is plain text: quotes, *, NEAR, -, parentheses, punctuation-only never throw', async (t) => {
  const { root, db, cleanup } = notesRoot();
  t.after(cleanup);
  fs.writeFileSync(path.join(root, 'talk', 'notes.md'), TALK);
  const e = fakeEmbedder();
  await indexNotes(db, root, e);
  const nasty = ['"masking', 'mask*', '*', 'NEAR(masking softmax)', 'NEAR', '-masking', 'masking -softmax', '(masking OR', ')', 'AND', 'OR NOT',
    'masking:', 'body:masking', '^masking', "it's", '"', "'", '!!!', '...', '+', '{a b}', 'a"b"c', '\u0000', 'ﬁ', '∞'];
  for (const q of nasty) {
    const hits = await searchNotes(db, q, e, { k: 3 });
    assert.ok(Array.isArray(hits), q);
  }
  const masking = await searchNotes(db, '"Masking" (NEAR*)', e, { k: 3 });
  assert.equal(masking[0].startSec, 30, 'the quoted word still finds its passage');
  for (const terms of [['"'], ['a"b'], ['*'], ['NEAR('], [''], [' '], ['\u0000']]) assert.ok(Array.isArray(searchLexical(db, e.id, terms, 5)), JSON.stringify(terms));
  assert.deepEqual(queryTerms('The "Masking" -step (NEAR)*'), ['masking', 'step', 'near', 'masking step', 'step near']);
  assert.deepEqual(queryTerms('!!! ...'), []);
  assert.deepEqual(queryTerms('The end'), ['end']);
  assert.deepEqual(queryTerms('to be or not'), ['to', 'be', 'or', 'not'], 'only stop words: keep them all');
  await assert.rejects(searchNotes(db, '', e), UserError, 'an empty query is a clear user error, not an FTS error');
});

test('a pair of query words said together outranks the same words apart (the pair is a phrase of the lexical query)', (t) => {
  const { db, cleanup } = tempDb();
  t.after(cleanup);
  // The passage that holds the words apart says "hiring" more often, so on single words alone it would rank first.
  insertPassages(db, 'm', [
    { file: '/n/a.md', line: 1, startSec: 10, text: 'Hiring is slow; good practices in sales matter; hiring again and again.', vector: vec(1) },
    { file: '/n/a.md', line: 2, startSec: 20, text: 'Our hiring practices changed when the team grew past fifty people.', vector: vec(2) },
  ]);
  assert.deepEqual(queryTerms('Hiring practices'), ['hiring', 'practices', 'hiring practices']);
  assert.deepEqual(searchLexical(db, 'm', ['hiring', 'practices'], 2).map((r) => r.line), [1, 2], 'words alone: the passage saying "hiring" twice first');
  assert.deepEqual(searchLexical(db, 'm', queryTerms('Hiring practices'), 2).map((r) => r.line), [2, 1], 'with the pair: the passage saying "hiring practices"');
});

test('the lexical index follows a re-written and a deleted notes file', async (t) => {
  const { root, db, cleanup } = notesRoot();
  t.after(cleanup);
  const file = path.join(root, 'talk', 'notes.md');
  fs.writeFileSync(file, TALK);
  const e = fakeEmbedder();
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  const consistent = (): void => {
    assert.equal(count('SELECT count(*) AS n FROM passage_fts'), count('SELECT count(*) AS n FROM passages'));
    assert.equal(count('SELECT count(*) AS n FROM passage_words'), count('SELECT count(*) AS n FROM passages'));
  };
  await indexNotes(db, root, e);
  consistent();
  assert.ok(searchLexical(db, e.id, ['masking'], 5).length > 0);
  fs.writeFileSync(file, TALK.replace(/Masking/g, 'Hiding'));
  assert.deepEqual(await indexNotes(db, root, e), { indexed: 1, unchanged: 0, removed: 0 });
  consistent();
  assert.deepEqual(searchLexical(db, e.id, ['masking'], 5), [], 'the old words are gone');
  assert.deepEqual(searchLexical(db, e.id, ['masking'], 5, undefined, 'words'), [], 'from both indexes');
  assert.equal(searchLexical(db, e.id, ['hiding'], 5)[0].startSec, 30);
  fs.rmSync(file);
  assert.deepEqual(await indexNotes(db, root, e), { indexed: 0, unchanged: 0, removed: 1 });
  assert.equal(count('SELECT count(*) AS n FROM passage_fts'), 0);
  assert.equal(count('SELECT count(*) AS n FROM passage_words'), 0);
  assert.equal(count('SELECT count(*) AS n FROM passages'), 0);
  assert.deepEqual(await searchNotes(db, 'hiding', e, { k: 3 }), []);
});

test('one result per moment: a notes bullet and the transcript window around its time are one hit, shown in the notes', async (t) => {
  const { root, db, cleanup } = notesRoot();
  t.after(cleanup);
  fs.writeFileSync(path.join(root, 'talk', 'notes.md'), TALK);
  fs.writeFileSync(path.join(root, 'talk', 'transcript.md'), TRANSCRIPT);
  const e = fakeEmbedder();
  await indexNotes(db, root, e);
  const hits = await searchNotes(db, 'masking negative infinity softmax', e, { k: 5 });
  assert.equal(hits[0].file, path.join(root, 'talk', 'notes.md'));
  assert.equal(hits[0].startSec, 30);
  const moments = hits.filter((h) => h.startSec !== null && h.startSec >= 28 && h.startSec < 45 && h.line !== 4);
  assert.equal(moments.length, 1, JSON.stringify(hits, null, 1));
  assert.ok(hits.every((h, i) => i === 0 || h.score <= hits[i - 1].score), 'best first');
});

test('a transcript window opens at its line that says the query, not at its first line', async (t) => {
  // The window [0:30, 0:45, 1:10] (lines 7, 9, 11) says "future hidden" only in its second line; no note says it.
  const { root, db, cleanup } = notesRoot();
  t.after(cleanup);
  const file = path.join(root, 'talk', 'transcript.md');
  fs.writeFileSync(file, TRANSCRIPT);
  const e = fakeEmbedder();
  await indexNotes(db, root, e);
  const hits = await searchNotes(db, 'future hidden', e, { k: 3 });
  assert.deepEqual([hits[0].line, hits[0].startSec, hits[0].text], [9, 45, 'That keeps the future hidden.'], JSON.stringify(hits, null, 1));
  const lines = TRANSCRIPT.split('\n');
  assert.deepEqual(transcriptWindowAt(lines, 5).map((l) => [l.line, l.startSec]), [[5, 28], [7, 30], [9, 45]], 'the window as the splitter reads it');
  assert.deepEqual(transcriptWindowAt(lines, 1), [], 'no transcript line there');
  // The line holding the words; a match by meaning alone keeps the window's start.
  const window = { id: 1, file, line: 5, startSec: 28, endSec: 70, kind: 'transcript', text: 'w', score: 0 };
  assert.equal(transcriptPinpoint(queryTerms('negative infinity'))(window)?.startSec, 30);
  assert.equal(transcriptPinpoint(queryTerms('attention heads'))(window), null);
  assert.equal(transcriptPinpoint(queryTerms('future'))({ ...window, kind: null }), null, 'notes are shown where they are');
  // Two lines say different words of the query: the one saying the word the file says least is where it opens.
  const rare = path.join(root, 'talk', 'rare-transcript.md');
  const said = ['We ship products every week.', 'On this wow piece, which I love.', 'How do you do that?', 'Products need owners.', 'Products win markets.', 'Good products last.'];
  fs.writeFileSync(rare, ['# Transcript: Talk', '', ...said.flatMap((t, i) => [`<a id="t-${i * 10}"></a>**[0:${String(i * 10).padStart(2, '0')}]** ${t}`, ''])].join('\n'));
  assert.equal(transcriptPinpoint(queryTerms('wow products'))({ ...window, file: rare, line: 3, startSec: 0, endSec: 30 })?.startSec, 10);
  // Notes edited since indexing: the window's line is no longer a transcript line, so the result stays at the window.
  fs.writeFileSync(file, '# Transcript: Talk\n\nsomething else entirely\n');
  assert.equal(transcriptPinpoint(queryTerms('future hidden'))(window), null);
});

test('a query word said in exactly that form outranks passages that only share its stem', async (t) => {
  // "timing" and "time" have one Porter stem; the passages saying "time" say it more often, so on stems alone
  // (lexical and the stand-in embedder alike) they rank first.
  const { root, db, cleanup } = notesRoot();
  t.after(cleanup);
  const bullets = [
    'Time and again, time is what matters most, and time changes everything. [0:10](transcript.md#t-10)',
    'Give it time, the right time will come for the team. [0:40](transcript.md#t-40)',
    'I was very lucky with the timing. [1:00](transcript.md#t-60)',
    'Over time the team learned to wait. [1:30](transcript.md#t-90)',
  ];
  fs.writeFileSync(path.join(root, 'talk', 'notes.md'), ['# Talk', '', '## 1. Luck (0:00–2:00)', '', ...bullets.map((b) => `- ${b}`), ''].join('\n'));
  const e = fakeEmbedder();
  await indexNotes(db, root, e);
  const bulletsFound = (rows: { kind: string | null; startSec: number | null }[]): (number | null)[] => rows.filter((r) => r.kind !== 'section').map((r) => r.startSec);
  assert.deepEqual(bulletsFound(searchLexical(db, e.id, ['timing'], 9, undefined, 'words')), [60], 'as written: only the line that says it');
  assert.equal(bulletsFound(searchLexical(db, e.id, ['timing'], 9)).length, 4, 'by stem: every line saying "time"');
  assert.equal((await searchNotes(db, 'Timing', e, { k: 3 }))[0].startSec, 60);
  const stemsOnly = await searchNotes(db, 'Timing', e, { k: 3, fusion: { ...DEFAULT_FUSION, wordsWeight: 0 } });
  assert.notEqual(stemsOnly[0].startSec, 60, 'without the words-as-written list the line is not first');
});

test('a hyphenated word is found written as one, and the other way round', async (t) => {
  const { root, db, cleanup } = notesRoot();
  t.after(cleanup);
  const bullets = [
    'Evil is met by the law of non-resistance. [0:10](transcript.md#t-10)',
    'Every law of the mind works in the same way. [0:40](transcript.md#t-40)',
    'Our cofounder wrote the first version. [1:00](transcript.md#t-60)',
  ];
  fs.writeFileSync(path.join(root, 'talk', 'notes.md'), ['# Talk', '', ...bullets.map((b) => `- ${b}`), ''].join('\n'));
  const e = fakeEmbedder();
  await indexNotes(db, root, e);
  assert.equal((await searchNotes(db, 'The Law of Nonresistance', e, { k: 1 }))[0].startSec, 10);
  assert.equal((await searchNotes(db, 'non-resistance', e, { k: 1 }))[0].startSec, 10);
  const joined = searchLexical(db, e.id, ['nonresistance'], 5, undefined, 'words');
  assert.ok(joined.length > 0 && joined.every((r) => r.startSec === 10), JSON.stringify(joined));
  assert.equal((await searchNotes(db, 'cofounder', e, { k: 1 }))[0].startSec, 60, 'a word written as one is found as it is');
});

test('a store indexed before the words-as-written index gains it for its passages on open', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-kvi-v5-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'store.sqlite');
  const old = new Database(file);
  for (const m of migrations.filter((x) => x.version <= 5)) old.exec(m.sql);
  old.pragma('user_version = 5');
  old.prepare("INSERT INTO note_files (path, content_hash, model, indexed_at) VALUES ('/n/a.md', 'h', 'm', 0)").run();
  old.prepare("INSERT INTO passages (file, line, start_sec, text, model) VALUES ('/n/a.md', 3, 60, 'I was very lucky with the timing.', 'm')").run();
  old.close();
  const db = openDatabase(file);
  try {
    assert.deepEqual(searchLexical(db, 'm', ['timing'], 5, undefined, 'words').map((r) => r.startSec), [60]);
  } finally {
    db.close();
  }
});

test('fuseHits: reciprocal rank fusion rewards agreement; a passage in both lists beats one in either', () => {
  const row = (id: number, line: number, file = '/n/a/notes.md') => ({ id, file, line, startSec: line, endSec: null, kind: null, text: `t${id}`, score: 0 });
  const dense = [row(1, 10), row(2, 20), row(3, 30)];
  const lexical = [row(4, 40), row(3, 30), row(5, 50)];
  const hits = fuseHits({ dense, stems: lexical }, 5);
  assert.equal(hits[0].line, 30);
  assert.equal(hits.length, 5);
  assert.ok(hits[0].score <= 1 && hits[0].score > 0);
});

test('fuseHits: two groups that open the same moment of a video are one result (a section and a note at its start)', () => {
  // The transcript window ranks first and takes the note into its group; the section document, ranked
  // between them, found no note to join yet and formed its own group: both would open 9:34.
  const base = { endSec: null, kind: null, text: 't', score: 0 };
  const window = { ...base, id: 1, file: '/n/a/transcript.md', line: 5, startSec: 574, endSec: 600, kind: 'transcript' };
  const section = { ...base, id: 2, file: '/n/a/notes.md', line: 85, startSec: 574, endSec: 754, kind: 'section' };
  const note = { ...base, id: 3, file: '/n/a/notes.md', line: 92, startSec: 574, text: 'the cerebral cortex' };
  const other = { ...base, id: 4, file: '/n/a/notes.md', line: 40, startSec: 120, text: 'the brainstem' };
  const hits = fuseHits({ dense: [window, section, note, other], stems: [] }, 3);
  assert.deepEqual(hits.map((h) => [h.line, h.startSec]), [[92, 574], [40, 120]]);
});

test('fuseHits: a group shows a section only when the section holds its best match, not one joined a step along', () => {
  // "energy flow" on the sample lecture: the window at 0:53 says it; it overlaps the window at 0:41, which holds
  // a weak note of section 2 (0:27-0:53), so the section joins the group too. The result opens at 0:53.
  const base = { endSec: null, kind: null, score: 0 };
  const said = { ...base, id: 1, file: '/n/a/transcript.md', line: 23, startSec: 53, endSec: 70, kind: 'transcript', text: 'Energy flows through an ecosystem.' };
  const before = { ...base, id: 2, file: '/n/a/transcript.md', line: 19, startSec: 41, endSec: 58, kind: 'transcript', text: 'The Krebs cycle …' };
  const note = { ...base, id: 3, file: '/n/a/notes.md', line: 40, startSec: 41, text: 'The Krebs cycle produces most of the ATP.' };
  const section = { ...base, id: 4, file: '/n/a/notes.md', line: 33, startSec: 27, endSec: 53, kind: 'section', text: '2. Cellular respiration (0:27–0:53)' };
  const filler = Array.from({ length: 20 }, (_, i) => ({ ...base, id: 10 + i, file: `/n/b${i}/notes.md`, line: i + 1, startSec: i * 100, text: `other ${i}` }));
  const [hit] = fuseHits({ dense: [said, before, ...filler, note, section], stems: [said, before] }, 1);
  assert.deepEqual([hit.file, hit.startSec], ['/n/a/transcript.md', 53]);
  // The section holding the best match is still where a group of it opens (a section and a transcript hit inside it).
  const inside = { ...said, id: 5, startSec: 30, endSec: 45 };
  const [atSection] = fuseHits({ dense: [inside, ...filler, note, section], stems: [inside] }, 1);
  assert.deepEqual([atSection.file, atSection.startSec], ['/n/a/notes.md', 27]);
  // A window starting inside section 1 (0:00-0:27) whose matching line is past its end: the line, not the section.
  const across = { ...said, id: 6, line: 11, startSec: 20, endSec: 41 };
  const first = { ...section, id: 7, line: 23, startSec: 0, endSec: 27, text: '1. Chloroplasts of leaf cells (0:00–0:27)' };
  const calvin = { ...note, id: 8, line: 30, startSec: 20, text: 'The Calvin cycle then uses carbon dioxide to build glucose.' };
  const atLine = (row: { id: number }) => (row.id === 6 ? { line: 13, startSec: 27, text: 'Animals and plants both release the energy stored in glucose.' } : null);
  const [pinned] = fuseHits({ dense: [across, ...filler, calvin, first], stems: [across] }, 1, DEFAULT_FUSION, atLine);
  assert.deepEqual([pinned.file, pinned.startSec], ['/n/a/transcript.md', 27]);
});

test('fuseHits: a result is shown at a note of its moment only when the note itself matched well', () => {
  // The window says "This process is called masking" and ranks first in both lists; a point 16 s later,
  // inside the window's time, ranks last in one list: the result opens the transcript where masking is said.
  const base = { endSec: null, kind: null, score: 0 };
  const window = { ...base, id: 1, file: '/n/a/transcript.md', line: 179, startSec: 746, endSec: 766, kind: 'transcript', text: 'This process is called masking.' };
  const weakNote = { ...base, id: 2, file: '/n/a/notes.md', line: 105, startSec: 762, text: 'Its size is the square of the context size.' };
  const filler = Array.from({ length: 20 }, (_, i) => ({ ...base, id: 10 + i, file: `/n/b${i}/notes.md`, line: i + 1, startSec: i * 100, text: `other ${i}` }));
  const [hit] = fuseHits({ dense: [window, ...filler, weakNote], stems: [window] }, 1);
  assert.deepEqual([hit.file, hit.startSec], ['/n/a/transcript.md', 746]);
  // The same note matching as well as the window: shown in the notes (the cleaner text).
  const [both] = fuseHits({ dense: [weakNote, window], stems: [window, weakNote] }, 1);
  assert.deepEqual([both.file, both.startSec], ['/n/a/notes.md', 762]);
});
