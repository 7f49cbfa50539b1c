// Proves: every kind of bad input to `videoinsight notes` ends with a non-zero exit, exactly one
// line on stderr naming the problem (no stack trace), no notes.md anywhere under --out, and a
// store that is still consistent (integrity check ok, no job left "running"); an option smuggled
// in as a source executes nothing. Also: audio with no speech is valid input and its notes say so.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SHARED, runCli } from '../helpers/cli';
import { startStaticServer, type StaticServer } from '../helpers/staticServer';
import { makeSilence, makeVideo, truncateCopy, writeRandomBytes } from '../helpers/media';

let tmp = '';
let server: StaticServer;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-bad-'));
  fs.mkdirSync(path.join(tmp, 'a directory'));
  fs.writeFileSync(path.join(tmp, 'empty.mp4'), '');
  fs.writeFileSync(path.join(tmp, 'text.mp4'), 'this is not a video, just some text\n'.repeat(20));
  await truncateCopy(path.join(SHARED, 'fixtures/whisper.cpp/jfk.mp3'), path.join(tmp, 'truncated.mp3'), 0.003);
  await writeRandomBytes(path.join(tmp, 'random.mkv'), 50000);
  await makeVideo(path.join(tmp, 'no-audio.mp4'), { durationSec: 3, withAudio: false });
  fs.writeFileSync(path.join(tmp, 'corrupt-model.bin'), Buffer.alloc(4096, 7));
  fs.writeFileSync(path.join(tmp, 'a-file'), 'x');
  await makeSilence(path.join(tmp, 'silence.wav'), 20);
  server = await startStaticServer(tmp, {
    routes: { '/nothing.html': { body: '<html><body><p>No media here.</p></body></html>', contentType: 'text/html' } },
  });
});
after(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function findNotes(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'notes.md');
}

function assertStoreConsistent(out: string): void {
  const file = path.join(out, '.videoinsight', 'store.sqlite');
  if (!fs.existsSync(file)) return;
  const db = new Database(file, { readonly: true });
  try {
    assert.equal((db.pragma('integrity_check', { simple: true }) as string), 'ok');
    const running = db.prepare("SELECT count(*) AS n FROM jobs WHERE status = 'running'").get() as { n: number };
    assert.equal(running.n, 0);
  } finally {
    db.close();
  }
}

const cases: { name: string; source: () => string; extra?: string[]; expect: RegExp }[] = [
  { name: 'a missing file', source: () => path.join(tmp, 'nope.mp4'), expect: /not found|does not exist|no such/i },
  { name: 'a directory', source: () => path.join(tmp, 'a directory'), expect: /director/i },
  { name: 'an empty file', source: () => path.join(tmp, 'empty.mp4'), expect: /empty/i },
  { name: 'a text file named .mp4', source: () => path.join(tmp, 'text.mp4'), expect: /not .*media|unsupported|not a|cannot read|invalid/i },
  { name: 'a truncated MP3', source: () => path.join(tmp, 'truncated.mp3'), expect: /truncat|corrupt|not .*media|invalid|cannot read/i },
  { name: 'random bytes', source: () => path.join(tmp, 'random.mkv'), expect: /not .*media|unsupported|corrupt|invalid|cannot read/i },
  { name: 'a video without audio', source: () => path.join(tmp, 'no-audio.mp4'), expect: /no audio/i },
  { name: 'an unreachable URL', source: () => 'http://127.0.0.1:9/video.mp4', expect: /unreachable|connect|refused|download|could not/i },
  { name: 'a URL yt-dlp cannot read', source: () => server.url('/nothing.html'), expect: /no (video|media)|unsupported|could not|cannot/i },
  { name: 'an ftp: source', source: () => 'ftp://127.0.0.1/video.mp4', expect: /http/i },
  { name: 'a file: source', source: () => 'file:///etc/passwd', expect: /http/i },
  { name: 'a javascript: source', source: () => 'javascript:alert(1)', expect: /http/i },
  { name: 'a corrupt model file', source: () => path.join(SHARED, 'fixtures/whisper.cpp/jfk.wav'), extra: ['--engine', 'whisper', '--model', '@corrupt'], expect: /model/i },
];

for (const c of cases) {
  test(`bad input: ${c.name}`, async () => {
    const out = path.join(tmp, `out-${c.name.replace(/\W+/g, '-')}`);
    const extra = (c.extra ?? []).map((a) => (a === '@corrupt' ? path.join(tmp, 'corrupt-model.bin') : a));
    const r = await runCli(['notes', '--out', out, ...extra, '--', c.source()]);
    assert.notEqual(r.code, 0, r.stdout);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr}`);
    assert.match(lines[0], /^videoinsight: /);
    assert.match(lines[0], c.expect);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.deepEqual(findNotes(out), []);
    assertStoreConsistent(out);
  });
}

test('bad input: an option smuggled in as a source executes nothing', async () => {
  const marker = path.join(tmp, 'pwned');
  for (const args of [['notes', `--exec=touch ${marker}`], ['notes', '--', `--exec=touch ${marker}`]]) {
    const r = await runCli([...args, '--out', path.join(tmp, 'out-smuggled')]);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^videoinsight: .*(option|source)/);
  }
  assert.equal(fs.existsSync(marker), false);
});

test('bad input: an unwritable --out', async () => {
  const r = await runCli(['notes', '--out', path.join(tmp, 'a-file', 'sub'), path.join(SHARED, 'fixtures/whisper.cpp/jfk.wav')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr.trim(), /^videoinsight: cannot write to the output folder .*a-file/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('audio with no speech is valid: notes say no speech was found', async () => {
  const out = path.join(tmp, 'out-silence');
  const r = await runCli(['notes', path.join(tmp, 'silence.wav'), '--out', out, '--engine', 'pocketsphinx', '--json', '--no-index']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.match(fs.readFileSync(res.notesPath, 'utf8'), /No speech was found/);
  assert.deepEqual(res.sections, []);
});
