// Proves the language server's job runner routes Generate Notes by the videoinsight.queueUrl
// setting: set → the team pipeline with that URL, empty → the local pipeline; both report the
// same progress and results to the client. The pipeline is the runner's injected seam.
import test from 'node:test';
import assert from 'node:assert/strict';
import { JobRunner, type PipelineApi } from '../../server/lsp/jobs';
import type { NotesHooks, NotesRequest, NotesResult } from '../../server/app/generateNotes';
import { UserError } from '../../server/domain/errors';

function fakeResult(jobId: string): NotesResult {
  return {
    jobId, notesPath: '/n/notes.md', transcriptPath: '/n/transcript.md', graphPath: '/n/graph.json', engine: 'captions', engineReason: 'r',
    durationSec: 60, title: 'T', sections: [], resumedChunks: 0,
  };
}

function runnerWith(calls: string[]) {
  const progress: string[] = [];
  const api: PipelineApi = {
    generateNotes: async (_req: NotesRequest, hooks?: NotesHooks) => {
      calls.push('local');
      hooks?.onProgress?.({ jobId: 'L', stage: 'acquire', fraction: 0.1, message: 'm' });
      return [fakeResult('L')];
    },
    teamNotes: async (req: NotesRequest & { queueUrl: string }, hooks?: NotesHooks) => {
      calls.push(`team ${req.queueUrl}`);
      hooks?.onProgress?.({ jobId: 'T', stage: 'transcribe', fraction: 0.5, message: 'm' });
      return [fakeResult('T')];
    },
    listJobs: async () => [],
    deleteJob: async () => ({ removedFolder: null }),
  };
  const runner = new JobRunner(async () => api, { progress: (p) => progress.push(`${p.jobId} ${p.stage}`), notesUpdated: () => undefined, log: () => undefined });
  return { runner, progress };
}

test('queueUrl set: the job goes to the team; empty or blank: it runs here', async () => {
  const calls: string[] = [];
  const { runner, progress } = runnerWith(calls);
  const team = await runner.generate({ runId: 'r1', source: 'https://v/x', outDir: '/out', queueUrl: ' postgres://u@h/db ' });
  const local = await runner.generate({ runId: 'r2', source: 'https://v/x', outDir: '/out', queueUrl: '  ' });
  await runner.generate({ runId: 'r3', source: 'https://v/x', outDir: '/out' });
  assert.deepEqual(calls, ['team postgres://u@h/db', 'local', 'local']);
  assert.equal(team.status, 'done');
  assert.equal(team.status === 'done' && team.results[0]!.jobId, 'T');
  assert.equal(local.status === 'done' && local.results[0]!.jobId, 'L');
  assert.deepEqual(progress, ['T transcribe', 'L acquire', 'L acquire']);
});

test('a user error is logged as one line, a bug with its stack; the failure reaches the client either way', async () => {
  const lines: string[] = [];
  const failWith = (e: Error): PipelineApi => ({
    generateNotes: async () => { throw e; }, teamNotes: async () => [], listJobs: async () => [], deleteJob: async () => ({ removedFolder: null }),
  });
  const events = { progress: () => undefined, notesUpdated: () => undefined, log: (l: string) => lines.push(l) };
  const user = await new JobRunner(async () => failWith(new UserError('/w/x.mp4: no such file', 'ENOENT')), events).generate({ runId: 'u', source: '/w/x.mp4', outDir: '/out' });
  assert.deepEqual(user, { status: 'failed', message: '/w/x.mp4: no such file', jobIds: [] });
  assert.equal(lines.at(-1), 'job failed: /w/x.mp4: no such file');
  await new JobRunner(async () => failWith(new TypeError('x is undefined')), events).generate({ runId: 'b', source: '/w/x.mp4', outDir: '/out' });
  assert.match(lines.at(-1)!, /^job failed: TypeError: x is undefined\n\s+at /);
});

test('regenerate passes the job id to the pipeline; delete refuses a running job and reports a user error as a message', async () => {
  const seen: (string | undefined)[] = [];
  let release: () => void = () => undefined;
  const deleted: string[] = [];
  const api: PipelineApi = {
    generateNotes: async (req: NotesRequest, hooks?: NotesHooks) => {
      seen.push(req.regenerateJobId);
      hooks?.onProgress?.({ jobId: 'J1', stage: 'analyze', fraction: 0.5, message: 'm' });
      await new Promise<void>((r) => { release = r; });
      return [fakeResult('J1')];
    },
    teamNotes: async () => { throw new Error('regenerate went to the team'); }, listJobs: async () => [],
    deleteJob: async (_out: string, id: string) => {
      if (id === 'nope') throw new UserError('no job nope under /out', 'ENOJOB');
      deleted.push(id);
      return { removedFolder: '/out/t-abc123' };
    },
  };
  const runner = new JobRunner(async () => api, { progress: () => undefined, notesUpdated: () => undefined, log: () => undefined });
  // A queue URL set does not send a regenerate to the team: the job is in this folder's store.
  const run = runner.generate({ runId: 'r', source: '/w/a.mp4', outDir: '/out', regenerateJobId: 'J1', queueUrl: 'postgres://u@h/db' });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(seen, ['J1']);
  assert.deepEqual(await runner.delete({ outDir: '/out', jobId: 'J1' }), { deleted: false, message: 'the job is running: cancel it first' });
  release();
  assert.equal((await run).status, 'done');
  assert.deepEqual(await runner.delete({ outDir: '/out', jobId: 'J1' }), { deleted: true, removedFolder: '/out/t-abc123' });
  assert.deepEqual(await runner.delete({ outDir: '/out', jobId: 'nope' }), { deleted: false, message: 'no job nope under /out' });
  assert.deepEqual(deleted, ['J1']);
});
