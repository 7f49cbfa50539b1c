// Hover latency on the notes of a 3-hour video, measured over the real LSP connection to the
// built backend (dist/server.js over stdio, as the extension uses it) and in-process.
// Target: p95 ≤ 50 ms. Run: npx tsx bench/extension-hover.ts
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, HoverRequest, DefinitionRequest, DocumentLinkRequest, ShutdownRequest, ExitNotification } from 'vscode-languageserver-protocol/node';
import { NotesCache } from '../server/lsp/notesCache';
import { hover } from '../server/lsp/hover';
import { pathToUri } from '../server/lsp/files';
import { makeLongNotes } from './extension-fixtures';

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms (n=${xs.length})`;

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-bench-hover-'));
  const outDir = path.join(tmp, 'notes');
  const info = makeLongNotes(path.join(outDir, 'long-lecture'));
  const notes = path.join(info.dir, 'notes.md');
  const rows = fs.readFileSync(notes, 'utf8').split('\n');
  console.log(`notes of a 3-hour video: ${info.lines} transcript lines, ${info.citations} citations, ${info.concepts} concepts, notes.md ${rows.length} lines`);
  const citationPos = rows.flatMap((r, line) => [...r.matchAll(/\[(?:\d+:)?\d{1,2}:\d{2}\]\(transcript/g)].map((m) => ({ line, character: m.index! + 2 })));
  const conceptPos = rows.flatMap((r, line) => (r.startsWith('**Key concepts:**') ? [{ line, character: 20 }] : []));
  const positions = Array.from({ length: 400 }, (_, i) => (i % 4 === 3 ? conceptPos[i % conceptPos.length]! : citationPos[(i * 7) % citationPos.length]!));

  // In-process: the handler itself (cold first call parses transcript + graph, then cached).
  const cache = new NotesCache();
  let t = performance.now();
  hover(cache, notes, rows[citationPos[0]!.line]!, citationPos[0]!);
  console.log(`in-process first hover (parses transcript and graph): ${(performance.now() - t).toFixed(1)} ms`);
  const local: number[] = [];
  for (const p of positions) { t = performance.now(); hover(cache, notes, rows[p.line]!, p); local.push(performance.now() - t); }
  console.log(`in-process hover: ${fmt(local)}`);

  const server = path.join(root, 'dist/server.js');
  if (!fs.existsSync(server)) throw new Error('build first: node esbuild.mjs');
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.listen();
  t = performance.now();
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { outDirs: [outDir] } });
  console.log(`backend start → initialized: ${(performance.now() - t).toFixed(0)} ms`);
  const uri = pathToUri(notes);
  t = performance.now();
  await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: citationPos[0]! });
  console.log(`first hover over LSP (cold caches): ${(performance.now() - t).toFixed(1)} ms`);
  const wire: number[] = [];
  for (const p of positions) { t = performance.now(); const h = await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: p }); wire.push(performance.now() - t); if (!h) throw new Error(`no hover at ${JSON.stringify(p)}`); }
  console.log(`hover over LSP: ${fmt(wire)}   (target p95 ≤ 50 ms: ${pct(wire, 95) <= 50 ? 'met' : 'MISSED'})`);
  const defs: number[] = [];
  for (const p of positions.slice(0, 100)) { t = performance.now(); await conn.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: p }); defs.push(performance.now() - t); }
  console.log(`definition over LSP: ${fmt(defs)}`);
  t = performance.now();
  const links = await conn.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
  console.log(`document links for the whole notes.md: ${links?.length} links in ${(performance.now() - t).toFixed(1)} ms`);
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  conn.dispose();
  child.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
