// Proves crash safety: `kill -9` of the real CLI in the middle of transcribing a long input (real
// speech joined with pauses, pocketsphinx engine), then the same command again: the chunks that
// were finished before the kill are not transcribed again (resumedChunks ≥ what the store held
// at the kill) and the final notes and transcript are byte-identical to an uninterrupted run;
// `jobs` lists the job as running while its process lives, interrupted after the kill, done after;
// temp files the killed process left in the notes folder are removed by the next run.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runCli, startCli } from '../helpers/cli';
import { makeSpeechWithSilences } from '../helpers/media';

let tmp = '';
let input = '';

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-resume-'));
  input = path.join(tmp, 'long talk.wav');
  await makeSpeechWithSilences(input, { copies: 6, gapSec: 4 });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function doneChunks(out: string): number {
  const file = path.join(out, '.videoinsight', 'store.sqlite');
  if (!fs.existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const r = db.prepare('SELECT count(*) AS n FROM chunks WHERE done = 1 AND has_speech = 1').get() as { n: number };
      return r.n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // the schema may not exist yet
  }
}

test('kill -9 mid-job, run again: finished chunks are kept, notes equal an uninterrupted run', async () => {
  const args = (out: string) => ['notes', input, '--out', out, '--engine', 'pocketsphinx', '--json', '--no-index'];
  const straight = await runCli(args(path.join(tmp, 'straight')));
  assert.equal(straight.code, 0, straight.stderr);
  const ref = JSON.parse(straight.stdout);

  const out = path.join(tmp, 'killed');
  const child = startCli(args(out));
  const exited = new Promise((r) => child.on('exit', r));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && doneChunks(out) < 1 && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  // While its process lives, the job is listed as running.
  assert.deepEqual(await listed(out), ['running']);
  let atKill = 0;
  while (Date.now() < deadline) {
    atKill = doneChunks(out);
    if (atKill >= 2 || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(child.exitCode, null, 'the job finished before it could be killed: make the input longer');
  child.kill('SIGKILL');
  await exited;
  assert.ok(atKill >= 2);
  assert.equal(fs.existsSync(path.join(out, path.basename(path.dirname(ref.notesPath)), 'notes.md.tmp')), false);
  // Its process is gone: `jobs` says interrupted (not running), in the table and in --json.
  assert.deepEqual(await listed(out), ['interrupted']);
  const table = await runCli(['jobs', '--out', out]);
  assert.match(table.stdout, /^\S+ {2}interrupted {2}/m, table.stdout);

  // Temp files a killed writer left (pid of a process that is gone) are removed on the next start.
  const notesDir = path.join(out, path.basename(path.dirname(ref.notesPath)));
  fs.mkdirSync(path.join(notesDir, 'frames'), { recursive: true });
  const stale = [path.join(notesDir, `.notes.md.${child.pid}.tmp`), path.join(notesDir, 'frames', `f-000001.jpg.${child.pid}.0badf00d.part`)];
  for (const f of stale) fs.writeFileSync(f, 'half');

  const resumed = await runCli(args(out));
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(stale.filter((f) => fs.existsSync(f)), [], 'stale temp files removed');
  const res = JSON.parse(resumed.stdout);
  assert.ok(res.resumedChunks >= atKill, `resumed ${res.resumedChunks} < ${atKill} done at the kill`);
  assert.match(resumed.stderr, /resuming: \d+ of \d+ chunks/);
  assert.equal(fs.readFileSync(res.notesPath, 'utf8'), fs.readFileSync(ref.notesPath, 'utf8'));
  assert.equal(fs.readFileSync(res.transcriptPath, 'utf8'), fs.readFileSync(ref.transcriptPath, 'utf8'));
  assert.deepEqual(await listed(out), ['done']);
});

/** The statuses `videoinsight jobs --json` lists under `out`. */
async function listed(out: string): Promise<string[]> {
  const r = await runCli(['jobs', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { jobs: { status: string }[] }).jobs.map((j) => j.status);
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal} mid-job ends the run cleanly (exit ${code}, job cancelled, engine process gone, no temp files), and the next run resumes`, async () => {
    const out = path.join(tmp, `signal-${signal}`);
    const args = ['notes', input, '--out', out, '--engine', 'pocketsphinx', '--json', '--no-index'];
    const child = startCli(args);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && doneChunks(out) < 1 && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    assert.equal(child.exitCode, null, 'the job finished before the signal: make the input longer');
    child.kill(signal);
    assert.equal(await exited, code, stderr);
    assert.match(stderr.trim().split('\n').at(-1)!, /cancelled/);
    const db = new Database(path.join(out, '.videoinsight', 'store.sqlite'), { readonly: true });
    try {
      assert.deepEqual(db.prepare('SELECT status, error FROM jobs').all(), [{ status: 'cancelled', error: null }]);
    } finally {
      db.close();
    }
    // The recogniser it ran died with it, and nothing half-written is left in the notes folder.
    const ps = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try { return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(out); } catch { return false; }
    });
    assert.deepEqual(ps, [], 'no process still works on this --out');
    const leftovers: string[] = [];
    const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (/\.(tmp|part)$/.test(e.name)) leftovers.push(p); } };
    walk(out);
    assert.deepEqual(leftovers, []);
    const resumed = await runCli(args);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.ok(JSON.parse(resumed.stdout).resumedChunks >= 1);
  });
}
