// Proves, in a real VS Code (code-server 4.100.3) driven through headless Debian chromium with the
// built VSIX installed, the life of a long job as a user sees it: "Generate Notes from Video" on an
// 82 s spoken lecture with no captions (pocketsphinx, one process, so it is still transcribing
// when we act) shows a status bar item while it runs; clicking Cancel on the progress
// notification really cancels the backend job (its pocketsphinx process exits, the store says
// cancelled, no finished notes.md exists, the status bar item is gone, List Jobs shows it
// cancelled, not as an error); the offered Resume continues from the kept checkpoints (the log
// says which chunks were already done) to a complete notes.md, opened beside the user's editor
// without taking its focus; and List Jobs then shows the finished job, whose "Open Notes" reveals
// the notes.md already open beside README instead of opening a second copy. Screenshots and the
// extension's log go to test-artifacts/jobs-*/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ROOT, installExtension, launchBrowser, makeProfile, startCodeServer, type Profile, type Running } from './codeServer';
import { makeSampleLecture } from './exthost';
import { activeTab, clickNotificationButton, hideNotificationCenter, notification, quickOpen, runCommand, screenshots, sleep, toast } from './workbench';

const T0 = Date.now();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-jobs-'));
const VSIX = process.env.VSIX || path.join(ROOT, 'videoinsight.vsix');
const TITLE = 'Sample lecture: energy in living things';
let profile: Profile;
let server: Running;
let browser: Browser;
let page: Page;

const { dir: shots, shot, failShot } = screenshots(ARTIFACTS, 'jobs', () => page);

const notesRoot = () => path.join(profile.workspace, 'notes');
/** The store's view of the jobs, through the CLI (a second reader of the SQLite store). */
type StoreJob = { id: string; status: string; title: string | null; slug: string | null; error: string | null };
function storeJobs(): StoreJob[] {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/videoinsight.js'), 'jobs', '--out', notesRoot(), '--json'], { encoding: 'utf8' });
  return (JSON.parse(out) as { jobs: StoreJob[] }).jobs;
}
/** Every notes.md under the notes root. */
function notesFiles(): string[] {
  if (!fs.existsSync(notesRoot())) return [];
  return fs.readdirSync(notesRoot()).map((d) => path.join(notesRoot(), d, 'notes.md')).filter((f) => fs.existsSync(f));
}
/** The extension's LogOutputChannel as code-server writes it to disk. */
function extensionLog(): string {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'VideoInsight.log') found.push(p);
    }
  };
  walk(path.join(profile.userData, 'logs'));
  return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}
/** Command lines of the processes under code-server (its extension host, our backend, the recogniser). */
function descendants(rootPid: number): string[] {
  const children = new Map<number, number[]>();
  const cmd = new Map<number, string>();
  for (const d of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
      cmd.set(Number(d), fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' '));
    } catch { /* exited */ }
  }
  const out: string[] = [];
  const todo = [...(children.get(rootPid) ?? [])];
  while (todo.length) {
    const pid = todo.pop()!;
    out.push(cmd.get(pid) ?? '');
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}
const recognisers = () => descendants(server.pid).filter((c) => c.includes('pocketsphinx'));

async function waitFor(what: string, fn: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const statusItem = () => page.locator('.statusbar-item', { hasText: /VideoInsight \d+%/ });
const progressToast = () => toast(page, 'VideoInsight: sample-lecture.mp4');

/** Opens List Jobs and returns the row of the sample lecture's job (the quick pick stays open). */
async function jobRow(status: RegExp) {
  await runCommand(page, 'VideoInsight: List Jobs');
  await page.locator('.quick-input-widget', { hasText: 'VideoInsight jobs' }).waitFor({ timeout: 20_000 });
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: TITLE }).first();
  await row.waitFor({ timeout: 20_000 });
  const desc = (await row.locator('.label-description').innerText()).trim();
  assert.match(desc, status);
  return row;
}

before(async () => {
  assert.ok(fs.existsSync(VSIX), `the VSIX is built (${VSIX}); run npm run package`);
  profile = makeProfile(root, { 'videoinsight.engine': 'pocketsphinx', 'videoinsight.threads': 1 });
  // No captions: the speech has to be recognised, which takes long enough to cancel mid-way.
  makeSampleLecture(path.join(profile.workspace, 'media'));
  fs.rmSync(path.join(profile.workspace, 'media/sample-lecture.en.srt'));
  fs.writeFileSync(path.join(profile.workspace, 'README.txt'), 'VideoInsight test workspace\n');
  fs.writeFileSync(path.join(profile.workspace, 'media/not-a-video.mp4'), 'just some text\n');
  console.log(`# install-extension: ${installExtension(profile, VSIX)} ms`);
  server = await startCodeServer(profile);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.log('# pageerror:', e.message));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(profile.workspace)}`);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.txt' }).waitFor({ timeout: 60_000 });
  await page.keyboard.press('Control+B');
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (fs.existsSync(path.join(root, 'code-server.log'))) fs.copyFileSync(path.join(root, 'code-server.log'), path.join(shots, 'code-server.log'));
  const log = profile ? extensionLog() : '';
  if (log) fs.writeFileSync(path.join(shots, 'VideoInsight.log'), log);
  await sleep(500);
  fs.rmSync(root, { recursive: true, force: true });
  console.log(`# jobs UI tests wall time: ${Date.now() - T0} ms; screenshots in ${shots}`);
});

test('Cancel on the progress notification cancels the backend job; the status bar item shows only while it runs', failShot('cancel', async () => {
  await quickOpen(page, 'README.txt');
  assert.equal(await statusItem().count(), 0, 'no status bar item before a job');
  await runCommand(page, 'VideoInsight: Generate Notes from Video');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await page.locator('.quick-input-widget', { hasText: 'Generate Notes from Video' }).waitFor();
  await input.fill('media/sample-lecture.mp4');
  await page.keyboard.press('Enter');
  await statusItem().waitFor({ timeout: 30_000 });
  // Mid-transcription: one chunk done (a checkpoint in the store), the others still to come.
  const progress = progressToast();
  await progress.filter({ hasText: /transcribe: transcribed [12] of 3 chunks/ }).waitFor({ timeout: 60_000 });
  assert.match(await statusItem().innerText(), /VideoInsight \d+%/);
  await shot('1a-running');
  assert.ok(recognisers().length > 0, 'pocketsphinx is transcribing under the backend');
  await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await notification(page, 'job cancelled').waitFor({ timeout: 30_000 });
  await statusItem().waitFor({ state: 'hidden', timeout: 10_000 });
  assert.equal(await progressToast().count(), 0, 'the progress notification closed');
  await shot('1b-cancelled');
  // The work really stopped: the recogniser the backend ran is gone.
  await waitFor('the recogniser to exit', () => recognisers().length === 0, 5_000);
  // The backend's job, in the store: cancelled, and no finished notes anywhere.
  const jobs = storeJobs();
  assert.equal(jobs.length, 1, JSON.stringify(jobs));
  assert.equal(jobs[0]!.status, 'cancelled', JSON.stringify(jobs));
  assert.equal(jobs[0]!.error, null, 'a cancelled job stores no error');
  for (const f of notesFiles()) assert.match(fs.readFileSync(f, 'utf8'), /_Transcribing: these notes grow/, `${f} is provisional`);
  // List Jobs says so too, as a cancellation, not as an error.
  const row = await jobRow(/^cancelled · /);
  assert.doesNotMatch(await row.innerText(), /abort|error/i);
  await shot('1c-list-jobs-cancelled');
  await page.keyboard.press('Escape');
}));

test('Resume (offered by the cancel message) finishes the job from its checkpoints; notes.md opens without taking focus', failShot('resume', async () => {
  await quickOpen(page, 'README.txt');
  await clickNotificationButton(page, 'job cancelled', 'Resume');
  await statusItem().waitFor({ timeout: 30_000 });
  await shot('2a-resumed-running');
  await notification(page, 'notes ready').waitFor({ timeout: 120_000 });
  await statusItem().waitFor({ state: 'hidden', timeout: 10_000 });
  await page.locator('.tabs-container .tab', { hasText: 'notes.md' }).first().waitFor({ timeout: 15_000 });
  assert.match(await activeTab(page), /README\.txt/, 'the user\'s editor kept the focus');
  await shot('2b-resumed-done');
  const jobs = storeJobs();
  assert.equal(jobs.length, 1, 'the same job resumed, not a new one');
  assert.equal(jobs[0]!.status, 'done');
  const notes = fs.readFileSync(path.join(notesRoot(), jobs[0]!.slug!, 'notes.md'), 'utf8');
  assert.match(notes, /^engine: "pocketsphinx"$/m);
  // Sections cover the whole lecture (how many depends on what pocketsphinx heard).
  assert.match(notes, /^## 1\. .*\(0:00–\d+:\d\d\)$/m);
  assert.match(notes, /^## \d+\. .*–1:22\)$/m);
  assert.match(notes, /\[\d:\d\d\]\(transcript\.md#t-\d+\)/);
  assert.doesNotMatch(notes, /_Transcribing: these notes grow/);
  // The resumed run did not redo the chunk finished before the cancel.
  await waitFor('the resume line in the log', () => /resuming: [1-9]\d* of \d+ chunks were already transcribed/.test(extensionLog()));
}));

test('List Jobs shows the finished job, and its Open Notes opens notes.md', failShot('list', async () => {
  const row = await jobRow(/^done · /);
  await shot('3a-list-jobs-done');
  await row.click();
  const open = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Notes' }).first();
  await open.waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Resume$/ }).count(), 0, 'a finished job offers no Resume');
  await open.click();
  await page.waitForFunction(() => /notes\.md/.test(document.querySelector('.editor-group-container.active .tabs-container .tab.active')?.getAttribute('aria-label') ?? ''), null, { timeout: 15_000 });
  await sleep(500);
  await shot('3b-open-notes');
  // It went to the notes.md already open beside README (now pinned), not into a second copy.
  assert.equal(await page.locator('.tabs-container .tab', { hasText: 'notes.md' }).count(), 1, 'one notes.md tab');
  assert.equal(await page.locator('.tabs-container .tab', { hasText: 'README.txt' }).count(), 1);
  assert.equal(await page.locator('.tabs-container .tab', { hasText: 'notes.md' }).locator('.monaco-icon-label.italic').count(), 0, 'no longer a preview tab');
}));

test('a source that fails before any job exists offers another source, not Resume; the retried choice fails visibly too', failShot('bad-input', async () => {
  const before = storeJobs().length;
  // While the notification center is open VS Code toasts nothing; this test is about toasts.
  await hideNotificationCenter(page);
  await runCommand(page, 'VideoInsight: Generate Notes from Video');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill('media/no-such-lecture.mp4');
  // Every toast shown from here on, to check that no progress notification flashed before the error.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { toastsSeen: string[] }).toastsSeen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.notifications-toasts .notification-list-item')) {
        const text = (el as HTMLElement).innerText;
        if (!seen.includes(text)) seen.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.keyboard.press('Enter');
  const first = toast(page, /not found|no such|does not exist/i);
  await first.waitFor({ timeout: 30_000 });
  await shot('4a-missing-file');
  const seen = await page.evaluate(() => (window as unknown as { toastsSeen: string[] }).toastsSeen);
  assert.ok(!seen.some((t) => t.includes('VideoInsight: no-such-lecture.mp4')), `no progress toast for a run that failed at once: ${JSON.stringify(seen)}`);
  const buttons = await first.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts();
  assert.deepEqual(buttons.map((b) => b.trim()), ['Choose Another Source…', 'Show Log'], 'no Resume for a source that can never run');
  await first.locator('.monaco-button', { hasText: 'Choose Another Source…' }).click();
  await page.locator('.quick-input-widget', { hasText: 'Generate Notes from Video' }).waitFor({ timeout: 10_000 });
  // The workspace's media files are suggested; the second try (a text file named .mp4, picked from
  // them) fails too, and that failure shows as visibly as the first.
  const suggestion = page.locator('.quick-input-list .monaco-list-row', { hasText: 'not-a-video.mp4' }).first();
  await suggestion.waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sample-lecture.mp4' }).count(), 1, 'the sample lecture is suggested');
  await shot('4b-media-suggestions');
  await suggestion.click();
  // A toast, not only the bell: the notification center is closed (closed above), so VS Code toasts.
  const again = toast(page, /not a media file/i);
  await again.waitFor({ timeout: 20_000 });
  await shot('4c-retried-failure');
  const buttons2 = await again.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts();
  assert.deepEqual(buttons2.map((b) => b.trim()), ['Choose Another Source…', 'Show Log']);
  // The log has the one-line reason, no stack trace.
  await waitFor('the failure in the log', () => /job failed: .*not a media file/.test(extensionLog()));
  const lines = extensionLog().split('\n');
  const at = lines.findIndex((l) => /job failed: .*not a media file/.test(l));
  assert.doesNotMatch(lines[at + 1] ?? '', /^\s+at /, 'no stack trace after it');
  assert.equal(storeJobs().length, before, 'no job was recorded for it');
}));
