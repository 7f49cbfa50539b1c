// Helpers for the real-VS-Code tests: an isolated code-server 4.100.3 (VS Code 1.100.3) on
// 127.0.0.1 with its own HOME/XDG folders, and headless Debian chromium driven by playwright-core.
// Every start returns a stop(); callers stop what they start.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
export const CODE_SERVER = process.env.CODE_SERVER_BIN || path.join(ROOT, '.code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = process.env.TEST_ARTIFACTS || path.join(ROOT, 'test-artifacts');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

// Whatever happens to the test process (failure, Ctrl+C, a CI timeout), the servers it started go too.
const stops = new Set<() => void>();
const stopAll = () => { for (const s of stops) s(); };
process.once('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { stopAll(); process.exit(130); });

export interface Profile { root: string; home: string; userData: string; extensions: string; workspace: string }

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function makeProfile(root: string, settings: Record<string, unknown> = {}): Profile {
  const p: Profile = { root, home: path.join(root, 'home'), userData: path.join(root, 'user-data'), extensions: path.join(root, 'extensions'), workspace: path.join(root, 'workspace') };
  for (const d of [p.home, p.userData, p.extensions, p.workspace]) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(p.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(p.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none',
    'security.workspace.trust.enabled': false, 'workbench.enableExperiments': false, 'chat.disableAIFeatures': true,
    'window.commandCenter': false, 'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'editor.hover.delay': 150, '[markdown]': { 'editor.wordWrap': 'off' }, 'files.simpleDialog.enable': true, 'git.enabled': false,
    ...settings,
  }, null, 2));
  return p;
}

function env(p: Profile): NodeJS.ProcessEnv {
  return { ...process.env, HOME: p.home, XDG_CONFIG_HOME: path.join(p.home, '.config'), XDG_DATA_HOME: path.join(p.home, '.local/share'), XDG_CACHE_HOME: path.join(p.home, '.cache') };
}

export function installExtension(p: Profile, vsix: string): number {
  const t0 = Date.now();
  execFileSync(CODE_SERVER, ['--extensions-dir', p.extensions, '--user-data-dir', p.userData, '--install-extension', vsix, '--force'], { env: env(p), stdio: 'pipe' });
  return Date.now() - t0;
}

export interface Running { url: string; port: number; pid: number; readyMs: number; stop(): void }

export async function startCodeServer(p: Profile, opts: { trust?: boolean } = {}): Promise<Running> {
  const port = await freePort();
  fs.writeFileSync(path.join(p.root, 'config.yaml'), 'auth: none\ncert: false\n');
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    ...(opts.trust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--user-data-dir', p.userData, '--extensions-dir', p.extensions, '--config', path.join(p.root, 'config.yaml'), p.workspace];
  const logFile = path.join(p.root, 'code-server.log');
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(CODE_SERVER, args, { env: env(p), stdio: ['ignore', fd, fd], detached: true });
  fs.closeSync(fd);
  // The whole process group: code-server, its extension hosts and our backend under them.
  const stop = () => {
    stops.delete(stop);
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
  };
  stops.add(stop);
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not yet */ }
    if (child.exitCode !== null) throw new Error(`code-server exited: ${fs.readFileSync(logFile, 'utf8')}`);
    if (Date.now() - t0 > 60_000) { stop(); throw new Error('code-server did not start within 60 s'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, pid: child.pid!, readyMs: Date.now() - t0, stop };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Processes in a process group whose command line contains `needle` (our backend is `…/dist/server.js`). */
export function processesMatching(needle: string): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(needle)) out.push(`${pid}: ${cmd.trim()}`);
    } catch { /* exited */ }
  }
  return out;
}
