// Proves crash safety: `kill -9` of the real CLI in the middle of transcribing a long input (real
// speech joined with pauses, pocketsphinx engine), then the same command again: the chunks that
// were finished before the kill are not transcribed again (resumedChunks ≥ what the store held
// at the kill) and the final notes and transcript are byte-identical to an uninterrupted run.
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

  const resumed = await runCli(args(out));
  assert.equal(resumed.code, 0, resumed.stderr);
  const res = JSON.parse(resumed.stdout);
  assert.ok(res.resumedChunks >= atKill, `resumed ${res.resumedChunks} < ${atKill} done at the kill`);
  assert.match(resumed.stderr, /resuming: \d+ of \d+ chunks/);
  assert.equal(fs.readFileSync(res.notesPath, 'utf8'), fs.readFileSync(ref.notesPath, 'utf8'));
  assert.equal(fs.readFileSync(res.transcriptPath, 'utf8'), fs.readFileSync(ref.transcriptPath, 'utf8'));
});
