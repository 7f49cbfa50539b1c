// Picks the Node runtime for the backend. better-sqlite3 is compiled for one Node ABI: desktop VS
// Code's extension host is Electron (another ABI), code-server's is plain Node. Order: the
// `videoinsight.nodePath` setting; this host's own executable when it is plain Node; `node` on PATH.
// Each candidate is checked by really loading the native module in it, once per session.
import { execFile } from 'node:child_process';
import * as path from 'node:path';

export interface RuntimeChoice { nodePath: string; abi: string; how: 'setting' | 'extension host' | 'PATH' }

export class RuntimeNotFound extends Error {
  constructor(readonly tried: { candidate: string; error: string }[], readonly fromSetting: boolean) {
    super(
      (fromSetting
        ? 'The Node.js set in "videoinsight.nodePath" cannot load the backend\'s native modules'
        : 'VideoInsight found no Node.js 20+ that can load its native modules (the backend needs one, outside the editor\'s own runtime)') +
        ': ' + tried.map((t) => `${t.candidate}: ${t.error}`).join('; '),
    );
  }
}

/** Loads better-sqlite3 from the extension's node_modules in `node` and prints the ABI. */
export function checkRuntime(node: string, extensionRoot: string, timeoutMs = 15000): Promise<string> {
  const mod = path.join(extensionRoot, 'node_modules', 'better-sqlite3');
  const probe = `const D=require(process.argv[1]);new D(':memory:').close();process.stdout.write(process.versions.modules+' '+process.version)`;
  return new Promise((resolve, reject) => {
    execFile(node, ['-e', probe, mod], { timeout: timeoutMs, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const why = (stderr || err.message).split('\n').find((l) => /Error|error|ENOENT|version/.test(l)) ?? err.message;
        reject(new Error(why.trim().slice(0, 300)));
      } else resolve(stdout.trim());
    });
  });
}

let cached: Promise<RuntimeChoice> | undefined;

export function findRuntime(setting: string, extensionRoot: string): Promise<RuntimeChoice> {
  cached ??= (async () => {
    const tried: { candidate: string; error: string }[] = [];
    const candidates: { nodePath: string; how: RuntimeChoice['how'] }[] = [];
    if (setting) candidates.push({ nodePath: setting, how: 'setting' });
    else {
      if (!process.versions.electron) candidates.push({ nodePath: process.execPath, how: 'extension host' });
      candidates.push({ nodePath: process.platform === 'win32' ? 'node.exe' : 'node', how: 'PATH' });
    }
    for (const c of candidates) {
      try {
        const abi = await checkRuntime(c.nodePath, extensionRoot);
        return { ...c, abi };
      } catch (e) {
        tried.push({ candidate: c.nodePath, error: (e as Error).message });
      }
    }
    throw new RuntimeNotFound(tried, !!setting);
  })();
  // A failure is not cached: the user may fix the setting or install Node and try again.
  cached.catch(() => { cached = undefined; });
  return cached;
}

export function forgetRuntime(): void {
  cached = undefined;
}
