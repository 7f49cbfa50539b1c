// Proves through two real `videoinsight notes` processes (real ffmpeg decode, pocketsphinx, keyframes)
// that two runs of the same source at once into the same --out do not collide on temporary names
// (audio.s16le.part, frames/*.jpg.part are unique per process): both exit 0, both write the same
// notes, and no .part/.tmp file is left behind; and that the job lock makes the second wait for the
// first and re-render its finished work instead of transcribing the same speech twice.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { JFK_WAV, makeVideo } from '../helpers/media';

let tmp = '';
let media = '';

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-sec-conc-'));
  media = path.join(tmp, 'talk.mp4');
  await makeVideo(media, { durationSec: 8, colors: ['red', 'green'], audioFrom: JFK_WAV, metadata: { title: 'Two at once' } });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(part|tmp)$/.test(e.name)) found.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return found;
}

test('two runs of the same source at once into the same --out both succeed with the same notes', async () => {
  const out = path.join(tmp, 'notes');
  const args = ['notes', media, '--out', out, '--engine', 'pocketsphinx', '--json', '--no-index'];
  const [a, b] = await Promise.all([runCli(args), runCli(args)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const ra = JSON.parse(a.stdout), rb = JSON.parse(b.stdout);
  assert.equal(ra.notesPath, rb.notesPath);
  assert.deepEqual(ra.sections, rb.sections);
  assert.ok(fs.readFileSync(ra.notesPath, 'utf8').includes('# Two at once'));
  assert.deepEqual(leftovers(out), [], 'no temporary file left');
  const j = await runCli(['jobs', '--out', out, '--json']);
  assert.equal(j.code, 0, j.stderr);
  assert.deepEqual(JSON.parse(j.stdout).jobs.map((x: { status: string }) => x.status), ['done']);
  // The job lock: one run transcribed, the other waited for it and only re-rendered from the store.
  const transcribed = [a, b].filter((r) => /transcribing \d+ chunks/.test(r.stderr));
  const waited = [a, b].filter((r) => /another run of this job is in progress \(process \d+\): waiting/.test(r.stderr));
  assert.equal(transcribed.length, 1, 'the speech was transcribed once');
  assert.equal(waited.length, 1, 'the second run waited for the first');
  assert.match(waited[0]!.stderr, /this job is finished: re-rendering/);
  assert.equal(fs.readdirSync(path.join(out, '.videoinsight', 'locks')).length, 0, 'the lock is released');
});
