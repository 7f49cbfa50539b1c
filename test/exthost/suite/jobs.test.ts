// Proves, in a real extension host with the real backend: List Jobs lists a finished job; a bad
// input (a text file named .mp4) fails before any job exists and leaves no row to resume;
// "Regenerate" runs the same job again (same id) and rewrites its notes; "Delete" (confirmed)
// removes its notes folder and its row, and an unknown job is refused.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateNotesRequest, JobInfo } from '../../../server/protocol/lspMessages';

/** Runs List Jobs as a user would and dismisses its quick pick; the command returns what it listed. */
async function listJobs(): Promise<JobInfo[]> {
  const listed = vscode.commands.executeCommand<JobInfo[]>('videoinsight.listJobs');
  await new Promise((r) => setTimeout(r, 800));
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return (await listed) ?? [];
}

suite('List Jobs: regenerate and delete', () => {
  let ws: string;
  let media: string;

  suiteSetup(async () => {
    ws = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    // A clip of its own (the fixture's captions beside it), so this suite's job is not another suite's.
    media = path.join(ws, 'media/jobs-clip.m4a');
    fs.copyFileSync(path.join(ws, 'media/lecture.m4a'), media);
    fs.copyFileSync(path.join(ws, 'media/lecture.vtt'), path.join(ws, 'media/jobs-clip.vtt'));
    await vscode.workspace.getConfiguration('videoinsight').update('engine', 'captions', vscode.ConfigurationTarget.Workspace);
  });

  test('a text file named .mp4 fails before any job exists: no row, nothing to resume', async () => {
    const fake = path.join(ws, 'media/not-a-video.mp4');
    fs.writeFileSync(fake, 'just some text\n');
    const before = (await listJobs()).length;
    const r = await vscode.commands.executeCommand<GenerateNotesRequest.Result>('videoinsight.generateNotes', vscode.Uri.file(fake));
    assert.ok(r && r.status === 'failed', JSON.stringify(r));
    assert.deepEqual(r.jobIds, []);
    assert.doesNotMatch(r.message, /\n|\s+at /, 'one line, no stack');
    assert.equal((await listJobs()).length, before);
  });

  test('generate, list, regenerate (same job, notes rewritten), delete (folder and row gone)', async () => {
    const made = await vscode.commands.executeCommand<GenerateNotesRequest.Result>('videoinsight.generateNotes', vscode.Uri.file(media));
    assert.ok(made && made.status === 'done', JSON.stringify(made));
    const { jobId, notesPath } = made.results[0]!;
    const listed = (await listJobs()).find((j) => j.id === jobId);
    assert.ok(listed, 'List Jobs shows the new job');
    assert.equal(listed.status, 'done');
    assert.equal(listed.active, false);

    fs.rmSync(notesPath);
    const again = await vscode.commands.executeCommand<GenerateNotesRequest.Result>('videoinsight.regenerateJob', jobId);
    assert.ok(again && again.status === 'done', JSON.stringify(again));
    assert.equal(again.results[0]!.jobId, jobId, 'the same job, not a new one');
    assert.ok(fs.existsSync(notesPath), 'notes written again');

    assert.equal(await vscode.commands.executeCommand<boolean>('videoinsight.deleteJob', jobId, true), true);
    assert.equal(fs.existsSync(path.dirname(notesPath)), false, 'the notes folder is gone');
    assert.equal((await listJobs()).some((j) => j.id === jobId), false, 'the row is gone');
    assert.equal(await vscode.commands.executeCommand<boolean>('videoinsight.deleteJob', jobId, true), false, 'an unknown job is refused');
  });
});
