// Starts the backend when a notes.md / transcript.md under the output folder is opened, so links,
// hovers and definitions are there without running a command first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Backend } from '../../backend';
import { outDirs } from '../../config';

export function isNotesFile(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file') return false;
  const base = path.basename(doc.uri.fsPath);
  if (base !== 'notes.md' && base !== 'transcript.md') return false;
  return isUnderOutDir(doc.uri.fsPath);
}

/** Whether a path lies inside one of the output folders (a command's argument is checked with it). */
export function isUnderOutDir(fsPath: string): boolean {
  return outDirs().some((d) => {
    const rel = path.relative(d, fsPath);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

/** Opens notes.md for reading: where it is already visible (e.g. beside the user's editor, where
 *  generating put it) rather than as a second copy in the active group; else in the active group. */
export async function openNotes(notesPath: string): Promise<vscode.TextEditor> {
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'file' && e.document.uri.fsPath === notesPath);
  if (shown) return vscode.window.showTextDocument(shown.document, { viewColumn: shown.viewColumn, preview: false });
  return vscode.window.showTextDocument(vscode.Uri.file(notesPath), { preview: false });
}

export function activate(context: vscode.ExtensionContext, backend: Backend): void {
  let reported = false;
  const maybeStart = (doc: vscode.TextDocument) => {
    if (backend.running || !isNotesFile(doc)) return;
    // Untrusted: stay quiet here (the user did not ask for anything); commands explain why.
    if (!vscode.workspace.isTrusted) return;
    backend.client().catch((e) => {
      if (!reported) backend.reportStartFailure(e);
      reported = true;
    });
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(maybeStart));
  // A notes file restored with the window: checked after activation returns, not during it.
  setTimeout(() => vscode.workspace.textDocuments.forEach(maybeStart), 0);
}
