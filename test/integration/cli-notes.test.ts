// Proves, through the real `videoinsight` command with real ffmpeg, SQLite and engines:
// - a captions source (the generated sample lecture with its sidecar .srt) becomes the full notes
//   layout: sections, key points whose citations all resolve to transcript anchors, concepts,
//   a graph.json that parses, keyframes for a video source; `--json` has the fixed fields;
// - `search` finds a known passage of those notes, and the README's query opens where it is said; `jobs` lists the finished job;
// - running the same command again re-renders the same notes from the store;
// - pocketsphinx turns real speech (jfk.wav) into words ("country") end to end, in the full layout.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, SHARED, runCli } from '../helpers/cli';

let tmp = '';
let sample = '';

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-cli-'));
  sample = execFileSync(process.execPath, [path.join(REPO, 'scripts/make-sample.mjs'), path.join(tmp, 'media dir ü')], { encoding: 'utf8' }).trim();
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function citationsResolve(notesPath: string): number {
  const notes = fs.readFileSync(notesPath, 'utf8');
  const transcript = fs.readFileSync(path.join(path.dirname(notesPath), 'transcript.md'), 'utf8');
  const anchors = new Set([...transcript.matchAll(/<a id="(t-\d+)"><\/a>/g)].map((m) => m[1]));
  const cited = [...notes.matchAll(/\[(?:\d+:)?\d{1,2}:\d{2}\]\(transcript\.md#(t-\d+)\)/g)].map((m) => m[1]);
  for (const c of cited) assert.ok(anchors.has(c), `citation #${c} does not resolve`);
  return cited.length;
}

test('captions source → full notes layout, search, jobs, and a re-run from the store', async () => {
  const out = path.join(tmp, 'notes');
  const r = await runCli(['notes', sample, '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.engine, 'captions');
  assert.match(res.engineReason, /caption/i);
  assert.ok(res.durationSec > 60 && res.durationSec < 100, String(res.durationSec));
  assert.ok(Array.isArray(res.sections) && res.sections.length >= 2, JSON.stringify(res.sections));
  for (const s of res.sections) {
    assert.equal(typeof s.title, 'string');
    assert.ok(s.endSec > s.startSec);
  }
  const notes = fs.readFileSync(res.notesPath, 'utf8');
  assert.match(notes, /^---\ntitle: "Sample lecture: energy in living things"/);
  assert.match(notes, /^## Summary$/m);
  assert.match(notes, /^## Outline$/m);
  assert.match(notes, /^## Concept index$/m);
  assert.match(notes, /^\*\*Key concepts:\*\* /m);
  assert.ok(citationsResolve(res.notesPath) >= res.sections.length);
  const graph = JSON.parse(fs.readFileSync(res.graphPath, 'utf8'));
  assert.ok(graph.nodes.length >= 3);
  const frames = [...notes.matchAll(/!\[Frame at [^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.equal(frames.length, res.sections.length);
  for (const f of frames) assert.ok(fs.statSync(path.join(path.dirname(res.notesPath), decodeURI(f))).size > 1000);

  const s = await runCli(['search', 'Where does photosynthesis happen in the leaf?', '--out', out, '--json', '-k', '3']);
  assert.equal(s.code, 0, s.stderr);
  const hits = JSON.parse(s.stdout).results;
  assert.ok(hits.length > 0 && hits.length <= 3);
  assert.ok(hits.some((h: { text: string }) => /chloroplast/i.test(h.text)), JSON.stringify(hits, null, 1));
  for (const h of hits) {
    assert.ok(path.isAbsolute(h.file) && fs.existsSync(h.file), h.file);
    assert.ok(Number.isInteger(h.line) && h.line >= 1);
    assert.ok(h.startSec === null || typeof h.startSec === 'number');
    assert.equal(typeof h.score, 'number');
    assert.equal(typeof h.text, 'string');
  }
  assert.ok(hits[0].score >= hits[hits.length - 1].score, 'best first');
  // The README's query: the first result is where the lecture says it (0:53), not a section next to it.
  const flow = await runCli(['search', 'energy flow', '--out', out, '--json', '-k', '3']);
  assert.equal(flow.code, 0, flow.stderr);
  const first = JSON.parse(flow.stdout).results[0] as { startSec: number; text: string };
  assert.deepEqual([first.startSec, /^Energy flows through an ecosystem/.test(first.text)], [53, true], JSON.stringify(first));

  const j = await runCli(['jobs', '--out', out, '--json']);
  assert.equal(j.code, 0, j.stderr);
  const jobs = JSON.parse(j.stdout).jobs;
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].status, 'done');

  const again = await runCli(['notes', sample, '--out', out, '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(fs.readFileSync(JSON.parse(again.stdout).notesPath, 'utf8'), notes);
  assert.match(again.stderr, /re-rendering/);
});

test('pocketsphinx: real speech becomes real words, citations resolve', async () => {
  const out = path.join(tmp, 'ps');
  const r = await runCli(['notes', path.join(SHARED, 'fixtures/whisper.cpp/jfk.wav'), '--out', out, '--engine', 'pocketsphinx', '--json', '--no-index']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.engine, 'pocketsphinx');
  const transcript = fs.readFileSync(res.transcriptPath, 'utf8');
  assert.match(transcript.toLowerCase(), /country/);
  assert.ok(citationsResolve(res.notesPath) >= 1);
  // A speech-based run gets the same full layout as a captions-based one.
  const notes = fs.readFileSync(res.notesPath, 'utf8');
  for (const heading of [/^## Summary$/m, /^## Outline$/m, /^## 1\. .+ \(0:00–0:11\)$/m, /^\*\*Key concepts:\*\* /m, /^## Concept index$/m]) {
    assert.match(notes, heading);
  }
  assert.ok(JSON.parse(fs.readFileSync(res.graphPath, 'utf8')).nodes.length >= 1);
});
