// Proves through the real `videoinsight` command (real ffmpeg, SQLite) the end-to-end parts of issue 10:
// - a title and captions full of terminal escape codes (OSC title change, CSI colours/clear screen,
//   BEL, NUL, CR, DEL, newlines) reach no byte of stderr (log, progress), of the stdout of `jobs` and
//   `search`, or of notes.md/transcript.md; `--json` stays valid JSON;
// - `search` with a non-existent --out fails in one line and creates neither the folder nor a store;
// - a store from a newer schema and a damaged store are refused in one line naming the store, except
//   by `search`, which warns and searches an index rebuilt in memory from the notes;
// - `search` works on a read-only store (a copy in memory, nothing written);
// - credentials in a URL are masked and a 100 KB source is quoted in at most ~200 characters;
// - a source that fails leaves no empty folder under .videoinsight/sources/.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO, runCli } from '../helpers/cli';
import { makeVideo, writeSidecarCaptions } from '../helpers/media';

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/; // newline and tab aside
const EVIL_TITLE = 'Evil\x1b]0;pwned\x07\x1b[31m talk\x1b[0m\x07 on\x7f cells';
let tmp = '';
let media = '';

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-sec-cli-'));
  media = path.join(tmp, 'evil.mp4');
  await makeVideo(media, { durationSec: 6, colors: ['red', 'blue'], metadata: { title: EVIL_TITLE } });
  await writeSidecarCaptions(media, [
    { startSec: 0.5, endSec: 2.5, text: 'Cells \x1b[2J\x1b[Hmake energy\x07 from sugar.' },
    { startSec: 3, endSec: 5.5, text: 'Mitochondria\r\x1b]8;;https://evil.example\x1b\\ burn\x1b]8;;\x1b\\ glucose.' },
  ]);
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function assertClean(what: string, text: string): void {
  const m = CONTROL.exec(text);
  assert.equal(m, null, `${what} has a control character ${JSON.stringify(m?.[0])} at ${m?.index}: ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 30), (m?.index ?? 0) + 30))}`);
}
function errorLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${stderr}`);
  assert.match(lines[0]!, /^videoinsight: /);
  return lines[0]!;
}

test('escape codes in a title and captions reach no terminal output and no notes file', async () => {
  const out = path.join(tmp, 'notes-evil');
  const r = await runCli(['notes', media, '--out', out, '--engine', 'captions']);
  assert.equal(r.code, 0, r.stderr);
  assertClean('notes stdout', r.stdout);
  assertClean('notes stderr', r.stderr);
  assert.match(r.stderr, /Evil talk on cells/);
  const notesPath = r.stdout.trim();
  const notes = fs.readFileSync(notesPath, 'utf8');
  const transcript = fs.readFileSync(path.join(path.dirname(notesPath), 'transcript.md'), 'utf8');
  assertClean('notes.md', notes);
  assertClean('transcript.md', transcript);
  assert.match(notes, /^# Evil talk on cells$/m);
  assert.match(transcript, /Cells make energy from sugar\./);

  const j = await runCli(['jobs', '--out', out]);
  assert.equal(j.code, 0, j.stderr);
  assertClean('jobs stdout', j.stdout);
  assert.match(j.stdout, /done .*Evil talk on cells/);
  const s = await runCli(['search', 'mitochondria glucose', '--out', out]);
  assert.equal(s.code, 0, s.stderr);
  assertClean('search stdout', s.stdout);
  assertClean('search stderr', s.stderr);
  assert.match(s.stdout, /Mitochondria/);

  for (const args of [['jobs', '--out', out, '--json'], ['search', 'cells', '--out', out, '--json']]) {
    const jr = await runCli(args);
    assert.equal(jr.code, 0, jr.stderr);
    assertClean(`${args[0]} --json`, jr.stdout.replace(/\n/g, ''));
    JSON.parse(jr.stdout); // valid JSON
  }
});

test('search with a non-existent --out: one line, no folder and no store created', async () => {
  const missing = path.join(tmp, 'no-such-notes');
  const r = await runCli(['search', 'anything', '--out', missing]);
  assert.notEqual(r.code, 0);
  assert.match(errorLine(r.stderr), /no notes folder .*no-such-notes/);
  assert.equal(fs.existsSync(missing), false);
});

test('a store from a newer schema and a damaged store are refused in one line naming the store', async () => {
  const out = path.join(tmp, 'notes-newer');
  const first = await runCli(['notes', media, '--out', out, '--engine', 'captions', '--no-index']);
  assert.equal(first.code, 0, first.stderr);
  const store = path.join(out, '.videoinsight', 'store.sqlite');
  const db = new Database(store);
  const ours = db.pragma('user_version', { simple: true }) as number;
  db.pragma(`user_version = ${ours + 7}`);
  db.close();
  for (const args of [['jobs', '--out', out], ['search', 'cells', '--out', out], ['notes', media, '--out', out, '--engine', 'captions']]) {
    const r = await runCli(args);
    assert.notEqual(r.code, 0, args[0]);
    const line = errorLine(r.stderr.split('\n').filter((l) => l.startsWith('videoinsight:')).join('\n'));
    assert.ok(line.includes(store), line);
    assert.match(line, new RegExp(`schema version ${ours + 7}\\b.*\\b${ours}\\b`), line);
  }
  const after = new Database(store, { readonly: true });
  assert.equal(after.pragma('user_version', { simple: true }), ours + 7, 'left as it was');
  after.close();
  // Back to our version, so what follows is refused for the damage, not for the version in its header.
  const ownVersion = new Database(store);
  ownVersion.pragma(`user_version = ${ours}`);
  ownVersion.close();

  // Damaged: every page after the first overwritten.
  const buf = fs.readFileSync(store);
  for (let i = 4096; i < buf.length; i++) buf[i] = (i * 31) & 0xff;
  fs.writeFileSync(store, buf);
  fs.rmSync(`${store}-wal`, { force: true });
  fs.rmSync(`${store}-shm`, { force: true });
  const damaged = fs.readFileSync(store);
  const jobs = await runCli(['jobs', '--out', out]);
  assert.notEqual(jobs.code, 0);
  const line = errorLine(jobs.stderr);
  assert.ok(line.includes(store), line);
  assert.match(line, /move it aside/);
  // Search needs only the notes (its index is a cache of them): it warns, naming the store and the
  // way forward, and searches an index rebuilt in memory; the damaged file is left as it was.
  const search = await runCli(['search', 'mitochondria', '--out', out, '--json']);
  assert.equal(search.code, 0, search.stderr);
  const warning = search.stderr.trim();
  assert.equal(warning.split('\n').length, 1, warning);
  assert.ok(warning.includes(store) && /damaged/.test(warning) && /move the store aside/.test(warning), warning);
  assert.ok((JSON.parse(search.stdout) as { results: { text: string }[] }).results.some((h) => /Mitochondria/.test(h.text)), search.stdout);
  assert.ok(fs.readFileSync(store).equals(damaged), 'the damaged store is not written');
});

test('search works on a read-only store (a read-only mount): a copy in memory, nothing written', async (t) => {
  // A read-only mount is the one read-only store root cannot write through; it needs root to make.
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-ro-'));
  let mounted = false;
  t.after(() => {
    if (mounted) execFileSync('umount', [mnt]);
    fs.rmSync(mnt, { recursive: true, force: true });
  });
  if (os.userInfo().uid !== 0) {
    t.skip('mounting a read-only tmpfs needs root: the read-only store is not exercised on this machine');
    return;
  }
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', mnt]);
  mounted = true;
  const out = path.join(mnt, 'notes');
  const first = await runCli(['notes', media, '--out', out, '--engine', 'captions']);
  assert.equal(first.code, 0, first.stderr);
  const store = path.join(out, '.videoinsight', 'store.sqlite');
  // A new notes file after the last index: the in-memory copy indexes it too.
  fs.writeFileSync(path.join(out, 'extra.md'), '# Extra\n\n- ribosomes build proteins\n');
  execFileSync('mount', ['-o', 'remount,ro', mnt]);
  const before = fs.readdirSync(path.dirname(store));
  for (const query of ['mitochondria', 'ribosomes']) {
    const r = await runCli(['search', query, '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /read-only: searching a copy of it in memory/);
    const hits = (JSON.parse(r.stdout) as { results: { text: string }[] }).results;
    assert.ok(hits.some((h) => h.text.toLowerCase().includes(query)), `${query}: ${r.stdout}`);
  }
  assert.deepEqual(fs.readdirSync(path.dirname(store)), before, 'no -wal, -shm or journal file appeared');
});

test('credentials in a URL are masked, a 100 KB source is quoted in ~200 characters', async () => {
  const r = await runCli(['notes', 'http://alice:s3cr3tpw@127.0.0.1:9/v.mp4?token=t0k3n&id=1', '--out', path.join(tmp, 'notes-cred')]);
  assert.notEqual(r.code, 0);
  assert.doesNotMatch(r.stderr, /s3cr3tpw|t0k3n|alice/);
  assert.match(errorLine(r.stderr), /\*\*\*@127\.0\.0\.1/);

  const long = await runCli(['notes', `./${'x'.repeat(100_000)}.mp4`, '--out', path.join(tmp, 'notes-long')]);
  assert.notEqual(long.code, 0);
  assert.ok(errorLine(long.stderr).length < 600, `${long.stderr.length} characters`);
});

test('a failed source leaves no empty folder under .videoinsight/sources/', async () => {
  const out = path.join(tmp, 'notes-fail');
  const bad = path.join(tmp, 'text.mp4');
  fs.writeFileSync(bad, 'not a video\n'.repeat(50));
  const r = await runCli(['notes', bad, '--out', out]);
  assert.notEqual(r.code, 0);
  errorLine(r.stderr);
  const sources = path.join(out, '.videoinsight', 'sources');
  const left = fs.existsSync(sources) ? fs.readdirSync(sources) : [];
  assert.deepEqual(left.filter((d) => fs.readdirSync(path.join(sources, d)).length === 0), [], 'no empty source folders');
});

test('a file name that is not UTF-8 gives one line saying so, not "File not found"', async () => {
  const dir = path.join(tmp, 'latin1');
  fs.mkdirSync(dir, { recursive: true });
  // "caf\xe9.mp4": Latin-1 bytes, as a file copied from an old system keeps them.
  fs.copyFileSync(media, Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9]), Buffer.from('.mp4')]));
  // Through a real shell, so the program gets the raw bytes in argv as it would from a user.
  const r = spawnSync('bash', ['-c', `exec "$0" "$1" notes "$(printf 'caf\\351.mp4')" --out "$2"`, process.execPath, path.join(REPO, 'bin', 'videoinsight.js'), path.join(tmp, 'notes-latin1')], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  const line = errorLine(r.stderr);
  assert.match(line, /not valid UTF-8/);
  assert.doesNotMatch(line, /File not found/);
});
