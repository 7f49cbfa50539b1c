// The "Video Notes" view (Explorer): every video's notes under the output folders → its sections
// (and subsections) → their key points with times; a click opens notes.md at that line. Reads the
// files only (no backend process), so it also works in an untrusted workspace; it follows the files
// as a job streams them in.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { outDirs } from '../../config';
import { isUnderOutDir, openNotes } from '../notes';
import { seekPlayer } from '../preview';
import { formatClock } from '../../../server/protocol/notesFile';
import { parseNotesOutline, type OutlinePoint, type OutlineSection } from '../../../server/protocol/notesOutline';

export const VIEW_ID = 'videoinsight.notesView';
const REVEAL = 'videoinsight.revealNotesLine';
/** More notes files than this under one output folder are listed by the first ones found. */
const MAX_VIDEOS = 500;

type Node =
  | { kind: 'video'; notesPath: string; title: string; sections: OutlineSection[] }
  | { kind: 'section'; notesPath: string; section: OutlineSection }
  | { kind: 'point'; notesPath: string; point: OutlinePoint };

/** What the view shows, for tests and for other extensions: label, time and the line it opens. */
export interface NotesViewItem { label: string; description: string; line: number; children: NotesViewItem[] }

class NotesTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.videos();
    if (node.kind === 'video') return node.sections.map((section) => ({ kind: 'section', notesPath: node.notesPath, section }));
    if (node.kind === 'section') {
      return [
        ...node.section.subsections.map((section): Node => ({ kind: 'section', notesPath: node.notesPath, section })),
        ...node.section.points.map((point): Node => ({ kind: 'point', notesPath: node.notesPath, point })),
      ];
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const uri = vscode.Uri.file(node.notesPath);
    if (node.kind === 'video') {
      const item = new vscode.TreeItem(node.title, node.sections.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = vscode.workspace.asRelativePath(path.dirname(node.notesPath));
      item.iconPath = new vscode.ThemeIcon('device-camera-video');
      item.resourceUri = uri;
      item.command = { command: REVEAL, title: 'Open Notes', arguments: [node.notesPath, 0] };
      item.contextValue = 'videoinsight.video';
      return item;
    }
    if (node.kind === 'section') {
      const s = node.section;
      const hasChildren = s.points.length + s.subsections.length > 0;
      const item = new vscode.TreeItem(`${s.number}. ${s.title}`, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = s.sec === undefined ? '' : formatClock(s.sec);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.command = { command: REVEAL, title: 'Open Section', arguments: [node.notesPath, s.line, s.sec] };
      return item;
    }
    const p = node.point;
    const item = new vscode.TreeItem(p.text, vscode.TreeItemCollapsibleState.None);
    item.description = formatClock(p.sec);
    item.tooltip = `${formatClock(p.sec)} · ${p.text}`;
    item.command = { command: REVEAL, title: 'Open Key Point', arguments: [node.notesPath, p.line, p.sec] };
    return item;
  }

  private async videos(): Promise<Node[]> {
    const found = (await Promise.all(outDirs().map((d) =>
      vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(d), '*/notes.md'), undefined, MAX_VIDEOS)))).flat();
    const nodes = await Promise.all(found.map(async (u): Promise<Node | undefined> => {
      try {
        const outline = parseNotesOutline(await fs.readFile(u.fsPath, 'utf8'));
        return { kind: 'video', notesPath: u.fsPath, title: outline.title ?? path.basename(path.dirname(u.fsPath)), sections: outline.sections };
      } catch {
        return undefined; // deleted or unreadable between the listing and the read: not shown
      }
    }));
    return nodes.filter((n): n is Node => n !== undefined).sort((a, b) => label(a).localeCompare(label(b)));
  }

  /** The whole tree as plain data (the extension-host tests read it). */
  async snapshot(node?: Node): Promise<NotesViewItem[]> {
    const children = await this.getChildren(node);
    return Promise.all(children.map(async (c) => {
      const item = this.getTreeItem(c);
      const line = (item.command?.arguments?.[1] as number | undefined) ?? 0;
      return { label: String(item.label), description: String(item.description ?? ''), line, children: await this.snapshot(c) };
    }));
  }
}

function label(n: Node): string {
  return n.kind === 'video' ? n.title : '';
}

export interface NotesViewApi { snapshot(): Promise<NotesViewItem[]> }

export function activate(context: vscode.ExtensionContext): NotesViewApi {
  const tree = new NotesTree();
  const watcher = vscode.workspace.createFileSystemWatcher('**/notes.md');
  // Streaming rewrites notes.md once per section: refresh at most a few times a second.
  let timer: NodeJS.Timeout | undefined;
  const soon = () => {
    if (timer) return;
    timer = setTimeout(() => { timer = undefined; tree.refresh(); }, 300);
  };
  context.subscriptions.push(
    vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    watcher,
    watcher.onDidCreate(soon), watcher.onDidChange(soon), watcher.onDidDelete(soon),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('videoinsight.outputFolder')) soon(); }),
    vscode.commands.registerCommand('videoinsight.refreshNotesView', () => tree.refresh()),
    vscode.commands.registerCommand(REVEAL, async (notesPath: unknown, line: unknown, sec?: unknown) => {
      // Also reachable as a command link: only notes.md files of the output folders open.
      if (typeof notesPath !== 'string' || typeof line !== 'number' || path.basename(notesPath) !== 'notes.md' || !isUnderOutDir(notesPath)) return;
      const editor = await openNotes(notesPath);
      const pos = new vscode.Position(Math.max(0, Math.min(line, editor.document.lineCount - 1)), 0);
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
      // With the player open on this video, the moment plays too.
      if (typeof sec === 'number' && Number.isFinite(sec) && sec >= 0) seekPlayer(path.dirname(notesPath), sec);
    }),
    { dispose: () => clearTimeout(timer) },
  );
  return { snapshot: () => tree.snapshot() };
}
