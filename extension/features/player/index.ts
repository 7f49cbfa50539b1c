// "VideoInsight: Open Player": a webview that plays a notes folder's source at a cited second and
// follows along. The backend decides what plays (the source, its WebM proxy made once, or the
// YouTube embed); a chip, a CodeLens or the command seeks it; while it plays, the transcript line
// and the notes section of that moment are highlighted with decorations (the files are not edited).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Backend } from '../../backend';
import { outDirs, pipelineOptions } from '../../config';
import { loadProtocol } from '../../lazy';
import { withRequestProgress } from '../../requestProgress';
import { isNotesFile, isUnderOutDir } from '../notes';
import { addMomentSink } from '../preview';
import { newNonce } from '../graph/webviewHtml';
import { formatClock, lineIndexAt, parseTranscript } from '../../../server/protocol/notesFile';
import { parseNotesOutline, type OutlineSection } from '../../../server/protocol/notesOutline';
import { citationFor, isFromPlayer, playerCsp, type ToPlayer } from '../../../server/protocol/playerWebview';
import type { PlayableMediaRequest } from '../../../server/protocol/lspMessages';

export interface PlayerState { open: boolean; dir?: string; sec?: number; playing?: boolean; kind?: 'media' | 'youtube'; file?: string }

/** The last of `sections` that has started by `sec` (they are in time order). */
function sectionAt(sections: readonly OutlineSection[], sec: number): OutlineSection | undefined {
  let at: OutlineSection | undefined;
  for (const s of sections) if (s.sec !== undefined && s.sec <= sec) at = s;
  return at;
}

/**
 * `parse` of a document's text, redone only when the document changes: the highlight runs on every
 * time report of the player (four a second while it plays) over the same transcript and notes.
 */
function perVersion<T>(parse: (text: string) => T): (doc: vscode.TextDocument) => T {
  const cache = new WeakMap<vscode.TextDocument, { version: number; value: T }>();
  return (doc) => {
    const hit = cache.get(doc);
    if (hit?.version === doc.version) return hit.value;
    const value = parse(doc.getText());
    cache.set(doc, { version: doc.version, value });
    return value;
  };
}
const transcriptOf = perVersion(parseTranscript);
const outlineOf = perVersion(parseNotesOutline);

/** The notes folder the user means: the argument's, else the active notes/transcript editor's. */
function targetDir(arg: unknown): { dir: string; sec: number } | undefined {
  const a = arg as { dir?: unknown; sec?: unknown } | undefined;
  if (typeof a?.dir === 'string' && isUnderOutDir(path.join(a.dir, 'notes.md'))) {
    return { dir: a.dir, sec: typeof a.sec === 'number' && a.sec >= 0 ? a.sec : 0 };
  }
  const ed = vscode.window.activeTextEditor;
  if (ed && isNotesFile(ed.document)) return { dir: path.dirname(ed.document.uri.fsPath), sec: 0 };
  return undefined;
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = newNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'player.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'player.css'));
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${playerCsp(webview.cspSource, nonce)}">
<link rel="stylesheet" href="${style.toString()}"></head><body>
<div id="stage"></div>
<div id="bar"><button id="play" title="Play/pause (Space)">▶</button><button id="back" title="Back 5 s (←)">−5 s</button><button id="fwd" title="Forward 5 s (→)">+5 s</button>
<span id="clock">0:00</span><button id="copy">Copy citation</button><span id="title"></span></div>
<script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
}

export function activate(context: vscode.ExtensionContext, backend: Backend): { state(): PlayerState } {
  let panel: vscode.WebviewPanel | undefined;
  let state: PlayerState = { open: false };
  const lineDeco = vscode.window.createTextEditorDecorationType({ isWholeLine: true, backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'), overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.rangeHighlightForeground') });
  const sectionDeco = vscode.window.createTextEditorDecorationType({ isWholeLine: true, backgroundColor: new vscode.ThemeColor('editor.wordHighlightBackground') });

  const highlight = () => {
    for (const ed of vscode.window.visibleTextEditors) {
      if (!state.open || state.sec === undefined || !isNotesFile(ed.document) || path.dirname(ed.document.uri.fsPath) !== state.dir) {
        ed.setDecorations(lineDeco, []);
        ed.setDecorations(sectionDeco, []);
        continue;
      }
      const sec = state.sec;
      if (path.basename(ed.document.uri.fsPath) === 'transcript.md') {
        const t = transcriptOf(ed.document);
        const line = t.lines[lineIndexAt(t, sec)]?.line;
        ed.setDecorations(lineDeco, line === undefined ? [] : [new vscode.Range(line, 0, line, 0)]);
      } else {
        // The section in effect, and its part ("### n.m") in effect when it has parts.
        const section = sectionAt(outlineOf(ed.document).sections, sec);
        const part = section && sectionAt(section.subsections, sec);
        ed.setDecorations(sectionDeco, [section, part].filter((s) => s !== undefined).map((s) => new vscode.Range(s.line, 0, s.line, 0)));
      }
    }
  };

  const post = (m: ToPlayer) => void panel?.webview.postMessage(m);

  const open = async (dir: string, sec: number): Promise<void> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('VideoInsight: the player needs a trusted workspace (it runs ffmpeg to make a playable copy).');
      return;
    }
    if (panel && state.dir === dir) {
      post({ type: 'seek', sec, play: true });
      panel.reveal(undefined, true);
      return;
    }
    const outDir = outDirs().find((d) => isUnderOutDir(path.join(dir, 'notes.md')) && !path.relative(d, dir).startsWith('..'));
    if (!outDir) return;
    let media: PlayableMediaRequest.Result;
    try {
      const client = await backend.client();
      const protocol = await loadProtocol();
      media = await withRequestProgress(
        client, `VideoInsight: preparing ${path.basename(dir)} for the player`, protocol.PlayableProgressNotification.type,
        (p) => p.notesDir === dir, (pct) => `making a playable copy, ${pct} %`,
        (token) => client.sendRequest(protocol.PlayableMediaRequest.type, { outDir, notesDir: dir, ffmpegPath: pipelineOptions().ffmpegPath }, token),
      );
    } catch (e) {
      if (e instanceof vscode.CancellationError || (e as { code?: number }).code === -32800) return; // the user cancelled
      const msg = ((e as Error).message || String(e)).replace(/^Request videoinsight\/playableMedia failed with message: /, '').split('\n')[0];
      void vscode.window.showErrorMessage(`VideoInsight: cannot play: ${msg}`);
      return;
    }
    panel?.dispose();
    const roots = [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')];
    // The media's own folder only: the page can load nothing else of the disk.
    if (media.kind === 'media') roots.push(vscode.Uri.file(path.dirname(media.file)));
    const p = vscode.window.createWebviewPanel('videoinsight.player', `▶ ${media.title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true, retainContextWhenHidden: true, localResourceRoots: roots,
    });
    panel = p;
    state = { open: true, dir, sec, playing: false, kind: media.kind, file: media.kind === 'media' ? media.file : undefined };
    p.webview.html = html(p.webview, context.extensionUri);
    p.webview.onDidReceiveMessage((m: unknown) => {
      if (!isFromPlayer(m) || panel !== p) return;
      if (m.type === 'ready') {
        const source = media.kind === 'media'
          ? { kind: 'media' as const, src: p.webview.asWebviewUri(vscode.Uri.file(media.file)).toString(), hasVideo: media.hasVideo }
          : { kind: 'youtube' as const, videoId: media.videoId };
        post({ type: 'load', source, title: media.title, startSec: state.sec ?? 0 });
      } else if (m.type === 'time') {
        state = { ...state, sec: m.sec, playing: m.playing };
        highlight();
      } else if (m.type === 'copyCitation') {
        const text = citationFor(m.sec, formatClock);
        void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage(`Copied ${text}`, 3000));
      } else {
        void vscode.window.showErrorMessage(`VideoInsight: ${m.message}`);
      }
    });
    p.onDidDispose(() => {
      if (panel !== p) return;
      panel = undefined;
      state = { open: false };
      highlight();
    });
  };

  const lenses = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    lineDeco, sectionDeco, lenses,
    vscode.commands.registerCommand('videoinsight.openPlayer', async (arg?: unknown) => {
      const t = targetDir(arg);
      if (!t) return void vscode.window.showInformationMessage('VideoInsight: open a notes.md or transcript.md first, then the player.');
      await open(t.dir, t.sec);
    }),
    vscode.languages.registerCodeLensProvider({ language: 'markdown', scheme: 'file', pattern: '**/notes.md' }, {
      onDidChangeCodeLenses: lenses.event,
      provideCodeLenses: (doc) => {
        if (!isNotesFile(doc)) return [];
        const dir = path.dirname(doc.uri.fsPath);
        // Every section and part heading with a start time.
        return outlineOf(doc).sections.flatMap((s) => [s, ...s.subsections])
          .filter((s): s is OutlineSection & { sec: number } => s.sec !== undefined)
          .map((s) => new vscode.CodeLens(new vscode.Range(s.line, 0, s.line, 0), { title: `▶ Play at ${formatClock(s.sec)}`, command: 'videoinsight.openPlayer', arguments: [{ dir, sec: s.sec }] }));
      },
    }),
    addMomentSink({
      seek: (dir, sec) => {
        if (!panel || state.dir !== dir) return false;
        post({ type: 'seek', sec, play: true });
        panel.reveal(undefined, true);
        return true;
      },
    }),
    vscode.window.onDidChangeVisibleTextEditors(highlight),
    { dispose: () => panel?.dispose() },
  );
  return { state: () => ({ ...state }) };
}
