// Proves the player in a real VS Code (code-server + the built VSIX, Debian chromium): on notes of
// a generated H.264/AAC video, the CodeLens "▶ Play at 0:10" on a section heading makes the WebM
// proxy once and opens the player, whose <video> is at the cited second (within 0.5 s); with the
// player open, a second citation seeks it there too; the proxy is not made again; the notes
// preview shows chips and range badges; a citation hover's "▶ Play at 0:20" seeks the player; a key
// point clicked in the Video Notes view seeks it too.
// Screenshots go to test-artifacts/player-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { ARTIFACTS, ROOT, installExtension, launchBrowser, makeProfile, startCodeServer, type Profile, type Running } from './codeServer';
import * as wb from './workbench';
import { screenshots, sleep } from './workbench';
import { makeVideo } from '../helpers/media';

fs.mkdirSync(ARTIFACTS, { recursive: true });
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-player-'));
const VSIX = process.env.VSIX || path.join(ROOT, 'videoinsight.vsix');
let profile: Profile;
let server: Running;
let browser: Browser;
let page: Page;
const { shot, failShot } = screenshots(ARTIFACTS, 'player', () => page);
const notesDir = () => path.join(profile.workspace, 'notes', 'clip-0001');

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
  for (let s = 0; s < 30; s += 4) lines.push(`<a id="t-${s}"></a>**[0:${String(s).padStart(2, '0')}]** Line at ${s} seconds.`, '');
  lines.push('<a id="t-5"></a>**[0:05]** x', '', '<a id="t-12"></a>**[0:12]** x', '', '<a id="t-20"></a>**[0:20]** x', '');
  fs.writeFileSync(path.join(dir, 'transcript.md'), lines.join('\n'));
}

/** Polls the player's <video>.currentTime until it is within 0.5 s of `sec`; returns the value seen. */
async function videoNear(sec: number, ms = 20_000): Promise<number> {
  const video = (await frameWith('video#media', ms)).locator('video#media');
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

/** The (webview) frame whose document has `selector`, polled until it shows. */
async function frameWith(selector: string, ms = 30_000): Promise<Frame> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    await sleep(200);
  }
  throw new Error(`no frame with ${selector}`);
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
  await makeVideo(video, { durationSec: 30, size: '640x360', fps: 25 });
  writeNotes(video);
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
  const playing = await (await frameWith('video#media')).locator('video#media').evaluate((v: HTMLVideoElement) => !v.paused);
  console.log(`# playing after seek: ${playing}`);
  await shot('2-seeked');
  assert.equal(fs.statSync(proxy).mtimeMs, mtime, 'the proxy was not made again');
}));

test('preview: citations render as chips with their second, section headings with their range badge', failShot('p2', async () => {
  await wb.quickOpen(page, 'notes/clip-0001/notes.md');
  await wb.runCommand(page, 'Markdown: Open Preview to the Side');
  const pv = await frameWith('a.vi-chip[data-vi-sec="12"]');
  assert.equal(await pv.locator('a.vi-chip').count(), 3);
  assert.equal(await pv.locator('h2.vi-section .vi-range').first().innerText(), '0:00–0:10');
  await shot('3-preview');
  // In code-server a chip keeps its portable link: a browser's webview opens no links of the
  // product's URI scheme, so the click-to-player route is desktop-only (see the README).
  assert.equal(await pv.locator('a.vi-chip[data-vi-sec="12"]').getAttribute('href'), 'transcript.md#t-12');
}));

test('the hover of a citation offers "▶ Play at m:ss", which seeks the open player', failShot('p3', async () => {
  await wb.quickOpen(page, 'notes/clip-0001/notes.md');
  await (await frameWith('video#media')).locator('video#media').evaluate((v: HTMLVideoElement) => { v.pause(); v.currentTime = 5; });
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
  await (await frameWith('video#media')).locator('video#media').evaluate((v: HTMLVideoElement) => { v.pause(); v.currentTime = 2; });
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
