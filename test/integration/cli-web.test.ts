// Proves the web path end to end through the real CLI and the real yt-dlp against a loopback
// server: a page with a <video> and a WebVTT <track> becomes notes from its captions, each section
// links to the video at that second, and a playlist (an RSS feed of two videos) becomes one job
// per entry (`--json` then lists both).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO, runCli } from '../helpers/cli';
import { startStaticServer, videoPage, type StaticServer } from '../helpers/staticServer';
import { JFK_WAV, makeVideo } from '../helpers/media';

let tmp = '';
let server: StaticServer;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-web-'));
  const site = path.join(tmp, 'site');
  const sample = execFileSync(process.execPath, [path.join(REPO, 'scripts/make-sample.mjs'), site], { encoding: 'utf8' }).trim();
  fs.renameSync(sample, path.join(site, 'lecture.mp4'));
  // The sidecar .srt becomes a served WebVTT track.
  const srt = fs.readFileSync(path.join(site, 'sample-lecture.en.srt'), 'utf8');
  fs.writeFileSync(path.join(site, 'lecture.vtt'), 'WEBVTT\n\n' + srt.replace(/(\d\d:\d\d:\d\d),(\d\d\d)/g, '$1.$2'));
  fs.rmSync(path.join(site, 'sample-lecture.en.srt'));
  server = await startStaticServer(site, {
    routes: {
      '/talk.html': { contentType: 'text/html', body: videoPage({ title: 'Energy lecture', src: '/lecture.mp4', tracks: [{ src: '/lecture.vtt', lang: 'en' }] }) },
    },
  });
  // Short clips of real speech keep the playlist test quick.
  await makeVideo(path.join(site, 'clip1.mp4'), { durationSec: 6, audioFrom: JFK_WAV, metadata: { title: 'Clip one' } });
  await makeVideo(path.join(site, 'clip2.mp4'), { durationSec: 6, audioFrom: JFK_WAV, metadata: { title: 'Clip two' } });
  const item = (p: string, t: string) => `<item><title>${t}</title><link>${server.url(p)}</link><enclosure url="${server.url(p)}" type="video/mp4" length="1"/><guid>${p}</guid></item>`;
  server.setRoute('/feed.rss', {
    contentType: 'application/rss+xml',
    body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Course</title><link>${server.origin}/</link>${item('/clip1.mp4', 'One')}${item('/clip2.mp4', 'Two')}</channel></rss>`,
  });
});
after(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a web page with a video and captions → notes with watch-at links', async () => {
  const r = await runCli(['notes', server.url('/talk.html'), '--out', path.join(tmp, 'notes'), '--json', '--no-index']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.engine, 'captions');
  const notes = fs.readFileSync(res.notesPath, 'utf8');
  assert.match(notes, /^url: "http:\/\/127\.0\.0\.1:\d+\//m);
  const watch = [...notes.matchAll(/\[▶ Watch at ([\d:]+)\]\(<([^>]+)>\)/g)];
  assert.equal(watch.length, res.sections.length);
  for (const [, , url] of watch) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/.*#t=\d+$/);
  assert.match(fs.readFileSync(res.transcriptPath, 'utf8'), /chloroplasts/);
});

test('a playlist becomes one job per entry', async () => {
  const out = path.join(tmp, 'playlist');
  const r = await runCli(['notes', server.url('/feed.rss'), '--out', out, '--json', '--no-index', '--engine', 'pocketsphinx']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.jobs.length, 2);
  assert.notEqual(res.jobs[0].notesPath, res.jobs[1].notesPath);
  for (const j of res.jobs) assert.ok(fs.existsSync(j.notesPath));
  const jobs = JSON.parse((await runCli(['jobs', '--out', out, '--json'])).stdout).jobs;
  assert.equal(jobs.length, 2);
});
