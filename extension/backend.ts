// The backend language server's lifecycle: started lazily (first command or a notes file opened),
// never in an untrusted workspace, restarted after a crash with exponential backoff and a visible
// message, stopped on deactivate. Notifications are re-dispatched through stable events so the
// features keep their listeners across restarts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CloseHandlerResult, ErrorHandlerResult, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions, JobProgressNotification, NotesUpdatedNotification } from '../server/protocol/lspMessages';
import { loadClientLib } from './lazy';
import { outDirs, nodePathSetting } from './config';
import { findRuntime, forgetRuntime, RuntimeNotFound, type RuntimeChoice } from './runtime';

export class UntrustedWorkspaceError extends Error {
  constructor() {
    super('VideoInsight starts no process in an untrusted workspace: generating, searching and the notes language features need its backend (Node, ffmpeg, yt-dlp). Trust this workspace to use them; the concept graph works without it.');
  }
}

/** State.Running of vscode-languageclient, without loading it. */
const RUNNING = 2;

const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 3 * 60_000;

export class Backend implements vscode.Disposable {
  private current: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private crashes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private runtime: RuntimeChoice | undefined;
  readonly onProgress = new vscode.EventEmitter<JobProgressNotification.Params>();
  readonly onNotesUpdated = new vscode.EventEmitter<NotesUpdatedNotification.Params>();
  /** Fires when a running backend went away (crash or stop): pending jobs are interrupted. */
  readonly onStopped = new vscode.EventEmitter<void>();
  /** How many times the backend process has been started (the tests watch restarts with it). */
  starts = 0;

  constructor(private readonly context: vscode.ExtensionContext, readonly log: vscode.LogOutputChannel) {}

  get running(): boolean {
    return this.current?.state === RUNNING;
  }

  /** The running client, starting the backend first when needed. Throws a user-facing error. */
  client(): Promise<LanguageClient> {
    if (!vscode.workspace.isTrusted) return Promise.reject(new UntrustedWorkspaceError());
    if (this.current?.state === RUNNING) return Promise.resolve(this.current);
    this.starting ??= this.start().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  private async start(): Promise<LanguageClient> {
    if (this.disposed) throw new Error('VideoInsight is shutting down');
    const t0 = Date.now();
    // vscode-languageclient loads here, on the first start, not at activation.
    const { CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind, protocol } = loadClientLib();
    const { JobProgressNotification, NotesUpdatedNotification } = protocol;
    this.runtime = await findRuntime(nodePathSetting(), this.context.extensionPath);
    this.log.info(`backend runtime: ${this.runtime.nodePath} (${this.runtime.how}, ABI ${this.runtime.abi})`);
    const serverModule = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const run = {
      module: serverModule, runtime: this.runtime.nodePath, transport: TransportKind.ipc,
      options: { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    };
    const serverOptions: ServerOptions = { run, debug: run };
    const dirs = outDirs();
    const watchers = dirs.map((d) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(d), '**/{notes.md,transcript.md,graph.json}')));
    const clientOptions: LanguageClientOptions = {
      // Only VideoInsight's own files, under the output folders, get these features.
      // (Absolute glob strings: VS Code matches them against the document's fsPath.)
      documentSelector: dirs.flatMap((d) => ['notes.md', 'transcript.md'].map((name) => ({
        scheme: 'file', language: 'markdown', pattern: `${d.split(path.sep).join('/')}/**/${name}`,
      }))),
      initializationOptions: { outDirs: dirs } satisfies InitializationOptions,
      synchronize: { fileEvents: watchers },
      // Hovers may run one command, the player's (its "▶ Play at m:ss" action); nothing else.
      markdown: { isTrusted: { enabledCommands: ['videoinsight.openPlayer'] } },
      outputChannel: this.log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: {
        error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
        closed: (): CloseHandlerResult => {
          this.onClosed();
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    const client = new LanguageClient('videoinsight', 'VideoInsight', serverOptions, clientOptions);
    client.onNotification(JobProgressNotification.type, (p) => this.onProgress.fire(p));
    client.onNotification(NotesUpdatedNotification.type, (p) => this.onNotesUpdated.fire(p));
    this.current = client;
    this.starts++;
    try {
      await client.start();
    } catch (e) {
      watchers.forEach((w) => w.dispose());
      this.current = undefined;
      throw e;
    }
    client.onDidChangeState((s) => { if (s.newState === State.Stopped) watchers.forEach((w) => w.dispose()); });
    this.log.info(`backend started in ${Date.now() - t0} ms (start #${this.starts})`);
    return client;
  }

  private onClosed(): void {
    this.onStopped.fire();
    if (this.disposed || this.stopping) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashes.length > MAX_CRASHES) {
      this.log.error(`backend crashed ${this.crashes.length} times in 3 minutes; not restarting`);
      void vscode.window.showErrorMessage('The VideoInsight backend keeps crashing, so it was not restarted.', 'Restart Backend', 'Show Log').then((a) => {
        if (a === 'Restart Backend') void vscode.commands.executeCommand('videoinsight.restartBackend');
        if (a === 'Show Log') this.log.show();
      });
      return;
    }
    const delay = Math.min(30_000, 1000 * 2 ** (this.crashes.length - 1));
    this.log.warn(`backend stopped unexpectedly; restarting in ${delay / 1000} s`);
    void vscode.window.showWarningMessage(`The VideoInsight backend stopped unexpectedly; restarting in ${delay / 1000} s.`, 'Show Log').then((a) => {
      if (a === 'Show Log') this.log.show();
    });
    const dead = this.current;
    this.current = undefined;
    void dead?.dispose().catch(() => undefined);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.client().catch((e) => this.reportStartFailure(e));
    }, delay);
  }

  private stopping = false;

  /** User asked: stop and start again (also clears the runtime choice and the crash count). */
  async restart(): Promise<LanguageClient> {
    await this.stop();
    forgetRuntime();
    this.crashes = [];
    return this.client();
  }

  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const c = this.current;
    this.current = undefined;
    if (!c) return;
    this.stopping = true;
    try {
      if (c.state === RUNNING) await c.stop(5000);
      else await c.dispose();
    } catch (e) {
      this.log.warn(`backend stop: ${(e as Error).message}`);
    } finally {
      this.stopping = false;
    }
  }

  /** Shows why the backend could not start, with the action that fixes it. */
  reportStartFailure(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.log.error(`backend not started: ${message}`);
    if (e instanceof UntrustedWorkspaceError) {
      void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((a) => {
        if (a) void vscode.commands.executeCommand('workbench.trust.manage');
      });
    } else if (e instanceof RuntimeNotFound) {
      void vscode.window.showErrorMessage(`${message}. Install Node.js 20 or set "videoinsight.nodePath".`, 'Open Settings', 'Show Log').then((a) => {
        if (a === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'videoinsight.nodePath');
        if (a === 'Show Log') this.log.show();
      });
    } else {
      void vscode.window.showErrorMessage(`VideoInsight backend failed to start: ${message}`, 'Show Log').then((a) => {
        if (a) this.log.show();
      });
    }
  }

  dispose(): void {
    this.disposed = true;
    void this.stop();
    this.onProgress.dispose();
    this.onNotesUpdated.dispose();
    this.onStopped.dispose();
  }
}
