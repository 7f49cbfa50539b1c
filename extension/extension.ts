// Entry point. Activation only registers commands and listeners: no process, no file reads. The
// backend starts on the first command that needs it or when a notes/transcript file is opened.
import * as vscode from 'vscode';
import { Backend } from './backend';
import * as generate from './features/generate';
import * as jobs from './features/jobs';
import * as search from './features/search';
import * as graph from './features/graph';
import * as notes from './features/notes';
import * as notesView from './features/notesView';
import * as preview from './features/preview';
import * as player from './features/player';
import * as gpu from './features/gpu';
import type MarkdownIt from 'markdown-it';
import type { NotesUpdatedNotification, RuntimeInfoRequest, SearchHitInfo } from '../server/protocol/lspMessages';
import { loadProtocol } from './lazy';

/** What `activate` returns: used by the extension-host tests, stable enough for other extensions. */
export interface VideoInsightApi {
  runtimeInfo(): Promise<RuntimeInfoRequest.Result>;
  backendStarts(): number;
  backendRunning(): boolean;
  search(query: string): Promise<SearchHitInfo[]>;
  graphStats(): graph.GraphStats | undefined;
  /** What the Video Notes view shows now. */
  notesView(): Promise<notesView.NotesViewItem[]>;
  /** Fires for every "notes.md was (re)written" the backend reports while a job runs. */
  onDidUpdateNotes: vscode.Event<NotesUpdatedNotification.Params>;
  /** VS Code's Markdown preview calls it (package.json contributes markdown.markdownItPlugins). */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
  /** The player panel: open, on which notes folder, at which second. */
  playerState(): player.PlayerState;
}

let backend: Backend | undefined;

export function activate(context: vscode.ExtensionContext): VideoInsightApi {
  const log = vscode.window.createOutputChannel('VideoInsight', { log: true });
  backend = new Backend(context, log);
  context.subscriptions.push(log, backend);
  context.subscriptions.push(
    vscode.commands.registerCommand('videoinsight.restartBackend', async () => {
      try {
        await backend!.restart();
        void vscode.window.showInformationMessage('VideoInsight backend restarted.');
      } catch (e) {
        backend!.reportStartFailure(e);
      }
    }),
    vscode.commands.registerCommand('videoinsight.showLog', () => log.show()),
  );
  generate.activate(context, backend);
  jobs.activate(context, backend);
  const searchApi = search.activate(context, backend);
  const graphApi = graph.activate(context);
  notes.activate(context, backend);
  const notesViewApi = notesView.activate(context);
  const previewApi = preview.activate(context);
  const playerApi = player.activate(context, backend);
  gpu.activate(context, backend);
  return {
    runtimeInfo: async () => (await backend!.client()).sendRequest((await loadProtocol()).RuntimeInfoRequest.type),
    backendStarts: () => backend!.starts,
    backendRunning: () => backend!.running,
    search: (q) => searchApi.query(q),
    graphStats: () => graphApi.stats(),
    notesView: () => notesViewApi.snapshot(),
    onDidUpdateNotes: backend.onNotesUpdated.event,
    extendMarkdownIt: previewApi.extendMarkdownIt,
    playerState: () => playerApi.state(),
  };
}

export async function deactivate(): Promise<void> {
  await backend?.stop();
}
