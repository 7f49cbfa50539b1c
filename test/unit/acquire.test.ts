// Proves the acquire stage's pure rules: which sources are accepted (http/https and local paths
// only; options and other schemes refused before anything runs), that source keys are stable
// for the same video, how captions are chosen from yt-dlp's metadata (manual over automatic,
// original language, no machine translations), how yt-dlp failures read, and which files next
// to a video count as its sidecar captions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { chaptersFromInfo, chooseCaptions, describeYtDlpError, findSidecarCaptions, parseSource, sourceKey } from '../../server/ingest/acquire';
import { UserError } from '../../server/domain/errors';

function userErrorMatching(re: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'), 'message is one line');
    return true;
  };
}

test('http and https URLs are accepted and normalized', () => {
  assert.deepEqual(parseSource('https://Example.COM/talk?id=3'), { kind: 'url', url: 'https://example.com/talk?id=3' });
  assert.deepEqual(parseSource('  http://127.0.0.1:8080/a b.mp4 '), { kind: 'url', url: 'http://127.0.0.1:8080/a%20b.mp4' });
});

test('other schemes are refused, naming the scheme', () => {
  for (const s of ['ftp://example.com/a.mp4', 'file:///etc/passwd', 'javascript:alert(1)', 'data:video/mp4;base64,AAAA', 'FILE:/x.mp4', 'gopher://x/y']) {
    assert.throws(() => parseSource(s), userErrorMatching(/only http\(s\) URLs and local files/), s);
  }
  assert.throws(() => parseSource('ftp://example.com/a.mp4'), userErrorMatching(/ftp:/));
});

test('anything that looks like an option is refused before it can reach a tool', () => {
  for (const s of ['--exec=touch /tmp/x', '-x', '--', '-o/tmp/evil', ' --config-location /tmp/c']) {
    assert.throws(() => parseSource(s), userErrorMatching(/looks like a command-line option/), s);
  }
  fc.assert(
    fc.property(fc.string(), (rest) => {
      assert.throws(() => parseSource('-' + rest), UserError);
    }),
  );
});

test('an empty source is refused', () => {
  assert.throws(() => parseSource('   '), userErrorMatching(/No video given/));
});

test('local paths become absolute; spaces, non-ASCII, a colon in the name and Windows-like drives are paths', () => {
  assert.deepEqual(parseSource('talks/my talk.mp4'), { kind: 'file', path: path.resolve('talks/my talk.mp4') });
  assert.deepEqual(parseSource('/tmp/Vortrag über Größen.mkv'), { kind: 'file', path: '/tmp/Vortrag über Größen.mkv' });
  assert.deepEqual(parseSource('Lecture: part 1.mp4'), { kind: 'file', path: path.resolve('Lecture: part 1.mp4') });
  assert.equal(parseSource('./-weird.mp4').kind, 'file');
});

test('source keys: a file is its absolute path; the same YouTube video in any URL form has one key', () => {
  assert.equal(sourceKey(parseSource('a/b.mp4')), path.resolve('a/b.mp4'));
  const forms = [
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
    'https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=PL123#frag',
    'https://youtu.be/dQw4w9WgXcQ?si=abc',
    'https://www.youtube.com/shorts/dQw4w9WgXcQ',
  ];
  for (const f of forms) assert.equal(sourceKey(parseSource(f)), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', f);
  // Other sites: the fragment and tracking parameters do not change the key; real parameters do.
  assert.equal(sourceKey(parseSource('https://example.com/v?id=1&utm_source=x#t=3')), 'https://example.com/v?id=1');
  assert.notEqual(sourceKey(parseSource('https://example.com/v?id=1')), sourceKey(parseSource('https://example.com/v?id=2')));
});

test('source keys are idempotent for any web URL', () => {
  fc.assert(
    fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (u) => {
      const k = sourceKey(parseSource(u));
      assert.equal(sourceKey(parseSource(k)), k);
      assert.ok(!k.includes('#'));
    }),
  );
});

test('captions: manual over automatic, the video language first, never live chat', () => {
  assert.deepEqual(
    chooseCaptions({ language: 'de', subtitles: { en: [], de: [], live_chat: [] }, automatic_captions: { de: [], en: [] } }),
    { langs: ['de', 'en'], kind: 'manual' },
  );
  // Many manual tracks: at most three, best first.
  const many = Object.fromEntries(['fr', 'es', 'it', 'en', 'pt', 'ja'].map((l) => [l, []]));
  assert.deepEqual(chooseCaptions({ language: null, subtitles: many, automatic_captions: null }), { langs: ['en', 'es', 'fr'], kind: 'manual' });
});

test('captions: automatic only in the original language, not one of the machine translations', () => {
  const auto = Object.fromEntries(['af', 'de', 'en', 'en-orig', 'fr', 'zh-Hans'].map((l) => [l, []]));
  assert.deepEqual(chooseCaptions({ language: 'en', subtitles: {}, automatic_captions: auto }), { langs: ['en-orig'], kind: 'auto' });
  assert.deepEqual(chooseCaptions({ language: 'fr', subtitles: {}, automatic_captions: { fr: [], de: [] } }), { langs: ['fr'], kind: 'auto' });
  // Unknown language and many translations: none is trustworthy as "the original".
  assert.equal(chooseCaptions({ language: null, subtitles: {}, automatic_captions: { de: [], fr: [] } }), null);
  assert.equal(chooseCaptions({ language: 'en', subtitles: null, automatic_captions: null }), null);
});

test("chapters from yt-dlp's JSON: sorted, untitled ones numbered, missing ends filled, empty ones dropped", () => {
  assert.deepEqual(
    chaptersFromInfo(
      {
        chapters: [
          { start_time: 120, title: 'Results' },
          { start_time: 0, end_time: 60, title: ' Intro ' },
          { start_time: 60, end_time: 120, title: '' },
          { start_time: 200, end_time: 200, title: 'Empty' },
        ],
      },
      300,
    ),
    [
      { title: 'Intro', startSec: 0, endSec: 60 },
      { title: 'Chapter 2', startSec: 60, endSec: 120 },
      { title: 'Results', startSec: 120, endSec: 200 },
    ],
  );
  assert.deepEqual(chaptersFromInfo({ chapters: null }, 100), []);
});

test('yt-dlp failures become one line naming the URL and the problem', () => {
  const u = 'http://127.0.0.1:9/x';
  const refused =
    "ERROR: [generic] None: Unable to download webpage: <urlopen error [Errno 111] Connection refused> (caused by URLError(ConnectionRefusedError(111, 'Connection refused')))";
  assert.equal(describeYtDlpError(refused, u).message, `Cannot reach ${u}: connection refused`);
  assert.equal(describeYtDlpError(`WARNING: [generic] Falling back\nERROR: Unsupported URL: ${u}`, u).message, `No video found at ${u} (yt-dlp cannot read this page)`);
  assert.equal(
    describeYtDlpError('ERROR: [generic] None: Unable to download webpage: HTTP Error 404: Not Found (caused by <HTTPError 404>); please report this issue on https://x', u).message,
    `${u} answered HTTP 404 Not Found`,
  );
  const other = describeYtDlpError('ERROR: [youtube] abc: Private video. Sign in if you have access; please report this issue on https://github.com/x', u);
  assert.equal(other.message, `yt-dlp could not read ${u}: Private video. Sign in if you have access`);
  assert.equal(describeYtDlpError('', u).message, `yt-dlp could not read ${u}: unknown error`);
});

test('sidecar captions: same base name, optional language, vtt or srt; nothing else', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-sidecar-'));
  try {
    const media = path.join(dir, 'my talk.mp4');
    for (const f of ['my talk.mp4', 'my talk.vtt', 'my talk.en.vtt', 'my talk.pt-BR.srt', 'my talk.notes.txt', 'my talk 2.vtt', 'other.vtt', 'my talk.final cut.vtt']) {
      fs.writeFileSync(path.join(dir, f), 'x');
    }
    fs.mkdirSync(path.join(dir, 'my talk.de.vtt')); // a folder is not a caption file
    const found = findSidecarCaptions(media).map((t) => ({ name: path.basename(t.path), format: t.format, lang: t.lang, kind: t.kind }));
    assert.deepEqual(found, [
      { name: 'my talk.vtt', format: 'vtt', lang: '', kind: 'manual' },
      { name: 'my talk.en.vtt', format: 'vtt', lang: 'en', kind: 'manual' },
      { name: 'my talk.pt-BR.srt', format: 'srt', lang: 'pt-BR', kind: 'manual' },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
