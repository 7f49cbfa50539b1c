// Proves the player and the preview's time chips in a real VS Code (code-server + the built VSIX,
// Debian chromium). In the Markdown preview of a 2 h 20 min talk's notes (made by the real CLI),
// clicking a time chip opens transcript.md beside the preview with the cited line in view and the
// cursor on it, and the preview stays. On notes of a generated H.264/AAC video, the CodeLens
// "▶ Play at 0:10" on a section heading makes the WebM proxy once and opens the player, whose
// <video> is at the cited second (within 0.5 s); with the player open, a second citation seeks it
// there too, and so does a time chip in the preview; the proxy is not made again; the preview shows
// chips and range badges; the transcript line and the notes section highlighted follow playback
// (a seek, and real playback); a citation hover's "▶ Play at 0:20" seeks the player; a key point
// clicked in the Video Notes view seeks it too. A YouTube source plays as the youtube-nocookie
// embed at the cited second, under a CSP whose only frame source is that origin (the embed's
// requests are answered locally: no network).
// Screenshots go to test-artifacts/player-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ROOT, installExtension, launchBrowser, makeProfile, startCodeServer, type Profile, type Running } from './codeServer';
import * as wb from './workbench';
import { frameWith, screenshots, sleep } from './workbench';
import { makeSilence, makeVideo } from '../helpers/media';
import { runCli, SHARED } from '../helpers/cli';

fs.mkdirSync(ARTIFACTS, { recursive: true });
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-player-'));
const VSIX = process.env.VSIX || path.join(ROOT, 'videoinsight.vsix');
let profile: Profile;
let server: Running;
let browser: Browser;
let page: Page;
const { shot, failShot } = screenshots(ARTIFACTS, 'player', () => page);
const notesDir = () => path.join(profile.workspace, 'notes', 'clip-0001');
const LONG_TALK = path.join(SHARED, 'eval-public', 'talks', 'game-of-life-1925');
let longNotesDir = '';

function writeNotes(video: string): void {
  const dir = notesDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'notes.md'), [
    '---', 'title: "Colour clip"', `source: ${JSON.stringify(video)}`, 'duration: "0:30"', 'engine: "captions"', '---', '',
    '# Colour clip', '', '## Outline', '1. [Red](#s1) — 0:00–0:10', '2. [Green and blue](#s2) — 0:10–0:30', '',
    '<a id="s1"></a>', '## 1. Red (0:00–0:10)', '', '- The clip starts red. [0:05](transcript.md#t-5)', '',
    '<a id="s2"></a>', '## 2. Green and blue (0:10–0:30)', '', '- It turns green. [0:12](transcript.md#t-12)', '- Blue at the end. [0:20](transcript.md#t-20)', '',
  ].join('\n'));
  const lines = ['# Transcript: Colour clip', ''];
  for (const s of [0, 4, 5, 8, 12, 16, 20, 24, 28]) lines.push(`<a id="t-${s}"></a>**[0:${String(s).padStart(2, '0')}]** Line at ${s} seconds.`, '');
  fs.writeFileSync(path.join(dir, 'transcript.md'), lines.join('\n'));
}

const YT_ID = 'M7lc1UVf-VE';
const ytDir = () => path.join(profile.workspace, 'notes', 'yt-talk');

function writeYouTubeNotes(): void {
  const dir = ytDir();
  fs.mkdirSync(dir, { recursive: true });
  const url = `https://www.youtube.com/watch?v=${YT_ID}`;
  fs.writeFileSync(path.join(dir, 'notes.md'), [
    '---', 'title: "A web talk"', `source: "${url}"`, `url: "${url}"`, 'duration: "3:00"', 'engine: "captions"', '---', '',
    '# A web talk', '', '## 1. Opening (0:00–1:30)', '', '- It begins. [0:10](transcript.md#t-10)', '',
    '## 2. Middle (1:30–3:00)', '', '- It goes on. [1:35](transcript.md#t-95)', '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'transcript.md'), '# Transcript: A web talk\n\n<a id="t-10"></a>**[0:10]** It begins.\n\n<a id="t-95"></a>**[1:35]** It goes on.\n');
}

/** Notes of the 2 h 20 min public talk, made by the CLI from its captions beside a silent stand-in. */
async function writeLongTalkNotes(): Promise<string> {
  const media = path.join(root, 'long-talk', 'talk.m4a');
  fs.mkdirSync(path.dirname(media), { recursive: true });
  fs.copyFileSync(path.join(LONG_TALK, 'talk.vtt'), path.join(path.dirname(media), 'talk.vtt'));
  const { durationSec } = JSON.parse(fs.readFileSync(path.join(LONG_TALK, 'chapters.json'), 'utf8')) as { durationSec: number };
  await makeSilence(media, durationSec);
  const r = await runCli(['notes', media, '--engine', 'captions', '--out', path.join(profile.workspace, 'notes'), '--no-index', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return path.dirname((JSON.parse(r.stdout) as { notesPath: string }).notesPath);
}

/** The editor group whose active tab matches `tab` (attribute selectors on the tab's aria-label). */
const groupShowing = (tab: string) => page.locator('.editor-group-container', { has: page.locator(`.tabs-container .tab.active${tab}`) });
const TRANSCRIPT_TAB = '[aria-label^="transcript.md"]';
const NOTES_PREVIEW_TAB = '[aria-label*="Preview"][aria-label*="notes.md"]';
const NOTES_TAB = '[aria-label^="notes.md"]';

/** Polls the player's <video>.currentTime until it is within 0.5 s of `sec`; returns the value seen. */
async function videoNear(sec: number, ms = 20_000): Promise<number> {
  const video = (await frameWith(page, 'video#media', ms)).locator('video#media');
  const end = Date.now() + ms;
  let t = -1;
  while (Date.now() < end) {
    // currentTime, or the start of a played range: on a loaded machine playback may have moved on
    // before the poll, but a range that starts at the cited second was started there by a seek.
    const seen = await video.evaluate((v: HTMLVideoElement) => [v.readyState >= 1 ? v.currentTime : -1,
      ...Array.from({ length: v.played.length }, (_, i) => v.played.start(i))]);
    const hit = seen.find((x) => Math.abs(x - sec) <= 0.5);
    t = seen[0]!;
    if (hit !== undefined) return hit;
    await sleep(100);
  }
  throw new Error(`video at ${t} s, expected ${sec} s ± 0.5`);
}

async function clickLens(title: string): Promise<void> {
  const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: title }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
}

before(async () => {
  assert.ok(fs.existsSync(VSIX), `the VSIX is built (${VSIX}); run npm run package`);
  profile = makeProfile(root, { 'videoinsight.engine': 'captions' });
  const video = path.join(profile.workspace, 'media', 'colours.mp4');
  fs.mkdirSync(path.dirname(video), { recursive: true });
  [, longNotesDir] = await Promise.all([makeVideo(video, { durationSec: 30, size: '640x360', fps: 25 }), writeLongTalkNotes()]);
  writeNotes(video);
  writeYouTubeNotes();
  fs.writeFileSync(path.join(profile.workspace, 'README.txt'), 'player test\n');
  installExtension(profile, VSIX);
  server = await startCodeServer(profile);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(profile.workspace)}`);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.txt' }).waitFor({ timeout: 60_000 });
  await page.keyboard.press('Control+B');
});

after(async () => {
  await browser?.close();
  server?.stop();
  await sleep(500);
  fs.rmSync(root, { recursive: true, force: true });
});

test('a time chip in the preview of a long talk opens the transcript beside it at that line; the preview stays', failShot('p0', async () => {
  // A citation in the second hour, and the transcript line its anchor is on (1-based).
  const notes = fs.readFileSync(path.join(longNotesDir, 'notes.md'), 'utf8');
  const cite = [...notes.matchAll(/\[(\d+:\d\d:\d\d)\]\(transcript\.md#t-(\d+)\)/g)].map((m) => ({ clock: m[1]!, sec: Number(m[2]) })).find((c) => c.sec >= 3600);
  assert.ok(cite, 'the notes cite a moment after the first hour');
  const transcript = fs.readFileSync(path.join(longNotesDir, 'transcript.md'), 'utf8').split('\n');
  const line = transcript.findIndex((r) => r.startsWith(`<a id="t-${cite.sec}"></a>`)) + 1;
  assert.ok(line > 100, `the cited line (${line}) is far down the transcript`);

  await wb.quickOpen(page, `notes/${path.basename(longNotesDir)}/notes.md`);
  await wb.runCommand(page, 'Markdown: Open Preview to the Side');
  const chip = (await frameWith(page, `a.vi-chip[data-vi-sec="${cite.sec}"]`)).locator(`a.vi-chip[data-vi-sec="${cite.sec}"]`).first();
  await chip.scrollIntoViewIfNeeded();
  const t0 = Date.now();
  await chip.click();
  const editor = groupShowing(TRANSCRIPT_TAB);
  await editor.waitFor({ timeout: 20_000 });
  await wb.waitForCursorLine(page, line);
  // The cited line is among the lines the transcript editor shows.
  const shown = async () => (await editor.locator('.view-lines .view-line').allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' '));
  for (let i = 0; i < 50 && !(await shown()).some((t) => t.includes(`**[${cite.clock}]**`)); i++) await sleep(100);
  assert.ok((await shown()).some((t) => t.includes(`**[${cite.clock}]**`)), `transcript shows the line of ${cite.clock}`);
  console.log(`# chip ${cite.clock} → transcript line ${line} in view after ${Date.now() - t0} ms`);
  // The preview is still open, in view in its own group beside the transcript.
  const previewGroup = groupShowing(NOTES_PREVIEW_TAB);
  await previewGroup.waitFor({ timeout: 10_000 });
  assert.equal(await previewGroup.locator(`.tabs-container .tab${TRANSCRIPT_TAB}`).count(), 0, 'the transcript opened beside the preview, not over it');
  await frameWith(page, `a.vi-chip[data-vi-sec="${cite.sec}"]`, 15_000);
  await shot('0-chip-transcript');
  await wb.runCommand(page, 'View: Close All Editor Groups');
}));

test('a section CodeLens makes the proxy once and plays at the cited second; a second citation seeks', failShot('p1', async () => {
  await wb.quickOpen(page, 'notes/clip-0001/notes.md');
  await clickLens('▶ Play at 0:10');
  const t1 = await videoNear(10, 60_000);
  await shot('1-player-open');
  const proxy = path.join(notesDir(), 'player.webm');
  assert.ok(fs.existsSync(proxy), 'the proxy sits beside the notes');
  assert.deepEqual(fs.readdirSync(notesDir()).filter((n) => n.includes('player.webm.')), [], 'no temp file left');
  const mtime = fs.statSync(proxy).mtimeMs;
  console.log(`# first citation: currentTime ${t1.toFixed(2)} for 0:10`);

  // Back to the notes editor (the player took the side group) and cite another moment.
  await wb.quickOpen(page, 'notes/clip-0001/notes.md');
  await clickLens('▶ Play at 0:00');
  const t2 = await videoNear(0);
  console.log(`# second citation: currentTime ${t2.toFixed(2)} for 0:00`);
  const playing = await (await frameWith(page, 'video#media')).locator('video#media').evaluate((v: HTMLVideoElement) => !v.paused);
  console.log(`# playing after seek: ${playing}`);
  await shot('2-seeked');
  assert.equal(fs.statSync(proxy).mtimeMs, mtime, 'the proxy was not made again');
}));

test('preview: chips with their second and range badges; with the player open, a chip seeks it', failShot('p2', async () => {
  await wb.quickOpen(page, 'notes/clip-0001/notes.md');
  await wb.runCommand(page, 'Markdown: Open Preview to the Side');
  const pv = await frameWith(page, 'a.vi-chip[data-vi-sec="12"]');
  assert.equal(await pv.locator('a.vi-chip').count(), 3);
  assert.equal(await pv.locator('h2.vi-section .vi-range').first().innerText(), '0:00–0:10');
  await shot('3-preview');
  await (await frameWith(page, 'video#media')).locator('video#media').evaluate((v: HTMLVideoElement) => { v.pause(); v.currentTime = 2; });
  await pv.locator('a.vi-chip[data-vi-sec="12"]').click();
  const t = await videoNear(12);
  console.log(`# preview chip → player at ${t.toFixed(2)} for 0:12`);
  await shot('3b-chip-seeks-player');
}));

/** The text of the lines that carry a decoration of this extension (`ced-*`) in the editor showing `tab`. */
async function highlightedLines(tab: string): Promise<string[]> {
  return groupShowing(tab).locator('.monaco-editor').first().evaluate((ed) => {
    const tops = new Set([...ed.querySelectorAll<HTMLElement>('.view-overlays > div')].filter((d) => d.querySelector('.cdr[class*="ced-"]')).map((d) => d.style.top));
    return [...ed.querySelectorAll<HTMLElement>('.view-lines > .view-line')].filter((l) => tops.has(l.style.top)).map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
  });
}

/** Waits until the transcript highlights just the line of `clock` and notes.md just `heading`. */
async function waitForHighlight(clock: string, heading: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  let seen: string[][] = [];
  while (Date.now() < end) {
    seen = [await highlightedLines(TRANSCRIPT_TAB), await highlightedLines(NOTES_TAB)];
    if (seen[0]!.length === 1 && seen[0]![0]!.includes(`**[${clock}]**`) && seen[1]!.length === 1 && seen[1]![0]!.startsWith(heading)) return;
    await sleep(100);
  }
  throw new Error(`highlighted ${JSON.stringify(seen)}, expected the line of ${clock} and "${heading}"`);
}

test('the highlighted transcript line and notes section follow the player: a seek moves them, playback carries them on', failShot('p2b', async () => {
  await wb.quickOpen(page, 'notes/clip-0001/transcript.md');
  const video = (await frameWith(page, 'video#media')).locator('video#media');
  await video.evaluate((v: HTMLVideoElement) => { v.pause(); v.currentTime = 9; });
  await waitForHighlight('0:08', '## 1. Red');
  await video.evaluate((v: HTMLVideoElement) => { v.currentTime = 21; });
  await waitForHighlight('0:20', '## 2. Green and blue');
  // Real playback from 2.5 s: the highlight moves from the 0:00 line on to 0:04 by itself.
  await video.evaluate((v: HTMLVideoElement) => { v.currentTime = 2.5; });
  await waitForHighlight('0:00', '## 1. Red');
  await video.evaluate((v: HTMLVideoElement) => v.play());
  await waitForHighlight('0:04', '## 1. Red');
  await video.evaluate((v: HTMLVideoElement) => v.pause());
  await shot('4-highlight');
}));

test('the hover of a citation offers "▶ Play at m:ss", which seeks the open player', failShot('p3', async () => {
  await wb.quickOpen(page, 'notes/clip-0001/notes.md');
  await (await frameWith(page, 'video#media')).locator('video#media').evaluate((v: HTMLVideoElement) => { v.pause(); v.currentTime = 5; });
  const rows = fs.readFileSync(path.join(notesDir(), 'notes.md'), 'utf8').split('\n');
  const line = rows.findIndex((r) => r.includes('[0:20]')) + 1;
  const column = rows[line - 1]!.indexOf('[0:20]') + 3;
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input.input').fill(`:${line}:${column}`);
  await sleep(200);
  await page.keyboard.press('Enter');
  await sleep(300);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const play = page.locator('.monaco-hover a', { hasText: '▶ Play at 0:20' });
  await play.waitFor({ timeout: 15_000 });
  await shot('5-hover');
  await play.click();
  const t = await videoNear(20);
  console.log(`# hover action → player at ${t.toFixed(2)} for 0:20`);
}));

test('with the player open, a key point clicked in the Video Notes view seeks it', failShot('p4', async () => {
  await (await frameWith(page, 'video#media')).locator('video#media').evaluate((v: HTMLVideoElement) => { v.pause(); v.currentTime = 2; });
  await wb.runCommand(page, 'Focus on Video Notes View');
  const row = (text: string) => page.locator('.monaco-list-row', { hasText: text }).first();
  for (const parent of ['Colour clip', '2. Green and blue']) {
    await row(parent).waitFor({ timeout: 15_000 });
    if ((await row(parent).getAttribute('aria-expanded')) !== 'true') await row(parent).locator('.monaco-tl-twistie').click();
  }
  await row('It turns green').click();
  const t = await videoNear(12);
  await shot('6-notes-view');
  console.log(`# Video Notes key point → player at ${t.toFixed(2)} for 0:12`);
}));

test('a YouTube source plays as the youtube-nocookie embed at the cited second; the CSP frames only that origin', failShot('p5', async () => {
  // The embed's requests are answered here: the test needs no network, and a request at all shows
  // that the page's CSP let the frame through.
  const requests: string[] = [];
  await page.context().route(/^https:\/\/www\.youtube-nocookie\.com\//, (r) => {
    requests.push(r.request().url());
    return r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>embed stand-in</title>' });
  });
  await wb.quickOpen(page, 'notes/yt-talk/notes.md');
  await clickLens('▶ Play at 1:30');
  const player = await frameWith(page, '#stage iframe');
  const src = await player.locator('#stage iframe').getAttribute('src');
  assert.equal(src, `https://www.youtube-nocookie.com/embed/${YT_ID}?start=90&enablejsapi=1&rel=0`);
  const csp = (await player.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('frame-src'), ['https://www.youtube-nocookie.com']);
  assert.match((directives.get('script-src') ?? []).join(' '), /^'nonce-[^' ]+'$/);
  assert.equal(await player.locator('#clock').innerText(), '1:30', 'the clock shows the cited second before the embed reports');
  for (let i = 0; i < 100 && !requests.includes(src!); i++) await sleep(100);
  assert.deepEqual(requests.slice(0, 1), [src], 'the embed was requested at the cited second');
  await shot('7-youtube');
}));
