// Markdown preview of notes.md / transcript.md: time chips that land on the moment, section
// ranges, thumbnails (the markdown-it plugin is citationChips.ts). The preview gives contributed
// scripts no channel to an extension (microsoft/vscode#122961) and its webview opens no links of
// the product's URI scheme in a browser (code-server), so a chip links to `t-<sec>.vimoment` beside
// the notes (momentLink.ts): the preview opens that non-Markdown link with `vscode.open` in desktop
// VS Code and code-server alike, and this extension's custom editor for `*.vimoment` takes the
// open, closes itself and lands the moment, for a notes folder under an output folder only. In the
// editor, the `<a id>` anchor markup is dimmed (a decoration, the file is not changed).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { citationChips } from './citationChips';
import { isNotesFile, isUnderOutDir } from '../notes';
import { parseTranscript, transcriptLineFor } from '../../../server/protocol/notesFile';
import { momentLink, momentSecond } from './momentLink';

/** Something that can play the moment instead (the player panel, when it is open). */
export interface MomentSink {
  /** True when it took the moment (e.g. the player is open on this video). */
  seek(notesDir: string, sec: number): boolean;
}
const sinks: MomentSink[] = [];
export function addMomentSink(s: MomentSink): vscode.Disposable {
  sinks.push(s);
  return new vscode.Disposable(() => sinks.splice(sinks.indexOf(s), 1));
}

/** Seeks the player when it is open on this video; false when nothing took the moment. */
export function seekPlayer(notesDir: string, sec: number): boolean {
  return sinks.some((s) => s.seek(notesDir, sec));
}

/** Lands on a cited second: the player when it takes it, else transcript.md beside at that line. */
export async function openMoment(notesDir: string, sec: number): Promise<void> {
  if (seekPlayer(notesDir, sec)) return;
  await openTranscriptAt(notesDir, sec);
}

/** transcript.md of a notes folder, beside the active editor, at the line of a cited second. */
export async function openTranscriptAt(notesDir: string, sec: number): Promise<void> {
  const file = path.join(notesDir, 'transcript.md');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const line = transcriptLineFor(parseTranscript(doc.getText()), sec) ?? 0;
  const at = new vscode.Range(line, 0, line, 0);
  // Beside the active group: a chip clicked in the notes preview keeps that preview.
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, selection: at, preview: false });
  editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
}

/** A moment link's notes folder and second, when the folder lies under an output folder. */
export function parseMoment(uri: vscode.Uri): { dir: string; sec: number } | undefined {
  const sec = momentSecond(path.basename(uri.path));
  const dir = path.dirname(uri.fsPath);
  if (uri.scheme !== 'file' || sec === undefined || !isUnderOutDir(path.join(dir, 'transcript.md'))) return undefined;
  return { dir, sec };
}

interface PreviewEnv { currentDocument?: vscode.Uri }

const ANCHOR = /<a id="[^"<>]*"><\/a>/g;

function dimAnchors(editor: vscode.TextEditor, deco: vscode.TextEditorDecorationType): void {
  if (!isNotesFile(editor.document)) return;
  const ranges: vscode.Range[] = [];
  const text = editor.document.getText();
  for (const m of text.matchAll(ANCHOR)) {
    const start = editor.document.positionAt(m.index);
    ranges.push(new vscode.Range(start, start.translate(0, m[0].length)));
  }
  editor.setDecorations(deco, ranges);
}

export function activate(context: vscode.ExtensionContext): { extendMarkdownIt(md: MarkdownIt): MarkdownIt } {
  const deco = vscode.window.createTextEditorDecorationType({ opacity: '0.35', fontStyle: 'italic' });
  const redim = () => vscode.window.visibleTextEditors.forEach((e) => dimAnchors(e, deco));
  context.subscriptions.push(
    deco,
    vscode.window.onDidChangeVisibleTextEditors(redim),
    vscode.workspace.onDidChangeTextDocument((e) => vscode.window.visibleTextEditors.filter((v) => v.document === e.document).forEach((v) => dimAnchors(v, deco))),
    vscode.window.registerCustomEditorProvider('videoinsight.moment', {
      openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
      resolveCustomEditor: async (doc, panel) => {
        // Closed first, so the preview that was clicked is the active editor again and the
        // transcript opens beside it.
        panel.dispose();
        const moment = parseMoment(doc.uri);
        if (!moment) return;
        try {
          await openMoment(moment.dir, moment.sec);
        } catch (e) {
          void vscode.window.showErrorMessage(`VideoInsight: could not open the transcript: ${(e as Error).message.split('\n')[0]}`);
        }
      },
    }),
    vscode.commands.registerCommand('videoinsight.openMoment', async (arg: unknown) => {
      const a = arg as { dir?: unknown; sec?: unknown } | undefined;
      if (typeof a?.dir !== 'string' || typeof a.sec !== 'number' || !isUnderOutDir(path.join(a.dir, 'transcript.md'))) return;
      await openMoment(a.dir, a.sec);
    }),
  );
  setTimeout(redim, 0);
  return {
    extendMarkdownIt: (md) =>
      md.use(citationChips, {
        linkFor: (sec: number, env: unknown) => {
          const doc = (env as PreviewEnv | undefined)?.currentDocument;
          if (!doc || doc.scheme !== 'file' || !isUnderOutDir(doc.fsPath)) return undefined;
          const base = path.basename(doc.fsPath);
          return base === 'notes.md' || base === 'transcript.md' ? momentLink(sec) : undefined;
        },
      }),
  };
}
