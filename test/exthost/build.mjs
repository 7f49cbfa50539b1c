// Bundles the extension-host suite to out/exthost/suite/*.js (CommonJS, vscode and mocha external),
// the form both @vscode/test-electron and the code-server runner load.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const dir = path.join(import.meta.dirname, 'suite');
const entryPoints = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
await esbuild.build({
  entryPoints, outdir: path.join(import.meta.dirname, '../../out/exthost/suite'), bundle: true, platform: 'node', target: 'node20',
  format: 'cjs', sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning',
});
