// List, resume and cancel jobs. The list comes from the store (so it survives restarts); the backend
// says 'interrupted' for a running job whose process is gone, "active" means this backend runs it now.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Backend } from '../../backend';
import { primaryOutDir } from '../../config';
import type { JobInfo } from '../../../server/protocol/lspMessages';
import { loadProtocol } from '../../lazy';
import { openNotes } from '../notes';

type JobItem = vscode.QuickPickItem & { job: JobInfo };

function icon(j: JobInfo): string {
  const s = j.status;
  return s === 'done' ? '$(check)' : s === 'running' ? '$(sync~spin)' : s === 'failed' ? '$(error)' : '$(debug-pause)';
}

function item(j: JobInfo): JobItem {
  return {
    label: `${icon(j)} ${j.title ?? j.source}`,
    description: `${j.status} · ${new Date(j.updatedAt).toLocaleString()}`,
    // The store keeps no error for a cancelled job (its status says it all); failed runs show why.
    detail: j.error ? `${j.source} — ${j.error}` : j.source,
    job: j,
  };
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
  /** The job named by id (from a button or a test), else one the user picks; a message when there is none. */
  const pickJob = async (candidates: JobInfo[], jobId: string | undefined, title: string, none: string) => {
    const j = jobId
      ? candidates.find((c) => c.id === jobId)
      : candidates.length ? (await vscode.window.showQuickPick(candidates.map(item), { title }))?.job : undefined;
    if (!j && !candidates.length) void vscode.window.showInformationMessage(none);
    return j;
  };
  // Running (here or in a CLI) and done jobs have nothing to resume.
  const resumable = (j: JobInfo) => !j.active && j.status !== 'done' && j.status !== 'running';

  context.subscriptions.push(
    vscode.commands.registerCommand('videoinsight.listJobs', async () => {
      const got = await fetch();
      if (!got) return undefined;
      if (!got.jobs.length) {
        void vscode.window.showInformationMessage('VideoInsight: no jobs yet. Run "Generate Notes from Video".');
        return got.jobs;
      }
      const picked = await vscode.window.showQuickPick(got.jobs.map(item), { title: 'VideoInsight jobs', matchOnDetail: true });
      if (!picked) return got.jobs;
      const j = picked.job;
      const actions = [
        ...(j.slug ? ['Open Notes'] : []),
        ...(j.active ? ['Cancel'] : []),
        ...(resumable(j) ? ['Resume'] : []),
      ];
      const a = actions.length ? await vscode.window.showQuickPick(actions, { title: j.title ?? j.source }) : undefined;
      if (a === 'Open Notes' && j.slug) await openNotes(path.join(got.outDir, j.slug, 'notes.md'));
      if (a === 'Cancel') await cancel(j);
      if (a === 'Resume') await resume(j);
      return got.jobs;
    }),
    vscode.commands.registerCommand('videoinsight.resumeJob', async (jobId?: string) => {
      const got = await fetch();
      if (!got) return undefined;
      const j = await pickJob(got.jobs.filter(resumable), jobId, 'Resume a VideoInsight job',
        'VideoInsight: no interrupted, cancelled or failed job to resume.');
      return j ? resume(j) : undefined;
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
