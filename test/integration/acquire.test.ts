// Proves the acquire stage on real tools: local files through real ffprobe (title and chapters
// from the container, sidecar and embedded captions, a path with spaces and non-ASCII), URLs
// through the real yt-dlp against a loopback HTTP server (a served mp4, an HTML page with a
// <video> and a caption <track>, playlists expanded to one URL per entry, a dropped download
// resumed with Range, a finished download re-used without any request), and that every bad
// input fails with a one-line UserError naming the problem, with no option ever executed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { acquire, expandSource } from '../../server/ingest/acquire';
import { UserError } from '../../server/domain/errors';
import {
  makeTempDir,
  makeTonePattern,
  makeVideo,
  runFfmpeg,
  truncateCopy,
  writeRandomBytes,
  writeSidecarCaptions,
  type TempDir,
} from '../helpers/media';
import { startStaticServer, videoPage, type StaticServer } from '../helpers/staticServer';

function isUserError(re: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof UserError, `expected a UserError, got ${e instanceof Error ? e.stack : String(e)}`);
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
    return true;
  };
}

let tmp: TempDir;
let media: string; // served and local media folder
let clip: string; // 6 s video with audio, red/green/blue
before(async () => {
  tmp = await makeTempDir('vi-acquire-');
  media = path.join(tmp.dir, 'media');
  fs.mkdirSync(media);
  clip = path.join(media, 'clip.mp4');
  await makeVideo(clip, { durationSec: 6 });
});
after(async () => {
  await tmp.cleanup();
});

describe('local files', () => {
  test('title and chapters from the container, sidecar captions found, durations from ffprobe', async () => {
    const file = path.join(media, 'lecture.mp4');
    await makeVideo(file, {
      durationSec: 6,
      metadata: {
        title: 'Thermodynamics, lecture 1',
        artist: 'Prof. Example',
        chapters: [
          { title: 'Intro', startSec: 0, endSec: 2 },
          { title: 'Entropy = disorder; #1', startSec: 2, endSec: 6 },
        ],
      },
    });
    const cues = [{ startSec: 0.5, endSec: 2, text: 'Hello.' }];
    const vtt = await writeSidecarCaptions(file, cues, { lang: 'en' });
    const srt = await writeSidecarCaptions(file, cues, { format: 'srt' });
    const m = await acquire(file, { workDir: path.join(tmp.dir, 'work') });
    assert.equal(m.sourceKind, 'file');
    assert.equal(m.sourceKey, file);
    assert.equal(m.mediaPath, file);
    assert.equal(m.title, 'Thermodynamics, lecture 1');
    assert.equal(m.uploader, 'Prof. Example');
    assert.equal(m.webpageUrl, null);
    assert.ok(Math.abs(m.durationSec - 6) < 0.1, `duration ${m.durationSec}`);
    assert.deepEqual(
      m.chapters.map((c) => [c.title, Math.round(c.startSec * 10) / 10, Math.round(c.endSec * 10) / 10]),
      [['Intro', 0, 2], ['Entropy = disorder; #1', 2, 6]],
    );
    assert.deepEqual(
      m.captions.map((c) => [c.path, c.format, c.lang, c.kind]),
      [[srt, 'srt', '', 'manual'], [vtt, 'vtt', 'en', 'manual']],
    );
    assert.equal(m.hasAudio, true);
    assert.equal(m.hasVideo, true);
  });

  test('title falls back to the file name; a path with spaces and non-ASCII works; audio-only has no video', async () => {
    const dir = path.join(tmp.dir, 'Vorträge über Größen');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'Einführung – Teil 1.m4a');
    await makeTonePattern(file, [{ toneSec: 1 }, { pauseSec: 0.5 }, { toneSec: 1 }]);
    const m = await acquire(file, { workDir: path.join(tmp.dir, 'work') });
    assert.equal(m.title, 'Einführung – Teil 1');
    assert.equal(m.mediaPath, file);
    assert.equal(m.hasAudio, true);
    assert.equal(m.hasVideo, false);
    assert.ok(Math.abs(m.durationSec - 2.5) < 0.1, `duration ${m.durationSec}`);
    assert.deepEqual(m.chapters, []);
    assert.deepEqual(m.captions, []);
  });

  test('subtitle streams inside the container become caption files in the work folder', async () => {
    const file = path.join(media, 'subbed.mkv');
    const srt = path.join(tmp.dir, 'subs.srt');
    fs.writeFileSync(srt, '1\n00:00:00,500 --> 00:00:02,000\nInside the container.\n');
    await runFfmpeg(['-i', clip, '-i', srt, '-map', '0', '-map', '1', '-c', 'copy', '-c:s', 'srt', '-metadata:s:s:0', 'language=eng', file]);
    const work = path.join(tmp.dir, 'work-embedded');
    const m = await acquire(file, { workDir: work });
    assert.equal(m.captions.length, 1);
    const [c] = m.captions;
    assert.equal(c.format, 'vtt');
    assert.equal(c.lang, 'en'); // the container's ISO 639-2 "eng" as BCP-47
    assert.ok(c.path.startsWith(work + path.sep));
    const text = fs.readFileSync(c.path, 'utf8');
    assert.match(text, /^WEBVTT/);
    assert.match(text, /Inside the container\./);
  });
});

describe('bad local input', () => {
  const work = (): string => path.join(tmp.dir, 'work-bad');

  test('a missing file', async () => {
    await assert.rejects(acquire(path.join(media, 'nope.mp4'), { workDir: work() }), isUserError(/^File not found: .*nope\.mp4$/));
  });

  test('a directory', async () => {
    await assert.rejects(acquire(media, { workDir: work() }), isUserError(/is a directory, not a media file/));
  });

  test('an empty file', async () => {
    const f = path.join(media, 'empty.mp4');
    fs.writeFileSync(f, '');
    await assert.rejects(acquire(f, { workDir: work() }), isUserError(/empty\.mp4 is empty/));
  });

  test('a text file named .mp4', async () => {
    const f = path.join(media, 'notes.mp4');
    fs.writeFileSync(f, 'These are my lecture notes, not a video.\n'.repeat(20));
    await assert.rejects(acquire(f, { workDir: work() }), isUserError(/notes\.mp4 is not a media file/));
  });

  test('random bytes', async () => {
    const f = path.join(media, 'random.bin');
    await writeRandomBytes(f, 64 * 1024, 7);
    await assert.rejects(acquire(f, { workDir: work() }), isUserError(/random\.bin is not a media file|random\.bin could not be read as media/));
  });

  test('a truncated MP3', async () => {
    const full = path.join(tmp.dir, 'full.mp3');
    await makeTonePattern(full, [{ toneSec: 8 }, { pauseSec: 1 }, { toneSec: 3 }], { sampleRate: 44100 });
    const cut = path.join(media, 'cut.mp3');
    await truncateCopy(full, cut, 0.5);
    await assert.rejects(acquire(cut, { workDir: work() }), isUserError(/cut\.mp3 is truncated or corrupt/));
  });

  test('a truncated MP4 (download cut off)', async () => {
    const cut = path.join(media, 'cut.mp4');
    await truncateCopy(clip, cut, 0.4);
    await assert.rejects(acquire(cut, { workDir: work() }), isUserError(/cut\.mp4 is truncated or corrupt/));
  });

  test('a video without an audio track', async () => {
    const f = path.join(media, 'mute.mp4');
    await makeVideo(f, { durationSec: 2, withAudio: false });
    await assert.rejects(acquire(f, { workDir: work() }), isUserError(/mute\.mp4 has no audio track/));
  });

  test('ftp:, file: and javascript: sources', async () => {
    for (const s of ['ftp://127.0.0.1/a.mp4', `file://${clip}`, 'javascript:alert(1)']) {
      await assert.rejects(acquire(s, { workDir: work() }), isUserError(/only http\(s\) URLs and local files/), s);
      await assert.rejects(expandSource(s, { workDir: work() }), isUserError(/only http\(s\) URLs and local files/), s);
    }
  });

  test('an option smuggled in as a source is not executed', async () => {
    const marker = path.join(tmp.dir, 'pwned');
    for (const s of [`--exec=touch ${marker}`, `--exec touch ${marker}`, `-o${marker}`]) {
      await assert.rejects(acquire(s, { workDir: work() }), isUserError(/looks like a command-line option/), s);
      await assert.rejects(expandSource(s, { workDir: work() }), isUserError(/looks like a command-line option/), s);
    }
    assert.equal(fs.existsSync(marker), false, 'nothing was executed');
  });
});

describe('URLs through yt-dlp on a loopback server', () => {
  let server: StaticServer;
  before(async () => {
    fs.copyFileSync(clip, path.join(media, 'clip2.mp4'));
    fs.copyFileSync(clip, path.join(media, 'clip3.mp4'));
    fs.writeFileSync(path.join(media, 'clip.en.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello from the track.\n');
    server = await startStaticServer(media, {
      routes: {
        '/talk.html': { contentType: 'text/html', body: videoPage({ title: 'Café talk', src: '/clip.mp4', tracks: [{ src: '/clip.en.vtt', lang: 'en' }] }) },
        '/nothing.html': { contentType: 'text/html', body: '<!DOCTYPE html><html><head><title>Nothing</title></head><body><p>No media here.</p></body></html>' },
        '/two.html': {
          contentType: 'text/html',
          body: '<!DOCTYPE html><html><head><title>Two</title></head><body><video src="/clip.mp4"></video><video src="/clip2.mp4"></video></body></html>',
        },
      },
      // GET 1 is yt-dlp's generic extractor looking at the URL; GET 2 is the download.
      breakConnection: {
        '/clip2.mp4': { afterBytes: 10_000, onGet: 2 },
        '/clip3.mp4': { afterBytes: 20_000, onGet: 2, mode: 'stall' },
      },
    });
  });
  after(async () => {
    await server.close();
  });

  test("a served mp4's own chapters and title tag survive the download", async () => {
    await makeVideo(path.join(media, 'chaptered.mp4'), {
      durationSec: 4,
      metadata: { title: 'Tagged title', chapters: [{ title: 'A', startSec: 0, endSec: 1.5 }, { title: 'B', startSec: 1.5, endSec: 4 }] },
    });
    const m = await acquire(server.url('/chaptered.mp4'), { workDir: path.join(tmp.dir, 'work-url-chapters') });
    assert.equal(m.title, 'Tagged title');
    assert.deepEqual(m.chapters.map((c) => c.title), ['A', 'B']);
    assert.ok(Math.abs(m.chapters[1].startSec - 1.5) < 0.01);
  });

  test('a served mp4 is downloaded into the work folder (spaces, non-ASCII and % in its name), with metadata', async () => {
    const work = path.join(tmp.dir, 'work url 100%done %(id)s – Größe');
    const url = server.url('/clip.mp4');
    const m = await acquire(url, { workDir: work });
    assert.equal(m.sourceKind, 'url');
    assert.equal(m.sourceKey, url);
    assert.ok(m.mediaPath.startsWith(work + path.sep), m.mediaPath);
    assert.equal(fs.statSync(m.mediaPath).size, fs.statSync(clip).size);
    assert.equal(m.title, 'clip');
    assert.equal(m.webpageUrl, url);
    assert.ok(Math.abs(m.durationSec - 6) < 0.1);
    assert.equal(m.hasAudio, true);
    assert.equal(m.hasVideo, true);
    assert.deepEqual(m.captions, []);
    assert.deepEqual(fs.readdirSync(work).filter((f) => f.endsWith('.part')), []);
  });

  test('an HTML page with <video> and a caption <track>: title from the page, captions written as VTT', async () => {
    const work = path.join(tmp.dir, 'work-url-page');
    const logs: string[] = [];
    const m = await acquire(server.url('/talk.html'), { workDir: work, log: (l) => logs.push(l) });
    assert.equal(m.title, 'Café talk');
    assert.equal(m.webpageUrl, server.url('/talk.html'));
    assert.equal(m.captions.length, 1);
    assert.equal(m.captions[0].lang, 'en');
    assert.equal(m.captions[0].kind, 'manual');
    assert.equal(m.captions[0].format, 'vtt');
    assert.match(fs.readFileSync(m.captions[0].path, 'utf8'), /Hello from the track\./);
    assert.ok(logs.some((l) => l.includes('yt-dlp')));

    // Same source again: re-used from the work folder, no request reaches the server.
    const before = server.requests.length;
    const again = await acquire(server.url('/talk.html'), { workDir: work, log: (l) => logs.push(l) });
    assert.deepEqual(again, m);
    assert.equal(server.requests.length, before);
    assert.ok(logs.some((l) => /re-using/.test(l)));
  });

  test('a dropped connection is resumed with an HTTP Range request', async () => {
    const work = path.join(tmp.dir, 'work-url-resume');
    const m = await acquire(server.url('/clip2.mp4'), { workDir: work });
    assert.equal(fs.statSync(m.mediaPath).size, fs.statSync(clip).size);
    assert.deepEqual(fs.readFileSync(m.mediaPath), fs.readFileSync(clip));
    const ranged = server.requests.filter((r) => r.path === '/clip2.mp4' && r.method === 'GET' && r.range && !r.range.startsWith('bytes=0-'));
    assert.ok(ranged.length >= 1, `a resume request: ${JSON.stringify(server.requests.filter((r) => r.path === '/clip2.mp4'))}`);
  });

  test('cancelling stops yt-dlp; the next run resumes the partial download instead of starting over', async () => {
    assert.ok(fs.statSync(clip).size > 30_000, 'the clip is larger than the stall point');
    const work = path.join(tmp.dir, 'work-url-cancel');
    const url = server.url('/clip3.mp4');
    const ac = new AbortController();
    const first = acquire(url, { workDir: work, signal: ac.signal });
    // The server stalls after 20 kB: wait until yt-dlp has part of the file on disk, then cancel.
    const partSize = async (): Promise<number> => {
      for (let i = 0; i < 200; i++) {
        const part = fs.existsSync(work) ? fs.readdirSync(work).find((f) => f.endsWith('.part')) : undefined;
        const size = part ? fs.statSync(path.join(work, part)).size : 0;
        if (size > 0) return size;
        await new Promise((r) => setTimeout(r, 50));
      }
      return 0;
    };
    const partial = await partSize();
    assert.ok(partial > 0 && partial <= 20_000, `partial file: ${partial} bytes`);
    // The running yt-dlp's real argument vector (Linux /proc): the URL is last, right after "--".
    const argvs = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((d) => {
        try {
          return fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean);
        } catch {
          return [];
        }
      })
      .filter((a) => a.includes(url) && a.some((x) => x.startsWith(work)));
    assert.equal(argvs.length, 1, JSON.stringify(argvs));
    assert.deepEqual(argvs[0].slice(-2), ['--', url]);
    assert.ok(argvs[0].includes('--ignore-config'));
    const t0 = Date.now();
    ac.abort();
    await assert.rejects(first, (e: unknown) => e instanceof Error && e.name === 'CancelledError');
    assert.ok(Date.now() - t0 < 8000, 'yt-dlp was stopped promptly');

    const m = await acquire(url, { workDir: work });
    assert.deepEqual(fs.readFileSync(m.mediaPath), fs.readFileSync(clip));
    const resumed = server.requests.filter((r) => r.path === '/clip3.mp4' && r.range && /^bytes=[1-9]\d*-$/.test(r.range));
    assert.ok(resumed.length >= 1, JSON.stringify(server.requests.filter((r) => r.path === '/clip3.mp4')));
  });

  test('a playlist expands to one URL per entry; a single video stays itself; a file is not sent to yt-dlp', async () => {
    const work = path.join(tmp.dir, 'work-expand');
    assert.deepEqual(await expandSource(server.url('/two.html'), { workDir: work }), [server.url('/clip.mp4'), server.url('/clip2.mp4')]);
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>${server.origin}/</link>
      <item><title>One</title><link>${server.url('/clip.mp4')}</link><enclosure url="${server.url('/clip.mp4')}" type="video/mp4" length="1"/><guid>1</guid></item>
      <item><title>Two</title><link>${server.url('/clip2.mp4')}</link><enclosure url="${server.url('/clip2.mp4')}" type="video/mp4" length="1"/><guid>2</guid></item>
      </channel></rss>`;
    server.setRoute('/feed.rss', { contentType: 'application/rss+xml', body: feed });
    assert.deepEqual(await expandSource(server.url('/feed.rss'), { workDir: work }), [server.url('/clip.mp4'), server.url('/clip2.mp4')]);
    assert.deepEqual(await expandSource(server.url('/talk.html'), { workDir: work }), [server.url('/talk.html')]);
    const n = server.requests.length;
    assert.deepEqual(await expandSource(clip, { workDir: work }), [clip]);
    assert.equal(server.requests.length, n);
    // acquire refuses a playlist rather than silently taking one entry.
    await assert.rejects(acquire(server.url('/two.html'), { workDir: work }), isUserError(/is a playlist \(2 entries\)/));
  });

  test('an unreachable URL (connection refused)', async () => {
    // A port that was just free: bind, read the port, close.
    const probe = await startStaticServer(media);
    const port = probe.port;
    await probe.close();
    const url = `http://127.0.0.1:${port}/video.mp4`;
    await assert.rejects(acquire(url, { workDir: path.join(tmp.dir, 'work-bad-url') }), isUserError(/^Cannot reach http:\/\/127\.0\.0\.1:\d+\/video\.mp4: connection refused$/));
    await assert.rejects(expandSource(url, { workDir: path.join(tmp.dir, 'work-bad-url') }), isUserError(/connection refused/));
  });

  test('a page yt-dlp cannot read (no media on it)', async () => {
    await assert.rejects(acquire(server.url('/nothing.html'), { workDir: path.join(tmp.dir, 'work-bad-url') }), isUserError(/^No video found at .*nothing\.html/));
  });

  test('a URL that answers 404', async () => {
    await assert.rejects(acquire(server.url('/missing.mp4'), { workDir: path.join(tmp.dir, 'work-bad-url') }), isUserError(/answered HTTP 404/));
  });

  test('a served video without audio', async () => {
    await makeVideo(path.join(media, 'mute-served.mp4'), { durationSec: 2, withAudio: false });
    await assert.rejects(acquire(server.url('/mute-served.mp4'), { workDir: path.join(tmp.dir, 'work-bad-url') }), isUserError(/has no audio track/));
  });

  test('a missing yt-dlp binary is named as such', async () => {
    await assert.rejects(
      acquire(server.url('/clip.mp4'), { workDir: path.join(tmp.dir, 'work-bad-url'), ytDlpPath: path.join(tmp.dir, 'no-such-yt-dlp') }),
      isUserError(/yt-dlp was not found/),
    );
  });
});
