// Runs the same extension-host suite in desktop VS Code with @vscode/test-electron (needs to
// download VS Code, or VSCODE_EXECUTABLE pointing at an installed one). Offline CI uses
// test/e2e/exthost.ts (code-server) instead; the suite is identical.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { makeWorkspace } from '../e2e/exthost';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const workspace = makeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), 'vi-exthost-')));
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/exthost/suite/index.js'),
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    version: process.env.VSCODE_VERSION || 'stable',
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e) => { console.error('extension-host tests failed:', e); process.exit(1); });
