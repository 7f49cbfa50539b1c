// Proves the layer rules of eslint.config.mjs bite (docs ARCHITECTURE, "Imports run one way"): for
// each boundary, an import against it is reported by the expected rule and an allowed one is not.
// The probes are linted as text with a file path inside each folder (no file is written); their
// import targets are real modules of the tree, picked at run time, so renames do not break this.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });

const LAYERS = 'import-x/no-restricted-paths';
const IMPORTS = 'no-restricted-imports';
const ANY = '@typescript-eslint/no-explicit-any';

/** Some real module in `folder` (relative to the repo root), without its extension. */
function moduleIn(folder: string): string {
  const dir = path.join(root, folder);
  const file = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')).sort()[0];
  assert.ok(file, `no module in ${folder}`);
  return path.join(dir, file.replace(/\.ts$/, ''));
}

/** `import … from` a module of `folder`, written relative to the probe file `from`. */
function importOf(from: string, folder: string, typeOnly = false): string {
  let spec = path.relative(path.dirname(path.join(root, from)), moduleIn(folder)).split(path.sep).join('/');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return `import ${typeOnly ? 'type ' : ''}* as probe from '${spec}';\nexport const used = probe;\n`;
}

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath), warnIgnored: true });
  assert.ok(result, 'no lint result');
  const fatal = result.messages.filter((m) => m.fatal || !m.ruleId);
  assert.deepEqual(fatal, [], `probe ${filePath} did not parse or is ignored`);
  return result.messages.map((m) => m.ruleId!);
}

async function forbidden(filePath: string, code: string, rule: string): Promise<void> {
  const ids = await ruleIds(filePath, code);
  assert.ok(ids.includes(rule), `expected ${rule} for ${filePath}:\n${code}\ngot: ${JSON.stringify(ids)}`);
}

async function allowed(filePath: string, code: string): Promise<void> {
  const ids = await ruleIds(filePath, code);
  assert.deepEqual(ids.filter((id) => id === LAYERS || id === IMPORTS), [], `expected no boundary report for ${filePath}:\n${code}`);
}

// [probe file, imported folder, forbidden?]
const layerCases: [string, string, boolean][] = [
  ['server/domain/probe.ts', 'server/ingest', true],
  ['server/domain/probe.ts', 'server/protocol', true],
  ['server/domain/probe.ts', 'server/domain', false],
  ['server/ingest/probe.ts', 'server/knowledge', true],
  ['server/ingest/probe.ts', 'server/store', true],
  ['server/ingest/probe.ts', 'server/domain', false],
  ['server/ingest/transcribe/probe.ts', 'server/app', true],
  ['server/knowledge/probe.ts', 'server/store', true],
  ['server/knowledge/embeddings/probe.ts', 'server/store', true],
  ['server/knowledge/probe.ts', 'server/render', true],
  ['server/knowledge/probe.ts', 'server/domain', false],
  ['server/render/probe.ts', 'server/store', true],
  ['server/render/probe.ts', 'server/knowledge', true],
  ['server/render/probe.ts', 'server/domain', false],
  ['server/store/probe.ts', 'server/knowledge', true],
  ['server/store/probe.ts', 'server/app', true],
  ['server/store/probe.ts', 'server/domain', false],
  ['server/app/probe.ts', 'server/ingest', false],
  ['server/app/probe.ts', 'server/knowledge', false],
  ['server/app/probe.ts', 'server/render', false],
  ['server/app/probe.ts', 'server/store', false],
  ['server/app/probe.ts', 'server/protocol', false],
  ['server/app/probe.ts', 'server/cli', true],
  ['server/app/probe.ts', 'server/lsp', true],
  ['server/cli/probe.ts', 'server/ingest', true],
  ['server/cli/probe.ts', 'server/store', true],
  ['server/cli/probe.ts', 'server/app', false],
  ['server/lsp/probe.ts', 'server/store', true],
  ['server/lsp/probe.ts', 'server/knowledge', true],
  ['server/lsp/probe.ts', 'server/app', false],
  ['server/lsp/probe.ts', 'server/protocol', false],
  ['server/protocol/probe.ts', 'server/app', true],
  ['server/protocol/probe.ts', 'server/store', true],
  ['server/protocol/probe.ts', 'server/domain', false],
  ['server/app/probe.ts', 'extension', true],
  ['server/app/probe.ts', 'test/helpers', true],
  ['extension/probe.ts', 'server/app', true],
  ['extension/features/graph/probe.ts', 'server/domain', true],
  ['extension/probe.ts', 'server/lsp', true],
  ['extension/probe.ts', 'server/protocol', false],
  ['extension/features/graph/probe.ts', 'server/protocol', false],
  ['extension/probe.ts', 'webview/graph', true],
  ['webview/graph/probe.ts', 'server/domain', true],
  ['webview/graph/probe.ts', 'extension', true],
  ['webview/graph/probe.ts', 'server/protocol', false],
  ['test/unit/probe.ts', 'server/store', false],
  ['test/unit/probe.ts', 'extension', false],
];

for (const [file, folder, isForbidden] of layerCases) {
  test(`${path.dirname(file)} → ${folder}: ${isForbidden ? 'forbidden' : 'allowed'}`, async () => {
    if (isForbidden) await forbidden(file, importOf(file, folder), LAYERS);
    else await allowed(file, importOf(file, folder));
  });
}

test('type-only and dynamic imports count too', async () => {
  await forbidden('extension/probe.ts', importOf('extension/probe.ts', 'server/domain', true), LAYERS);
  const spec = importOf('server/lsp/probe.ts', 'server/store').match(/'([^']+)'/)![1];
  await forbidden('server/lsp/probe.ts', `export async function f() { return import('${spec}'); }\n`, LAYERS);
});

test('vscode: forbidden in server/ and webview/, allowed in extension/ and test/', async () => {
  const code = "import * as vscode from 'vscode';\nexport const w = vscode.window;\n";
  for (const f of ['server/app/probe.ts', 'server/ingest/probe.ts', 'server/lsp/probe.ts', 'server/protocol/probe.ts', 'webview/graph/probe.ts']) {
    await forbidden(f, code, IMPORTS);
  }
  await allowed('extension/probe.ts', code);
  await allowed('test/unit/probe.ts', code);
});

test('Node builtins: forbidden in webview/ and server/protocol/, allowed in extension/ and server/', async () => {
  for (const code of ["import fs from 'node:fs';\nexport const r = fs.readFileSync;\n", "import fs from 'fs';\nexport const r = fs.readFileSync;\n", "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n"]) {
    await forbidden('webview/graph/probe.ts', code, IMPORTS);
    await forbidden('server/protocol/probe.ts', code, IMPORTS);
    await allowed('extension/probe.ts', code);
    await allowed('server/store/probe.ts', code);
  }
});

test('explicit any is an error in server/protocol/ and the product code', async () => {
  const code = 'export function f(x: any): number { return x; }\n';
  for (const f of ['server/protocol/probe.ts', 'server/app/probe.ts', 'extension/probe.ts', 'webview/graph/probe.ts']) {
    await forbidden(f, code, ANY);
  }
});
