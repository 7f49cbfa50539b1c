// Proves the extension's team mode in a real extension host: with videoinsight.queueUrl pointing
// at a PostgreSQL (a throwaway cluster) where a real `videoinsight worker` runs, Generate Notes
// submits the job to the team, the worker does it (the job is in the team's database, done), and
// the notes land in this workspace's notes folder as from a local run, opened beside the editor.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import type { GenerateNotesRequest } from '../../../server/protocol/lspMessages';
import { startPgCluster, type PgCluster } from '../../helpers/pgCluster';

suite('VideoInsight team mode in a real extension host', () => {
  let cluster: PgCluster;
  let worker: ChildProcess;
  let url: string;
  let workDir: string;

  suiteSetup(async function () {
    this.timeout(120_000);
    cluster = await startPgCluster();
    url = await cluster.createDatabase('team');
    const ext = vscode.extensions.getExtension('videoinsight.videoinsight')!;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-exthost-worker-'));
    // The system Node (the one the backend uses for native SQLite), not the editor's.
    worker = spawn('node', [path.join(ext.extensionPath, 'bin/videoinsight.js'), 'worker', '--queue', url, '--concurrency', '1', '--work-dir', workDir], {
      stdio: 'ignore', env: { ...process.env, VIDEOINSIGHT_MODELS_DIR: path.join(workDir, 'no-models') },
    });
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration('videoinsight').update('queueUrl', undefined, vscode.ConfigurationTarget.Workspace);
    worker?.kill('SIGTERM');
    await cluster?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  test('Generate Notes with videoinsight.queueUrl set: a worker does the job, the notes land here', async function () {
    this.timeout(180_000);
    const ws = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const config = vscode.workspace.getConfiguration('videoinsight');
    await config.update('engine', 'captions', vscode.ConfigurationTarget.Workspace);
    await config.update('queueUrl', url, vscode.ConfigurationTarget.Workspace);
    const result = await vscode.commands.executeCommand<GenerateNotesRequest.Result>('videoinsight.generateNotes', vscode.Uri.file(path.join(ws, 'media/lecture.m4a')));
    assert.ok(result && result.status === 'done', JSON.stringify(result));
    const r = result.results[0]!;
    assert.equal(r.engine, 'captions');
    assert.ok(r.notesPath.startsWith(path.join(ws, 'notes') + path.sep));
    assert.match(fs.readFileSync(r.notesPath, 'utf8'), /\[0:\d\d\]\(transcript\.md#t-\d+\)/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const jobs = (await client.query<{ id: string; status: string }>('SELECT id, status FROM videoinsight.jobs')).rows;
      assert.deepEqual(jobs, [{ id: r.jobId, status: 'done' }]);
    } finally {
      await client.end();
    }
  });
});
