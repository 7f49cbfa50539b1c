// Proves, through the real `videoinsight` command (real ffmpeg, SQLite), that a re-run writes and
// removes only inside `--out` and only what it writes itself:
// - a user's own file and a subfolder in `<slug>/frames/` survive a re-run, and the job stays done;
// - a `frames/` (or `<slug>/`) replaced by a symlink to another folder is refused with one line, and
//   that folder's files — also ones named like our keyframes — are untouched;
// - an audio-only source never touches a `frames/` folder it did not write.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, runCli } from '../helpers/cli';
import { runFfmpeg } from '../helpers/media';

let tmp = '';
let sample = '';

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-contain-'));
  sample = execFileSync(process.execPath, [path.join(REPO, 'scripts/make-sample.mjs'), path.join(tmp, 'media')], { encoding: 'utf8' }).trim();
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function victimFolder(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
  fs.writeFileSync(path.join(dir, 'f-000001.jpg'), 'not ours either');
  return dir;
}
/** The error line (progress lines come before it on a non-TTY); no stack trace follows it. */
function errorLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const last = lines[lines.length - 1];
  assert.match(last, /^videoinsight: /, stderr);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
  return last;
}
function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}
async function jobStatus(out: string): Promise<string> {
  const r = await runCli(['jobs', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).jobs[0].status;
}

test('a re-run keeps a user file and a subfolder in frames/, and the job stays done', async () => {
  const out = path.join(tmp, 'notes-a');
  const first = await runCli(['notes', sample, '--out', out, '--json', '--no-index']);
  assert.equal(first.code, 0, first.stderr);
  const framesDir = path.join(path.dirname(JSON.parse(first.stdout).notesPath), 'frames');
  const ours = listing(framesDir);
  assert.ok(ours.length >= 2, `keyframes written: ${ours}`);
  fs.writeFileSync(path.join(framesDir, 'my-diagram.png'), 'mine');
  fs.mkdirSync(path.join(framesDir, 'sketches'));
  fs.writeFileSync(path.join(framesDir, 'sketches', 'a.txt'), 'mine too');

  const again = await runCli(['notes', sample, '--out', out, '--json', '--no-index']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(listing(framesDir), [...ours, 'my-diagram.png', 'sketches'].sort());
  assert.equal(fs.readFileSync(path.join(framesDir, 'sketches', 'a.txt'), 'utf8'), 'mine too');
  assert.equal(await jobStatus(out), 'done');
});

test('frames/ as a symlink to another folder: refused in one line, that folder untouched, job stays done', async () => {
  const out = path.join(tmp, 'notes-b');
  const first = await runCli(['notes', sample, '--out', out, '--json', '--no-index']);
  assert.equal(first.code, 0, first.stderr);
  const notesDir = path.dirname(JSON.parse(first.stdout).notesPath);
  const notesBefore = fs.readFileSync(path.join(notesDir, 'notes.md'), 'utf8');
  const victim = victimFolder('victim-frames');
  fs.rmSync(path.join(notesDir, 'frames'), { recursive: true });
  fs.symlinkSync(victim, path.join(notesDir, 'frames'));

  const r = await runCli(['notes', sample, '--out', out, '--no-index']);
  assert.notEqual(r.code, 0);
  assert.match(errorLine(r.stderr), /symbolic link/);
  assert.deepEqual(listing(victim), ['f-000001.jpg', 'precious.txt']);
  assert.equal(fs.readFileSync(path.join(victim, 'f-000001.jpg'), 'utf8'), 'not ours either');
  assert.equal(fs.readFileSync(path.join(notesDir, 'notes.md'), 'utf8'), notesBefore, 'the earlier notes are kept whole');
  assert.equal(await jobStatus(out), 'done');
});

test('<slug>/ as a symlink to another folder: nothing is written there', async () => {
  const out = path.join(tmp, 'notes-c');
  const first = await runCli(['notes', sample, '--out', out, '--json', '--no-index']);
  assert.equal(first.code, 0, first.stderr);
  const notesDir = path.dirname(JSON.parse(first.stdout).notesPath);
  const victim = victimFolder('victim-slug');
  fs.rmSync(notesDir, { recursive: true });
  fs.symlinkSync(victim, notesDir);

  const r = await runCli(['notes', sample, '--out', out, '--no-index']);
  assert.notEqual(r.code, 0);
  assert.match(errorLine(r.stderr), /symbolic link/);
  assert.deepEqual(listing(victim), ['f-000001.jpg', 'precious.txt']);
});

test('an audio-only source leaves a frames/ folder it did not write alone', async () => {
  const audioDir = path.join(tmp, 'audio');
  fs.mkdirSync(audioDir);
  const audio = path.join(audioDir, 'lecture.m4a');
  await runFfmpeg(['-i', sample, '-vn', '-c:a', 'aac', audio]);
  fs.copyFileSync(path.join(path.dirname(sample), 'sample-lecture.en.srt'), path.join(audioDir, 'lecture.en.srt'));
  const out = path.join(tmp, 'notes-d');
  const first = await runCli(['notes', audio, '--out', out, '--json', '--no-index']);
  assert.equal(first.code, 0, first.stderr);
  const framesDir = path.join(path.dirname(JSON.parse(first.stdout).notesPath), 'frames');
  assert.equal(fs.existsSync(framesDir), false, 'no frames for audio');
  fs.mkdirSync(framesDir);
  fs.writeFileSync(path.join(framesDir, 'f-000000.jpg'), 'a user file with our kind of name');
  const again = await runCli(['notes', audio, '--out', out, '--no-index']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(listing(framesDir), ['f-000000.jpg']);
});
