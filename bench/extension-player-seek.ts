// Click → frame in the player, in a real VS Code (code-server + the built VSIX, Debian chromium):
// notes of a 10-minute (MINUTES=…) 720p30 H.264/AAC video (ffmpeg testsrc2 + a tone) with 20
// sections, its playable proxy present (made once by ensurePlayable and cached in bench/out/, not
// timed). The player is opened once (open → first frame is printed), then each section's CodeLens
// "▶ Play at m:ss" is clicked in a shuffled order, timed from the click to the first video frame
// presented after the seek (the <video>'s `seeked`, then requestVideoFrameCallback; both clocks are
// Date.now() of this machine); then the same for the time chips of the notes' Markdown preview
// (through the *.vimoment route). Prints p50 / p95 / max per kind of click.
// Run: npm run package && node --import tsx bench/extension-player-seek.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { ROOT, installExtension, launchBrowser, makeProfile, startCodeServer } from '../test/e2e/codeServer';
import * as wb from '../test/e2e/workbench';
import { frameWith, sleep } from '../test/e2e/workbench';
import { runFfmpeg } from '../test/helpers/media';
import { ensurePlayable } from '../server/ingest/playableProxy';
import { formatClock } from '../server/domain/time';

const MINUTES = Number(process.env.MINUTES || 10);
const SECTIONS = 20;
const PART_SEC = (MINUTES * 60) / SECTIONS;
const CACHE = path.join(ROOT, 'bench', 'out', 'player-seek');
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };

/** The 10-minute source and its proxy, made once into bench/out/. */
async function cachedMedia(): Promise<{ source: string; proxy: string }> {
  fs.mkdirSync(CACHE, { recursive: true });
  const source = path.join(CACHE, `talk-${MINUTES}min-720p.mp4`);
  const proxy = path.join(CACHE, `player-${MINUTES}min.webm`);
  if (!fs.existsSync(source)) {
    console.log(`making the ${MINUTES}-minute 720p source (once)…`);
    const tmp = `${source}.part.mp4`;
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30', '-f', 'lavfi', '-i', 'sine=f=440:sample_rate=44100',
      '-t', String(SECTIONS * PART_SEC), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', tmp]);
    fs.renameSync(tmp, source);
  }
  if (!fs.existsSync(proxy)) {
    console.log('making its playable proxy (once)…');
    await ensurePlayable(source, proxy);
  }
  return { source, proxy };
}

function writeNotes(dir: string, source: string): number[] {
  const rows = ['---', 'title: "Seek bench"', `source: ${JSON.stringify(source)}`, `duration: "${formatClock(SECTIONS * PART_SEC)}"`, 'engine: "captions"', '---', '', '# Seek bench', ''];
  const transcript = ['# Transcript: Seek bench', ''];
  const points: number[] = [];
  for (let k = 0; k < SECTIONS; k++) {
    const start = k * PART_SEC, end = start + PART_SEC, point = start + Math.round(PART_SEC * (0.2 + 0.15 * (k % 5)));
    points.push(point);
    rows.push(`## ${k + 1}. Part ${k + 1} (${formatClock(start)}–${formatClock(end)})`, '', `- Point ${k + 1}. [${formatClock(point)}](transcript.md#t-${point})`, '');
    for (let s = start; s < end; s += 5) transcript.push(`<a id="t-${s}"></a>**[${formatClock(s)}]** Line at ${s} s.`, '');
    transcript.push(`<a id="t-${point}"></a>**[${formatClock(point)}]** The point of part ${k + 1}.`, '');
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'notes.md'), rows.join('\n'));
  fs.writeFileSync(path.join(dir, 'transcript.md'), transcript.join('\n'));
  return points;
}

/** A fixed shuffle (the same order every run). */
function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// Page-side code as strings: tsx's keepNames would wrap functions passed to evaluate() in __name.
const RECORD_FRAMES = `(() => { const v = document.querySelector('video#media'); window.__seekFrames = []; window.__seeking = [];
  v.addEventListener('seeking', () => window.__seeking.push({ t: Date.now() }));
  v.addEventListener('seeked', () => v.requestVideoFrameCallback((now, meta) => window.__seekFrames.push({ t: Date.now(), media: meta.mediaTime }))); })()`;

interface Timing { total: number; toSeeking: number }

/** Clicks at the element's centre; ms from the click to the first frame shown near `sec`, and to the seek starting. */
async function clickToFrame(page: Page, player: Frame, target: () => Promise<{ x: number; y: number }>, sec: number): Promise<Timing> {
  await player.evaluate('window.__seekFrames = []; window.__seeking = []');
  const at = await target();
  const t0 = Date.now();
  await page.mouse.click(at.x, at.y);
  const end = t0 + 60_000;
  while (Date.now() < end) {
    const frames = (await player.evaluate('window.__seekFrames')) as { t: number; media: number }[];
    const hit = frames.find((f) => Math.abs(f.media - sec) < 1);
    if (hit) {
      const seeking = (await player.evaluate('window.__seeking')) as { t: number }[];
      return { total: hit.t - t0, toSeeking: (seeking[0]?.t ?? NaN) - t0 };
    }
    await sleep(20);
  }
  throw new Error(`no frame near ${sec} s within 60 s`);
}

function report(what: string, ts: Timing[]): void {
  const total = ts.map((t) => t.total), toSeeking = ts.map((t) => t.toSeeking);
  console.log(`${what} → frame shown (${ts.length} clicks): p50 ${pct(total, 50)} ms, p95 ${pct(total, 95)} ms, max ${Math.max(...total)} ms; `
    + `of which click → the <video> starts seeking: p50 ${pct(toSeeking, 50)} ms, p95 ${pct(toSeeking, 95)} ms`);
}

/** The element's centre once it is shown (CodeLens widgets are re-rendered for a while after a scroll). */
async function centre(loc: ReturnType<Page['locator']>): Promise<{ x: number; y: number }> {
  for (let i = 0; i < 50; i++) {
    const b = await loc.boundingBox({ timeout: 15_000 }).catch(() => null);
    if (b) return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    await sleep(100);
  }
  throw new Error('the element to click is not shown');
}

async function main(): Promise<void> {
  const vsix = process.env.VSIX || path.join(ROOT, 'videoinsight.vsix');
  if (!fs.existsSync(vsix)) throw new Error('package first: npm run package');
  const { source, proxy } = await cachedMedia();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-bench-seek-'));
  const profile = makeProfile(root);
  const dir = path.join(profile.workspace, 'notes', 'seek-bench');
  const points = writeNotes(dir, source);
  fs.copyFileSync(proxy, path.join(dir, 'player.webm'));
  fs.writeFileSync(path.join(profile.workspace, 'README.txt'), 'seek bench\n');
  installExtension(profile, vsix);
  const server = await startCodeServer(profile);
  const browser = await launchBrowser();
  fs.mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(profile.workspace)}`);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.txt' }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+B');
    await wb.quickOpen(page, 'notes/seek-bench/notes.md');
    const lens = (sec: number) => page.locator('.contentWidgets .codelens-decoration a', { hasText: `▶ Play at ${formatClock(sec)}` }).filter({ visible: true }).first();
    await lens(0).waitFor({ timeout: 60_000 });
    const open0 = Date.now();
    await lens(0).click();
    const player = await frameWith(page, 'video#media', 60_000);
    // The first frame presented (or the next one, when it came before this listener: ≤ 67 ms at 15 fps).
    const firstFrame = (await player.evaluate('new Promise((r) => document.querySelector("video#media").requestVideoFrameCallback(() => r(Date.now())))')) as number;
    console.log(`player opened (proxy present) → first frame: ${firstFrame - open0} ms`);
    await player.evaluate(RECORD_FRAMES);
    const notesRows = fs.readFileSync(path.join(dir, 'notes.md'), 'utf8').split('\n');

    const lensMs: Timing[] = [];
    for (const k of shuffled([...Array(SECTIONS).keys()])) {
      const sec = k * PART_SEC;
      if (!Number.isInteger(sec)) throw new Error('MINUTES must give whole-second sections');
      const line = notesRows.findIndex((r) => r.startsWith(`## ${k + 1}. `)) + 1;
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input.input').fill(`:${line}`);
      await page.keyboard.press('Enter');
      await sleep(400); // the lenses of the lines scrolled into view render
      try {
        lensMs.push(await clickToFrame(page, player, () => centre(lens(sec)), sec));
      } catch (e) {
        await page.screenshot({ path: path.join(ROOT, 'test-artifacts', 'bench-player-seek-failed.png') });
        throw e;
      }
    }
    await page.screenshot({ path: path.join(ROOT, 'test-artifacts', 'bench-player-seek-lens.png') });
    report('CodeLens click', lensMs);

    // The preview in a third group, beside the player, so that both stay in view.
    await wb.runCommand(page, 'Markdown: Open Preview to the Side');
    await frameWith(page, 'a.vi-chip', 60_000);
    await wb.runCommand(page, 'View: Move Editor into Next Group');
    await frameWith(page, 'a.vi-chip', 60_000);
    const chipMs: Timing[] = [];
    for (const k of shuffled([...Array(SECTIONS).keys()])) {
      const sec = points[k]!;
      const pv = await frameWith(page, `a.vi-chip[data-vi-sec="${sec}"]`, 60_000);
      const chip = pv.locator(`a.vi-chip[data-vi-sec="${sec}"]`).first();
      await chip.scrollIntoViewIfNeeded();
      chipMs.push(await clickToFrame(page, player, () => centre(chip), sec));
      await sleep(1500); // the preview redraws after the moment editor closed
    }
    report('preview chip click', chipMs);
    await page.screenshot({ path: path.join(ROOT, 'test-artifacts', 'bench-player-seek-chips.png') });
  } finally {
    await browser.close();
    server.stop();
    await sleep(500);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
