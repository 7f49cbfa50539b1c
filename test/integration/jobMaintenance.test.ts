// Proves, with the real pipeline (captions engine on a generated clip) and the real SQLite store:
// Regenerate makes the analysis and notes again from the stored transcript (no transcription: the
// segments' rows stay the very same, the analysis checkpoint is new) and refuses when the settings
// would make another job; Delete removes the job's notes folder, its search passages and its store
// rows (stages, chunks, segments by cascade) while another job's notes stay; `videoinsight jobs
// delete` does the same from the CLI.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deleteJob, generateNotes, listJobs } from '../../server/app/generateNotes';
import { openDatabase, storePathFor } from '../../server/store/database';
import { makeLectureClip } from '../fixtures/notes/media/make';
import { runCli } from '../helpers/cli';

function count(out: string, sql: string, ...args: string[]): number {
  const db = openDatabase(storePathFor(out));
  try {
    return (db.prepare(sql).get(...args) as { n: number }).n;
  } finally {
    db.close();
  }
}

test('regenerate re-analyses without transcribing; delete removes notes, passages and rows of that job only', { timeout: 120_000 }, async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-jobs-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const a = makeLectureClip(path.join(root, 'media'), 'first', 30);
  const b = makeLectureClip(path.join(root, 'media'), 'second', 30);
  const out = path.join(root, 'notes');
  const [ra] = await generateNotes({ source: a, outDir: out, engine: 'captions' });
  const [rb] = await generateNotes({ source: b, outDir: out, engine: 'captions', skipIndex: true });
  assert.ok(ra && rb);

  // Regenerate: the same job id, the analysis made again, the transcript rows untouched.
  const segRowids = () => {
    const db = openDatabase(storePathFor(out));
    try {
      return (db.prepare('SELECT rowid FROM segments WHERE job_id = ? ORDER BY rowid').all(ra.jobId) as { rowid: number }[]).map((r) => r.rowid).join(',');
    } finally {
      db.close();
    }
  };
  const before = segRowids();
  assert.ok(before.length > 0);
  fs.rmSync(ra.notesPath);
  const logs: string[] = [];
  const stages: string[] = [];
  const [again] = await generateNotes(
    { source: a, outDir: out, engine: 'captions', regenerateJobId: ra.jobId },
    { log: (l) => logs.push(l), onProgress: (e) => stages.push(e.stage) },
  );
  assert.equal(again!.jobId, ra.jobId);
  assert.ok(fs.existsSync(ra.notesPath), 'notes written again');
  assert.equal(segRowids(), before, 'the transcript was not made again');
  assert.ok(logs.includes('regenerating: analysing the stored transcript again'), logs.join('\n'));
  assert.ok(stages.includes('analyze') && !stages.includes('transcribe'), stages.join(','));
  // Another quality is another job: regenerating under it would transcribe, so it is refused.
  await assert.rejects(generateNotes({ source: a, outDir: out, engine: 'captions', quality: 'premium', regenerateJobId: ra.jobId }), /cannot regenerate/);

  // Delete the first job: its folder, passages and rows go; the second job's stay.
  const folderA = path.dirname(ra.notesPath);
  const passagesOf = (dir: string) => count(out, 'SELECT count(*) AS n FROM passages WHERE substr(file, 1, ?) = ?', String(dir.length + 1), dir + path.sep);
  assert.ok(passagesOf(folderA) > 0, 'the first job was indexed');
  const r = await deleteJob(out, ra.jobId);
  assert.equal(r.removedFolder, folderA);
  assert.equal(fs.existsSync(folderA), false);
  assert.equal(passagesOf(folderA), 0);
  for (const table of ['stages', 'chunks', 'segments']) assert.equal(count(out, `SELECT count(*) AS n FROM ${table} WHERE job_id = ?`, ra.jobId), 0, table);
  assert.deepEqual((await listJobs(out)).map((j) => j.id), [rb.jobId]);
  assert.ok(fs.existsSync(rb.notesPath), 'the other job keeps its notes');
  await assert.rejects(deleteJob(out, ra.jobId), /no job/);

  // The CLI path: `jobs delete ID --out DIR` removes the other one; an unknown id is one line, exit non-zero.
  const cli = await runCli(['jobs', 'delete', rb.jobId, '--out', out]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(fs.existsSync(path.dirname(rb.notesPath)), false);
  assert.deepEqual(await listJobs(out), []);
  const bad = await runCli(['jobs', 'delete', rb.jobId, '--out', out]);
  assert.notEqual(bad.code, 0);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /no job/);
});
