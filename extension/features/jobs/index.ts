// List, resume, cancel, regenerate and delete jobs. The list comes from the store (so it survives
// restarts); the backend says 'interrupted' for a running job whose process is gone, "active" means
// this backend runs it now.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Backend } from '../../backend';
import { primaryOutDir } from '../../config';
import type { JobInfo } from '../../../server/protocol/lspMessages';
import { loadProtocol } from '../../lazy';
import { openNotes } from '../notes';
import { canDelete, canRegenerate, canResume, jobActions, jobRow } from './jobActions';

type JobItem = vscode.QuickPickItem & { job: JobInfo };

function item(j: JobInfo): JobItem {
  return { ...jobRow(j, new Date(j.updatedAt).toLocaleString()), job: j };
}

function notesPathOf(outDir: string, j: JobInfo): string | undefined {
  const p = j.slug ? path.join(outDir, j.slug, 'notes.md') : undefined;
  return p && fs.existsSync(p) ? p : undefined;
}

export function activate(context: vscode.ExtensionContext, backend: Backend): void {
  const fetch = async (): Promise<{ jobs: JobInfo[]; outDir: string } | undefined> => {
    const outDir = primaryOutDir();
    if (!outDir) {
      void vscode.window.showErrorMessage('VideoInsight: open a folder first.');
      return undefined;
    }
    try {
      const client = await backend.client();
      const { ListJobsRequest } = await loadProtocol();
      return { jobs: (await client.sendRequest(ListJobsRequest.type, { outDir })).jobs, outDir };
    } catch (e) {
      backend.reportStartFailure(e);
      return undefined;
    }
  };
  const cancel = async (j: JobInfo) => {
    const client = await backend.client();
    const { CancelJobRequest } = await loadProtocol();
    const r = await client.sendRequest(CancelJobRequest.type, { jobId: j.id });
    if (!r.cancelled) void vscode.window.showInformationMessage('VideoInsight: that job is not running.');
    return r.cancelled;
  };
  const resume = (j: JobInfo) => vscode.commands.executeCommand('videoinsight.generateNotes', j.source);
  const regenerate = (j: JobInfo) => vscode.commands.executeCommand('videoinsight.generateNotes', { source: j.source, regenerateJobId: j.id });
  /** Asks first (unless `confirmed`, for a caller that already asked); true when the job is gone. */
  const remove = async (outDir: string, j: JobInfo, confirmed: boolean): Promise<boolean> => {
    const name = j.title ?? j.source;
    if (!confirmed) {
      const folder = j.slug ? path.join(outDir, j.slug) : undefined;
      const ok = await vscode.window.showWarningMessage(
        `Delete "${name}"?`,
        { modal: true, detail: `${folder && fs.existsSync(folder) ? `Its notes folder ${folder} and its` : 'Its'} transcript and checkpoints in the store are removed. This cannot be undone.` },
        'Delete',
      );
      if (ok !== 'Delete') return false;
    }
    const client = await backend.client();
    const { DeleteJobRequest } = await loadProtocol();
    const r = await client.sendRequest(DeleteJobRequest.type, { outDir, jobId: j.id });
    if (!r.deleted) {
      void vscode.window.showErrorMessage(`VideoInsight: cannot delete "${name}": ${r.message}`);
      return false;
    }
    void vscode.window.showInformationMessage(`VideoInsight: deleted "${name}".`);
    return true;
  };
  /** The job named by id (from a button or a test), else one the user picks; a message when there is none. */
  const pickJob = async (candidates: JobInfo[], jobId: string | undefined, title: string, none: string) => {
    const j = jobId
      ? candidates.find((c) => c.id === jobId)
      : candidates.length ? (await vscode.window.showQuickPick(candidates.map(item), { title, matchOnDescription: true }))?.job : undefined;
    if (!j && (jobId || !candidates.length)) void vscode.window.showInformationMessage(none);
    return j;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('videoinsight.listJobs', async () => {
      const got = await fetch();
      if (!got) return undefined;
      if (!got.jobs.length) {
        void vscode.window.showInformationMessage('VideoInsight: no jobs yet. Run "Generate Notes from Video".');
        return got.jobs;
      }
      const picked = await vscode.window.showQuickPick(got.jobs.map(item), { title: 'VideoInsight jobs', matchOnDescription: true, matchOnDetail: true });
      if (!picked) return got.jobs;
      const j = picked.job;
      const notes = notesPathOf(got.outDir, j);
      const actions = jobActions(j, notes !== undefined);
      const a = actions.length ? await vscode.window.showQuickPick(actions, { title: j.title ?? j.source }) : undefined;
      if (a === 'Open Notes' && notes) await openNotes(notes);
      if (a === 'Cancel') await cancel(j);
      if (a === 'Resume') await resume(j);
      if (a === 'Regenerate') await regenerate(j);
      if (a === 'Delete…') await remove(got.outDir, j, false);
      return got.jobs;
    }),
    vscode.commands.registerCommand('videoinsight.resumeJob', async (jobId?: string) => {
      const got = await fetch();
      if (!got) return undefined;
      const j = await pickJob(got.jobs.filter(canResume), jobId, 'Resume a VideoInsight job',
        'VideoInsight: no cancelled or interrupted job to resume.');
      return j ? resume(j) : undefined;
    }),
    vscode.commands.registerCommand('videoinsight.regenerateJob', async (jobId?: string) => {
      const got = await fetch();
      if (!got) return undefined;
      const j = await pickJob(got.jobs.filter(canRegenerate), jobId, 'Regenerate the notes of a VideoInsight job',
        'VideoInsight: no finished or failed job to regenerate.');
      return j ? regenerate(j) : undefined;
    }),
    vscode.commands.registerCommand('videoinsight.deleteJob', async (jobId?: string, confirmed?: boolean) => {
      const got = await fetch();
      if (!got) return false;
      const j = await pickJob(got.jobs.filter(canDelete), jobId, 'Delete a VideoInsight job and its notes',
        'VideoInsight: no job to delete (a running job is cancelled first).');
      return j ? remove(got.outDir, j, confirmed === true) : false;
    }),
    vscode.commands.registerCommand('videoinsight.cancelJob', async (jobId?: string) => {
      const got = await fetch();
      if (!got) return false;
      const j = await pickJob(got.jobs.filter((c) => c.active), jobId, 'Cancel a running VideoInsight job',
        'VideoInsight: no job is running.');
      return j ? cancel(j) : false;
    }),
  );
}
