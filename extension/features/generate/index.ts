// "VideoInsight: Generate Notes from Video": a quick pick (the workspace's media files, or a typed
// URL or path, plus a pick-a-file button),
// Explorer context menu on media files, a cancellable progress notification, a status bar item
// while jobs run, and notes.md opened (without focus) as soon as its first section exists.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';
import { UntrustedWorkspaceError, type Backend } from '../../backend';
import { openNotesWhileGenerating, pipelineOptions, primaryOutDir } from '../../config';
import type { GenerateNotesRequest, JobProgressNotification } from '../../../server/protocol/lspMessages';
import { loadProtocol } from '../../lazy';
import { formatDuration } from '../../../server/protocol/notesFile';
import { openNotes } from '../notes';
import { MEDIA_EXTENSIONS } from './mediaExtensions';
import { mediaSuggestions } from './mediaSuggestions';


/** How long a run may take before its progress notification shows. */
const QUIET_START_MS = 500;

interface ActiveRun { runId: string; source: string; fraction: number; stage: string }
const active = new Map<string, ActiveRun>();

export function activeRuns(): ActiveRun[] {
  return [...active.values()];
}

function describeProgress(p: JobProgressNotification.Params): string {
  const pct = Math.round(p.fraction * 100);
  const eta = p.etaSec !== undefined && Number.isFinite(p.etaSec) ? ` · about ${formatDuration(p.etaSec)} left` : '';
  return `${p.stage}: ${p.message} (${pct}%${eta})`;
}

type SourceItem = vscode.QuickPickItem & { source?: string };

/** The typed text as a row of its own, so Enter takes a URL or a path that matches no suggestion. */
function typedItem(value: string): SourceItem {
  const v = value.trim();
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(v);
  return { label: `$(${isUrl ? 'link' : 'file'}) ${v}`, description: isUrl ? 'video URL' : 'path', alwaysShow: true, source: v };
}

/**
 * A quick pick: the workspace's media files as suggestions, free text for a URL or a path (the
 * typed text is the first row), and a button that opens the file dialog.
 */
async function askForSource(): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<SourceItem>();
  qp.title = 'VideoInsight: Generate Notes from Video';
  qp.placeholder = 'Paste a video URL (YouTube, a playlist, any page yt-dlp reads), or pick a media file of the workspace';
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  const pick: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: 'Pick a media file' };
  qp.buttons = [pick];
  let suggestions: SourceItem[] = [];
  const show = () => { qp.items = qp.value.trim() ? [typedItem(qp.value), ...suggestions] : suggestions; };
  const cancel = new vscode.CancellationTokenSource();
  qp.busy = true;
  void mediaSuggestions(cancel.token).then((found) => {
    suggestions = found;
    show();
  }, () => undefined).finally(() => { qp.busy = false; });
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (v: string | undefined) => { if (!done) { done = true; cancel.cancel(); cancel.dispose(); resolve(v); qp.dispose(); } };
    qp.onDidTriggerButton(async () => {
      const files = await vscode.window.showOpenDialog({
        canSelectMany: false, openLabel: 'Generate Notes', filters: { 'Media files': MEDIA_EXTENSIONS, 'All files': ['*'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      if (files?.[0]) finish(files[0].fsPath);
    });
    qp.onDidChangeValue(show);
    qp.onDidAccept(() => {
      const chosen = qp.selectedItems[0]?.source ?? qp.value.trim();
      if (chosen) finish(chosen);
    });
    qp.onDidHide(() => finish(undefined));
    show();
    qp.show();
  });
}

/** A relative path is taken from the first workspace folder, as a user typing it would expect. */
function resolveSource(source: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || path.isAbsolute(source)) return source;
  const ws = vscode.workspace.workspaceFolders?.[0];
  return ws ? path.join(ws.uri.fsPath, source) : source;
}

export function activate(context: vscode.ExtensionContext, backend: Backend): void {
  const status = vscode.window.createStatusBarItem('videoinsight.jobs', vscode.StatusBarAlignment.Left, 10);
  status.name = 'VideoInsight jobs';
  status.command = 'videoinsight.listJobs';
  const updateStatus = () => {
    const runs = activeRuns();
    if (!runs.length) { status.hide(); return; }
    const pct = Math.round((runs.reduce((a, r) => a + r.fraction, 0) / runs.length) * 100);
    status.text = `$(sync~spin) VideoInsight ${runs.length > 1 ? `${runs.length} jobs ` : ''}${pct}%`;
    status.tooltip = runs.map((r) => `${r.source} — ${r.stage} ${Math.round(r.fraction * 100)}%`).join('\n') + '\nClick to list jobs';
    status.show();
  };
  context.subscriptions.push(status);

  const run = async (rawSource: string, regenerateJobId?: string): Promise<GenerateNotesRequest.Result | undefined> => {
    const outDir = primaryOutDir();
    if (!outDir) {
      void vscode.window.showErrorMessage('VideoInsight writes notes into the workspace: open a folder first.');
      return undefined;
    }
    let client;
    try {
      client = await backend.client();
    } catch (e) {
      backend.reportStartFailure(e);
      return undefined;
    }
    const { CancelJobRequest, GenerateNotesRequest } = await loadProtocol();
    const source = resolveSource(rawSource);
    const runId = randomUUID();
    const entry: ActiveRun = { runId, source, fraction: 0, stage: 'starting' };
    active.set(runId, entry);
    updateStatus();
    const opened = new Set<string>();
    backend.log.info(`generate notes: ${source} → ${outDir}`);
    let latest: JobProgressNotification.Params | undefined;
    let showProgress: ((p: JobProgressNotification.Params) => void) | undefined;
    const subs: vscode.Disposable[] = [
      backend.onProgress.event((p) => {
        if (p.runId !== runId) return;
        entry.fraction = p.fraction;
        entry.stage = p.stage;
        updateStatus();
        latest = p;
        showProgress?.(p);
      }),
      backend.onNotesUpdated.event((n) => {
        if (n.runId !== runId || opened.has(n.notesPath) || !openNotesWhileGenerating()) return;
        opened.add(n.notesPath);
        void showNotesQuietly(n.notesPath);
      }),
    ];
    const stopped = new Promise<GenerateNotesRequest.Result>((resolve) => {
      subs.push(backend.onStopped.event(() => resolve({ status: 'failed', message: 'the backend stopped while the job ran (its checkpoints are kept)', jobIds: [] })));
    });
    const request = client.sendRequest(GenerateNotesRequest.type, { runId, source, outDir, ...pipelineOptions(), ...(regenerateJobId ? { regenerateJobId } : {}) })
      .catch((e: unknown) => ({ status: 'failed' as const, message: e instanceof Error ? e.message : String(e), jobIds: [] }));
    const outcome = Promise.race([request, stopped]);
    let result: GenerateNotesRequest.Result;
    try {
      // A run that fails at once (a missing file, not media) shows its error alone: no progress
      // notification flashes before it (VS Code also stops toasting after a few notifications in a moment).
      const early = await Promise.race([outcome, delay(QUIET_START_MS).then(() => undefined)]);
      result = early ?? await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `VideoInsight: ${regenerateJobId ? 'regenerating ' : ''}${path.basename(source) || source}`, cancellable: true },
        async (progress, token) => {
          let reported = 0;
          showProgress = (p) => {
            const inc = Math.max(0, p.fraction * 100 - reported);
            reported += inc;
            progress.report({ message: describeProgress(p), increment: inc });
          };
          if (latest) showProgress(latest);
          const cancel = token.onCancellationRequested(() => {
            backend.log.info(`cancelling ${source}`);
            void client.sendRequest(CancelJobRequest.type, { runId }).catch(() => undefined);
          });
          try {
            return await outcome;
          } finally {
            cancel.dispose();
          }
        },
      );
    } finally {
      subs.forEach((s) => s.dispose());
    }
    active.delete(runId);
    updateStatus();
    void report(result, rawSource, (s) => run(s, regenerateJobId), regenerateJobId !== undefined);
    return result;
  };

  context.subscriptions.push(
    // The argument: a file (Explorer menu), a source string, or List Jobs' regenerate request.
    vscode.commands.registerCommand('videoinsight.generateNotes', async (arg?: vscode.Uri | string | RegenerateArg) => {
      // Say why nothing will happen before asking for anything.
      if (!vscode.workspace.isTrusted) return void backend.reportStartFailure(new UntrustedWorkspaceError());
      if (isRegenerateArg(arg)) return run(arg.source, arg.regenerateJobId);
      const source = arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' && arg ? arg : await askForSource();
      return source ? run(source) : undefined;
    }),
  );
}

interface RegenerateArg { source: string; regenerateJobId: string }

function isRegenerateArg(a: unknown): a is RegenerateArg {
  return typeof a === 'object' && a !== null && !(a instanceof vscode.Uri)
    && typeof (a as RegenerateArg).source === 'string' && typeof (a as RegenerateArg).regenerateJobId === 'string';
}

async function report(result: GenerateNotesRequest.Result | undefined, source: string, rerun: (s: string) => Promise<unknown>, regenerating: boolean): Promise<void> {
  if (!result) return;
  if (result.status === 'done') {
    const r = result.results[0];
    if (!r) return;
    const what = result.results.length > 1 ? `${result.results.length} videos` : `"${r.title}"`;
    const a = await vscode.window.showInformationMessage(`VideoInsight: notes ${regenerating ? 'regenerated' : 'ready'} for ${what} (${r.sections.length} ${r.sections.length === 1 ? 'section' : 'sections'}, ${r.engine}).`, 'Open Notes', 'Show Concept Graph');
    if (a === 'Open Notes') await openNotes(r.notesPath);
    if (a === 'Show Concept Graph') await vscode.commands.executeCommand('videoinsight.showGraph', vscode.Uri.file(r.graphPath));
  } else if (result.status === 'cancelled') {
    const a = await vscode.window.showInformationMessage(`VideoInsight: job cancelled for ${sourceLabel(source)}. Its finished steps are kept; Resume continues from there.`, 'Resume');
    if (a === 'Resume') await rerun(source);
  } else if (regenerating) {
    // The job exists and its source is known good: another source is not the answer; the log says more.
    const a = await vscode.window.showErrorMessage(`VideoInsight: ${result.message}`, 'Show Log');
    if (a === 'Show Log') await vscode.commands.executeCommand('videoinsight.showLog');
  } else if (result.jobIds.length === 0) {
    // Failed before any job existed (a missing file, a bad URL, not media): running it again
    // would fail the same way, so offer another source instead of Resume.
    const a = await vscode.window.showErrorMessage(`VideoInsight: ${result.message}`, 'Choose Another Source…', 'Show Log');
    if (a === 'Choose Another Source…') await vscode.commands.executeCommand('videoinsight.generateNotes');
    if (a === 'Show Log') await vscode.commands.executeCommand('videoinsight.showLog');
  } else {
    // A job that failed midway (network, disk) keeps its checkpoints: a retry continues from them.
    const a = await vscode.window.showErrorMessage(`VideoInsight: ${result.message}`, 'Retry', 'Show Log');
    if (a === 'Retry') await rerun(source);
    if (a === 'Show Log') await vscode.commands.executeCommand('videoinsight.showLog');
  }
}

/** A source as a user recognises it: the file's name, or the URL (its host and path). */
function sourceLabel(source: string): string {
  try {
    const u = new URL(source);
    if (u.protocol === 'http:' || u.protocol === 'https:') return `"${u.host}${u.pathname}"`.slice(0, 80);
  } catch {
    // not a URL: a file path
  }
  return `"${path.basename(source)}"`;
}

/** Opens notes.md beside the user's work without taking focus; later writes reload from disk. */
async function showNotesQuietly(notesPath: string): Promise<void> {
  const uri = vscode.Uri.file(notesPath);
  if (vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === uri.fsPath)) return;
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, {
    preserveFocus: true, preview: true,
    viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
  });
}
