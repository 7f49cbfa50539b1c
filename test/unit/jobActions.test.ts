// Proves List Jobs offers Resume only for a stopped run (cancelled, or interrupted: the backend's word
// for a running row whose process is gone), never for a failed, finished or elsewhere-running one; Regenerate and Delete only for a job not running now;
// a failed job's row leads with its reason.
import test from 'node:test';
import assert from 'node:assert/strict';
import { canDelete, canResume, jobActions, jobRow, jobState } from '../../extension/features/jobs/jobActions';
import type { JobInfo } from '../../server/protocol/lspMessages';

const job = (status: JobInfo['status'], active = false, error: string | null = null): JobInfo => ({
  id: 'j', source: '/w/talk.mp4', status, title: 'Talk', slug: 'talk-abc123', error, updatedAt: 0, active,
});

test('Resume only for cancelled or interrupted jobs', () => {
  assert.equal(jobState(job('interrupted')), 'interrupted');
  assert.equal(jobState(job('running', true)), 'running');
  assert.deepEqual(['done', 'failed', 'cancelled', 'interrupted'].map((s) => canResume(job(s as JobInfo['status']))), [false, false, true, true]);
  // Running in another process (a CLI): not resumable from here.
  assert.equal(canResume(job('running', false)), false);
  assert.equal(canResume(job('running', true)), false);
});

test('Delete (the list action and the choices of the command) only for a job no process runs', () => {
  assert.deepEqual(['done', 'failed', 'cancelled', 'interrupted'].map((s) => canDelete(job(s as JobInfo['status']))), [true, true, true, true]);
  assert.equal(canDelete(job('running', false)), false);
  assert.equal(canDelete(job('running', true)), false);
});

test('the actions per state', () => {
  assert.deepEqual(jobActions(job('done'), true), ['Open Notes', 'Regenerate', 'Delete…']);
  assert.deepEqual(jobActions(job('failed', false, 'x.mp4 is not a media file'), false), ['Regenerate', 'Delete…']);
  assert.deepEqual(jobActions(job('cancelled'), true), ['Open Notes', 'Resume', 'Delete…']);
  assert.deepEqual(jobActions(job('interrupted'), false), ['Resume', 'Delete…']);
  assert.deepEqual(jobActions(job('running', false), true), ['Open Notes']);
  assert.deepEqual(jobActions(job('running', true), true), ['Open Notes', 'Cancel']);
});

test('a failed job shows its reason first; others their state', () => {
  const failed = jobRow(job('failed', false, 'download stalled'), 'today');
  assert.match(failed.label, /^\$\(error\) Talk$/);
  assert.equal(failed.description, 'failed: download stalled');
  assert.equal(jobRow(job('interrupted'), 'today').description, 'interrupted · today');
});
