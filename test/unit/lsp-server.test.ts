// Proves the backend works end to end as a language server over stdio in plain Node (no editor):
// initialize, the runtime probe (native SQLite loads), hover on fixture notes through the real
// connection, generate notes from a fixture clip with the captions engine (progress and
// "notes updated" notifications, files on disk), cancel (job recorded as cancelled) and resume,
// list jobs, and semantic search over the generated notes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, HoverRequest, ExitNotification, ShutdownRequest, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { GenerateNotesRequest, CancelJobRequest, ListJobsRequest, RuntimeInfoRequest, SearchNotesRequest, JobProgressNotification, NotesUpdatedNotification } from '../../server/protocol/lspMessages';
import { pathToUri } from '../../server/lsp/files';
import { makeLectureClip } from '../fixtures/notes/media/make';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-lsp-server-'));
const outDir = path.join(tmp, 'notes');
let child: ChildProcess;
let conn: ProtocolConnection;
const progress: JobProgressNotification.Params[] = [];
const updates: NotesUpdatedNotification.Params[] = [];
let onProgress: ((p: JobProgressNotification.Params) => void) | undefined;

before(async () => {
  fs.cpSync(path.join(root, 'test/fixtures/notes/photosynthesis-3f9a1c'), path.join(outDir, 'photosynthesis-3f9a1c'), { recursive: true });
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/lsp/server.ts'), '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  // One handler per method (a second onNotification would replace it): tests hook in via onProgress.
  conn.onNotification(JobProgressNotification.type, (p) => { progress.push(p); onProgress?.(p); });
  conn.onNotification(NotesUpdatedNotification.type, (p) => updates.push(p));
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { outDirs: [outDir] } });
  assert.equal(init.capabilities.hoverProvider, true);
});

after(async () => {
  try {
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
  } catch { /* already gone */ }
  conn?.dispose();
  child?.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('runtime probe: the backend loads better-sqlite3 in its Node', async () => {
  const info = await conn.sendRequest(RuntimeInfoRequest.type);
  assert.equal(info.error, null);
  assert.match(info.sqlite ?? '', /^3\.\d+/);
  assert.equal(info.abi, process.versions.modules);
});

test('hover on a citation over the wire returns the transcript text', async () => {
  const notes = path.join(outDir, 'photosynthesis-3f9a1c/notes.md');
  const rows = fs.readFileSync(notes, 'utf8').split('\n');
  const line = rows.findIndex((r) => r.includes('[0:31](transcript.md#t-31)'));
  const h = await conn.sendRequest(HoverRequest.type, { textDocument: { uri: pathToUri(notes) }, position: { line, character: rows[line]!.indexOf('[0:31]') + 2 } });
  assert.ok(h && typeof h.contents === 'object' && 'value' in h.contents);
  assert.match(h.contents.value, /light reactions split water/);
  // Outside the output folder the same file gets nothing (the features are scoped to it).
  const elsewhere = path.join(root, 'test/fixtures/notes/photosynthesis-3f9a1c/notes.md');
  assert.equal(await conn.sendRequest(HoverRequest.type, { textDocument: { uri: pathToUri(elsewhere) }, position: { line, character: rows[line]!.indexOf('[0:31]') + 2 } }), null);
});

test('generate, cancel, resume, list and search', { timeout: 240_000 }, async () => {
  const media = makeLectureClip(path.join(tmp, 'media'));
  // Cancel once the job exists (its id is known after acquire): the run ends as cancelled and the store says so.
  const cancelRun = 'run-cancel';
  onProgress = (p) => {
    if (p.runId === cancelRun && p.stage !== 'acquire') void conn.sendRequest(CancelJobRequest.type, { runId: cancelRun });
  };
  const cancelled = await conn.sendRequest(GenerateNotesRequest.type, { runId: cancelRun, source: media, outDir, engine: 'captions' });
  onProgress = undefined;
  assert.equal(cancelled.status, 'cancelled', JSON.stringify(cancelled));
  let jobs = (await conn.sendRequest(ListJobsRequest.type, { outDir })).jobs;
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0]!.status, 'cancelled');
  assert.equal(jobs[0]!.active, false);

  // The same request again resumes and finishes.
  const done = await conn.sendRequest(GenerateNotesRequest.type, { runId: 'run-2', source: media, outDir, engine: 'captions' });
  assert.equal(done.status, 'done', JSON.stringify(done));
  if (done.status !== 'done') return;
  const r = done.results[0]!;
  assert.equal(r.engine, 'captions');
  assert.ok(r.sections.length >= 1);
  assert.ok(fs.readFileSync(r.notesPath, 'utf8').includes('](transcript.md#t-'));
  assert.ok(fs.existsSync(r.transcriptPath) && fs.existsSync(r.graphPath));
  assert.ok(progress.some((p) => p.runId === 'run-2' && p.stage === 'transcribe'));
  assert.ok(progress.filter((p) => p.runId === 'run-2').every((p) => p.fraction >= 0 && p.fraction <= 1));
  assert.ok(updates.some((u) => u.runId === 'run-2' && u.notesPath === r.notesPath && u.final), JSON.stringify(updates));
  jobs = (await conn.sendRequest(ListJobsRequest.type, { outDir })).jobs;
  assert.equal(jobs.find((j) => j.id === r.jobId)?.status, 'done');

  const { hits } = await conn.sendRequest(SearchNotesRequest.type, { outDir, query: 'hot spots like Hawaii far from plate boundaries', k: 5 });
  assert.ok(hits.length > 0);
  const files = hits.map((h) => h.file);
  assert.ok(files.some((f) => f.includes('lecture-')), JSON.stringify(hits.slice(0, 3)));
  const top = hits[0]!;
  assert.ok(top.line >= 1);
  // The fixture photosynthesis notes are indexed too: search spans every note in the folder.
  const plants = (await conn.sendRequest(SearchNotesRequest.type, { outDir, query: 'why leaves look green chlorophyll', k: 3 })).hits;
  assert.ok(plants[0]!.file.includes('photosynthesis'), JSON.stringify(plants[0]));
});
