// Proves the language server's job runner routes Generate Notes by the videoinsight.queueUrl
// setting: set → the team pipeline with that URL, empty → the local pipeline; both report the
// same progress and results to the client. The pipeline is the runner's injected seam.
import test from 'node:test';
import assert from 'node:assert/strict';
import { JobRunner, type PipelineApi } from '../../server/lsp/jobs';
import type { NotesHooks, NotesRequest, NotesResult } from '../../server/app/generateNotes';

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
