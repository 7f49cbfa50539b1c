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
import { execFileSync } from 'node:child_process';
import { SHARED, runCli } from '../helpers/cli';
import { startStaticServer, type StaticServer } from '../helpers/staticServer';
import { JFK_WAV, makeSilence, makeVideo, runFfmpeg, truncateCopy, writeRandomBytes } from '../helpers/media';

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
  // A WAV whose header is real and whose 2 GB tail was never written (a sparse file).
  const header = fs.readFileSync(JFK_WAV).subarray(0, 44);
  fs.writeFileSync(path.join(tmp, 'sparse.wav'), header);
  fs.truncateSync(path.join(tmp, 'sparse.wav'), 2 * 2 ** 30);
  fs.writeFileSync(path.join(tmp, 'header-only.wav'), header);
  execFileSync('mkfifo', [path.join(tmp, 'a-fifo')]);
  fs.symlinkSync(path.join(tmp, 'a directory'), path.join(tmp, 'link-to-dir.mp4'));
  fs.symlinkSync(path.join(tmp, 'loop-b.mp4'), path.join(tmp, 'loop-a.mp4'));
  fs.symlinkSync(path.join(tmp, 'loop-a.mp4'), path.join(tmp, 'loop-b.mp4'));
  fs.writeFileSync(path.join(tmp, '-rf.mp4'), 'not a video');
  fs.writeFileSync(path.join(tmp, 'subtitles.srt'), '1\n00:00:01,000 --> 00:00:02,000\nHello\n');
  await runFfmpeg(['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=64x64', '-frames:v', '1', path.join(tmp, 'picture.png')]);
  fs.mkdirSync(path.join(tmp, 'no-captions'));
  fs.copyFileSync(JFK_WAV, path.join(tmp, 'no-captions', 'talk.wav'));
  // Stores a user may point --out at: garbage, cut in half, from a newer VideoInsight.
  for (const [name, make] of [
    ['garbage', (f: string) => fs.writeFileSync(f, Buffer.alloc(8192, 0x41))],
    ['newer', (f: string) => { const db = new Database(f); db.pragma('user_version = 999'); db.exec('CREATE TABLE future (x)'); db.close(); }],
  ] as const) {
    const dir = path.join(tmp, `store-${name}`, '.videoinsight');
    fs.mkdirSync(dir, { recursive: true });
    make(path.join(dir, 'store.sqlite'));
  }
  server = await startStaticServer(tmp, {
    routes: { '/nothing.html': { body: '<html><body><p>No media here.</p></body></html>', contentType: 'text/html' } },
  });
});
after(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function findNotes(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
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

const cases: { name: string; source: () => string; extra?: string[]; out?: () => string; expect: RegExp; notIn?: RegExp }[] = [
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
  { name: 'a 2 GB sparse WAV with a real header', source: () => path.join(tmp, 'sparse.wav'), expect: /sparse|not a recording/i },
  { name: 'a WAV header and no samples', source: () => path.join(tmp, 'header-only.wav'), expect: /not a media file|no audio|empty|invalid/i },
  { name: '/dev/zero', source: () => '/dev/zero', expect: /not a regular file/ },
  { name: 'a device file', source: () => '/dev/null', expect: /not a regular file|empty/ },
  { name: 'a FIFO', source: () => path.join(tmp, 'a-fifo'), expect: /not a regular file/ },
  { name: 'a symlink to a directory', source: () => path.join(tmp, 'link-to-dir.mp4'), expect: /director/i },
  { name: 'a symlink loop', source: () => path.join(tmp, 'loop-a.mp4'), expect: /cannot read|ELOOP|not found/i },
  { name: 'a file name starting with -', source: () => path.join(tmp, '-rf.mp4'), expect: /not a media file|invalid|cannot read/i },
  { name: 'a subtitle file given as the video', source: () => path.join(tmp, 'subtitles.srt'), expect: /not a media file|no audio|invalid|cannot read/i },
  { name: 'a still picture', source: () => path.join(tmp, 'picture.png'), expect: /no audio/i },
  { name: 'a 100 KB URL', source: () => `http://127.0.0.1:9/${'a'.repeat(100_000)}`, expect: /unreachable|connect|refused|download|could not/i, notIn: /a{300}/ },
  { name: 'a URL with a password', source: () => 'http://user:s3cretpw@127.0.0.1:9/v.mp4', expect: /unreachable|connect|refused|download|could not/i, notIn: /s3cretpw/ },
  { name: 'a URL with terminal escapes', source: () => 'http://127.0.0.1:9/\u001b]0;pwned\u0007x.mp4', expect: /unreachable|connect|refused|download|could not|http/i, notIn: /[\u0000-\u0008\u000b-\u001f\u007f]/ },
  { name: 'a URL that answers 404', source: () => server.url('/no-such-video.mp4'), expect: /404|not found|could not|unsupported|cannot/i },
  { name: 'a data: source', source: () => 'data:video/mp4;base64,AAAA', expect: /http/i },
  { name: '--engine captions on a source without captions', source: () => path.join(tmp, 'no-captions', 'talk.wav'), extra: ['--engine', 'captions'], expect: /no captions/i },
  { name: '--engine whisper with no model installed', source: () => JFK_WAV, extra: ['--engine', 'whisper'], expect: /whisper model/i },
  { name: 'a model name that is not installed', source: () => JFK_WAV, extra: ['--model', 'no-such-model'], expect: /not installed/i },
  { name: 'an unknown engine', source: () => JFK_WAV, extra: ['--engine', 'telepathy'], expect: /invalid|allowed|choices/i },
  { name: 'an unknown quality tier', source: () => JFK_WAV, extra: ['--quality', 'bogus'], expect: /invalid|allowed|choices/i },
  { name: 'a negative thread count', source: () => JFK_WAV, extra: ['--threads', '-3'], expect: /whole number/i },
  { name: 'an unknown GPU backend', source: () => JFK_WAV, extra: ['--gpu', 'quantum'], expect: /invalid|allowed|choices/i },
  { name: 'a missing ffmpeg', source: () => JFK_WAV, extra: ['--ffmpeg', '/nonexistent/ffmpeg', '--engine', 'pocketsphinx'], expect: /ffmpeg|not found/i },
  { name: 'a --out that is a file', source: () => JFK_WAV, out: () => path.join(tmp, 'a-file'), expect: /cannot write to the output folder/ },
  { name: 'a store that is not a database', source: () => JFK_WAV, out: () => path.join(tmp, 'store-garbage'), expect: /store\.sqlite/ },
  { name: 'a store from a newer VideoInsight', source: () => JFK_WAV, out: () => path.join(tmp, 'store-newer'), expect: /store\.sqlite.*(newer|999)|(newer|999).*store\.sqlite/ },
  { name: 'a corrupt model file', source: () => path.join(SHARED, 'fixtures/whisper.cpp/jfk.wav'), extra: ['--engine', 'whisper', '--model', '@corrupt'], expect: /model/i },
  { name: 'a source longer than --max-hours', source: () => JFK_WAV, extra: ['--engine', 'pocketsphinx', '--max-hours', '0.001'], expect: /lasts 11 s, over the limit of 4 s: pass --max-hours 1/ },
  { name: 'a --max-hours of 0', source: () => JFK_WAV, extra: ['--max-hours', '0'], expect: /max-hours.*number > 0/ },
];

for (const c of cases) {
  test(`bad input: ${c.name}`, async () => {
    const out = c.out?.() ?? path.join(tmp, `out-${c.name.replace(/\W+/g, '-')}`);
    const storeBefore = storeBytes(out);
    const extra = (c.extra ?? []).map((a) => (a === '@corrupt' ? path.join(tmp, 'corrupt-model.bin') : a));
    const r = await runCli(['notes', '--out', out, ...extra, '--', c.source()]);
    assert.notEqual(r.code, 0, r.stdout);
    // Progress lines may come first (acquire says what it found); the error is one line, the last.
    const lines = r.stderr.trim().split('\n');
    const errors = lines.filter((l) => l.startsWith('videoinsight: '));
    assert.equal(errors.length, 1, `expected one error line, got:\n${r.stderr}`);
    assert.equal(lines.at(-1), errors[0]);
    assert.match(errors[0]!, c.expect);
    assert.ok(errors[0]!.length < 600, `the error quotes at most a bounded part of the input (${errors[0]!.length} chars)`);
    if (c.notIn) assert.doesNotMatch(r.stderr, c.notIn);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.deepEqual(findNotes(out), []);
    if (storeBefore) assert.ok(storeBefore.equals(storeBytes(out)!), 'a store we refused is left byte for byte as it was');
    else assertStoreConsistent(out);
  });
}

function storeBytes(out: string): Buffer | null {
  const file = path.join(out, '.videoinsight', 'store.sqlite');
  return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file) : null;
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

// `search` and `jobs` with bad arguments: each a one-line error (exit 1) or a correct answer (exit 0),
// never a stack trace, and no folder created for a mistyped --out.
const searchCases: { name: string; args: () => string[]; code: 0 | 1; expect: RegExp }[] = [
  { name: '-k 0', args: () => ['search', 'leaves', '-k', '0'], code: 1, expect: /whole number/ },
  { name: '-k -1', args: () => ['search', 'leaves', '-k', '-1'], code: 1, expect: /whole number/ },
  { name: '-k 1000000 on an empty folder', args: () => ['search', 'leaves', '-k', '1000000', '--out', path.join(tmp, 'a directory')], code: 0, expect: /no results/ },
  { name: 'an empty query', args: () => ['search', '', '--out', path.join(tmp, 'a directory')], code: 1, expect: /empty/ },
  { name: 'a punctuation-only query', args: () => ['search', '?!*"()-', '--out', path.join(tmp, 'a directory')], code: 0, expect: /no results/ },
  { name: 'a 100 KB query', args: () => ['search', 'photosynthesis '.repeat(7000), '--out', path.join(tmp, 'a directory')], code: 0, expect: /no results/ },
  { name: 'a mistyped --out', args: () => ['search', 'leaves', '--out', path.join(tmp, 'no-such-notes')], code: 1, expect: /no-such-notes/ },
  // Search needs only the notes: it names the damaged store and the way forward, and searches an index rebuilt in memory.
  { name: 'a store that is not a database', args: () => ['search', 'leaves', '--out', path.join(tmp, 'store-garbage')], code: 0, expect: /store\.sqlite is damaged .*move the store aside/ },
  { name: 'jobs on a --out that is a file', args: () => ['jobs', '--out', path.join(tmp, 'a-file')], code: 0, expect: /no jobs/ },
  { name: 'jobs on a store from a newer VideoInsight', args: () => ['jobs', '--out', path.join(tmp, 'store-newer')], code: 1, expect: /newer|999/ },
];

for (const c of searchCases) {
  test(`bad input to search/jobs: ${c.name}`, async () => {
    const r = await runCli(c.args());
    assert.equal(r.code, c.code, r.stderr + r.stdout);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    if (c.code === 1) {
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^videoinsight: /);
      assert.match(r.stderr, c.expect);
    } else {
      assert.match(r.stdout + r.stderr, c.expect);
    }
    assert.equal(fs.existsSync(path.join(tmp, 'no-such-notes')), false, 'no folder created for a mistyped --out');
  });
}
