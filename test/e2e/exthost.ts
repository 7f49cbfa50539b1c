// Runs the mocha extension-host suite (test/exthost, the module @vscode/test-electron loads via
// extensionTestsPath) inside code-server's real Node extension host, offline: the VS Code web
// "payload" parameter carries extensionDevelopmentPath/extensionTestsPath and the page's
// codeAutomationExit hook returns the suite's exit code. Exit code = test result.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, launchBrowser, makeProfile, startCodeServer, ROOT } from './codeServer';
import { makeLectureClip } from '../fixtures/notes/media/make';

export async function runExtHostTests(opts: { extensionDevelopmentPath: string; extensionTestsPath: string; workspace?: string; timeoutMs?: number }): Promise<number> {
  const t0 = Date.now();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Outside the repository: its .gitignore would hide the workspace from VS Code's file search.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-exthost-'));
  const profile = makeProfile(root);
  const workspace = opts.workspace ?? profile.workspace;
  const server = await startCodeServer({ ...profile, workspace });
  const browser = await launchBrowser();
  let code = 1;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let resolveExit: (c: number) => void = () => undefined;
    const done = new Promise<number>((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => console.log(...(Array.isArray(args) ? args : [args])));
    await page.exposeFunction('codeAutomationExit', (c: number) => resolveExit(c));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(path.resolve(opts.extensionDevelopmentPath))], ['extensionTestsPath', remote(path.resolve(opts.extensionTestsPath).replace(/\.js$/, ''))]];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((r) => { timer = setTimeout(() => { console.error('exthost: timed out waiting for the suite'); r(124); }, opts.timeoutMs ?? 180_000); });
    code = await Promise.race([done, timeout]);
    clearTimeout(timer);
    await page.screenshot({ path: path.join(ARTIFACTS, 'exthost-final.png') });
  } finally {
    await browser.close();
    server.stop();
    fs.copyFileSync(path.join(root, 'code-server.log'), path.join(ARTIFACTS, 'exthost-code-server.log'));
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`exthost: exit code ${code}, ${Date.now() - t0} ms, artifacts in ${ARTIFACTS}`);
  return code;
}

/** The 82 s spoken sample lecture (scripts/make-sample.mjs: three topics, a scene per topic, exact
 *  captions) as `<dir>/sample-lecture.mp4` + `sample-lecture.en.srt`; returns the media path. */
export function makeSampleLecture(dir: string): string {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/make-sample.mjs'), dir], { stdio: 'pipe' });
  return path.join(dir, 'sample-lecture.mp4');
}

/** A fresh copy of the fixture workspace: notes of one video plus a clip with sidecar captions. */
export function makeWorkspace(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'test/fixtures/notes/photosynthesis-3f9a1c'), path.join(dir, 'notes/photosynthesis-3f9a1c'), { recursive: true });
  makeLectureClip(path.join(dir, 'media'));
  fs.writeFileSync(path.join(dir, 'README.txt'), 'VideoInsight test workspace\n');
  return dir;
}

if (require.main === module) {
  const ws = makeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), 'vi-exthost-ws-')));
  makeSampleLecture(path.join(ws, 'media')); // the streaming test's two-section lecture
  const done = (c: number) => { fs.rmSync(ws, { recursive: true, force: true }); process.exit(c); };
  runExtHostTests({ extensionDevelopmentPath: ROOT, extensionTestsPath: path.join(ROOT, 'out/exthost/suite/index.js'), workspace: ws })
    .then(done, (e) => { console.error(e); done(1); });
}
