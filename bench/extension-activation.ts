// Activation cost: loads the built dist/extension.js against a stub `vscode` module in plain Node,
// times require + activate(), and proves activation does no work: no child process, no file read
// beyond the bundle, no timers beyond one zero-delay check. Run: npx tsx bench/extension-activation.ts
import childProcess from 'node:child_process';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

type AnyFn = (...args: unknown[]) => unknown;
/** A permissive stand-in for the vscode API: every property is a callable, constructible stub. */
function stub(name: string): unknown {
  const fn = function () { return stub(`${name}()`); } as unknown as AnyFn;
  return new Proxy(fn, {
    get: (_t, prop) => {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'isTrusted') return true;
      if (prop === 'textDocuments' || prop === 'workspaceFolders' || prop === 'visibleTextEditors') return [];
      return stub(`${name}.${String(prop)}`);
    },
    set: () => true, // assignments (item.name = …) are accepted and dropped
    construct: () => stub(`new ${name}`) as object,
    apply: () => stub(`${name}()`),
  });
}

const calls: string[] = [];
for (const k of ['spawn', 'fork', 'exec', 'execFile', 'spawnSync', 'execFileSync', 'execSync'] as const) {
  const orig = childProcess[k] as unknown as AnyFn;
  (childProcess as unknown as Record<string, AnyFn>)[k] = (...a: unknown[]) => { calls.push(`child_process.${k}`); return orig(...a); };
}
const bundle = path.resolve(__dirname, '../dist/extension.js');
const reads: string[] = [];
for (const k of ['readFileSync', 'readFile', 'statSync', 'existsSync', 'readdirSync'] as const) {
  const orig = fs[k] as unknown as AnyFn;
  (fs as unknown as Record<string, AnyFn>)[k] = (...a: unknown[]) => { if (String(a[0]) !== bundle && !/\.(map|ts|tsx)$/.test(String(a[0]))) /* tsx's own loader probes .ts/.tsx */ reads.push(`${k}(${String(a[0])})`); return orig(...a); };
}
const resolve = (Module as unknown as { _resolveFilename: AnyFn })._resolveFilename;
(Module as unknown as { _resolveFilename: AnyFn })._resolveFilename = function (this: unknown, request: unknown, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
// The namespaces and classes the extension and vscode-languageclient use, each a stub.
const API = 'CancellationError CancellationTokenSource CodeAction Diagnostic Disposable EventEmitter ExtensionContext LogOutputChannel NotebookCellKind Position ProgressLocation QuickInputButton QuickPickItem Range RelativePattern Selection StatusBarAlignment TabInputCustom TabInputText TabInputTextDiff TextDocument TextEditorRevealType ThemeIcon Uri ViewColumn Webview WebviewPanel WorkspaceConfiguration commands env languages version window workspace'.split(' ');
const vscodeStub = new Proxy({} as Record<string, unknown>, {
  get: (_t, prop) => (prop === '__esModule' ? false : stub(`vscode.${String(prop)}`)),
  ownKeys: () => API,
  getOwnPropertyDescriptor: (_t, prop) => ({ configurable: true, enumerable: true, value: stub(`vscode.${String(prop)}`) }),
});
require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscodeStub } as unknown as NodeJS.Module;

const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ext = require(bundle) as { activate(ctx: unknown): unknown };
const t1 = performance.now();
const context = { subscriptions: [] as unknown[], extensionPath: path.dirname(bundle), extensionUri: stub('extensionUri'), asAbsolutePath: (p: string) => p };
ext.activate(context);
const t2 = performance.now();
setTimeout(() => {
  console.log(`dist/extension.js: ${(fs.statSync(bundle).size / 1024).toFixed(0)} KiB`);
  console.log(`require(bundle): ${(t1 - t0).toFixed(1)} ms; activate(): ${(t2 - t1).toFixed(1)} ms; ${context.subscriptions.length} disposables registered`);
  console.log(`child processes started during activation: ${calls.length}${calls.length ? ' ' + calls.join(', ') : ''}`);
  console.log(`file system calls during activation: ${reads.length}${reads.length ? ' ' + reads.slice(0, 5).join(', ') : ''}`);
  if (calls.length) process.exitCode = 1;
}, 50);
