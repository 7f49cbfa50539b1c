// "VideoInsight: Show Concept Graph": a webview (strict CSP with a nonce, resources only from the
// extension's dist/webview and media) fed graph.json as data; a click on a node reveals its
// section in notes.md. Needs no backend process, so it also works in an untrusted workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { outDirs } from '../../config';
import { seekPlayer } from '../preview';
import { parseGraphFile, type GraphFile } from '../../../server/protocol/graphFile';
import { graphNotesFile, graphSectionLine, parseNotes, sectionNumber } from '../../../server/protocol/notesFile';
import { isWebviewMessage, type GraphView, type HostMessage } from '../../../server/protocol/graphWebview';
import { GRAPH_RESOURCE_DIRS, graphHtml, newNonce } from './webviewHtml';

export interface GraphStats { graphPath: string; nodes: number; edges: number; layoutMs: number; opened: string[] }

const panels = new Map<string, vscode.WebviewPanel>();
let lastStats: GraphStats | undefined;

export function toGraphView(g: GraphFile): GraphView {
  const titles = new Map(g.sections.map((s) => [s.index, s.title]));
  return {
    title: g.title,
    nodes: g.nodes.map((n) => ({
      id: n.id, label: n.label, kind: n.kind, importance: n.importance,
      sectionNumber: sectionNumber(g, n.sectionIndex), sectionTitle: titles.get(n.sectionIndex) ?? '',
    })),
    edges: g.edges.map((e) => ({ source: e.source, target: e.target, weight: e.weight })),
  };
}

async function pickGraph(arg?: vscode.Uri): Promise<string | undefined> {
  const fromUri = (u: vscode.Uri) => path.join(path.dirname(u.fsPath), 'graph.json');
  if (arg instanceof vscode.Uri) return fromUri(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && fs.existsSync(fromUri(active))) return fromUri(active);
  const found = (await Promise.all(outDirs().map((d) => vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(d), '*/graph.json'), undefined, 500)))).flat();
  if (!found.length) {
    void vscode.window.showInformationMessage('VideoInsight: no concept graph yet. Generate notes from a video first.');
    return undefined;
  }
  if (found.length === 1) return found[0]!.fsPath;
  const items = found.map((u) => ({ label: path.basename(path.dirname(u.fsPath)), description: vscode.workspace.asRelativePath(u), path: u.fsPath }));
  return (await vscode.window.showQuickPick(items, { title: 'Show the concept graph of…' }))?.path;
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const uri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  return graphHtml({
    cspSource: webview.cspSource, nonce: newNonce(),
    scriptUri: uri('dist', 'webview', 'graph.js'), styleUri: uri('dist', 'webview', 'graph.css'),
  });
}

function readGraph(file: string): GraphFile | undefined {
  try {
    return parseGraphFile(fs.readFileSync(file, 'utf8')) ?? undefined;
  } catch {
    return undefined; // mid-write or missing: keep showing the last good graph
  }
}

export function activate(context: vscode.ExtensionContext): { stats(): GraphStats | undefined } {
  const show = async (arg?: vscode.Uri) => {
    const graphPath = await pickGraph(arg);
    if (!graphPath) return undefined;
    const existing = panels.get(graphPath);
    if (existing) {
      existing.reveal();
      return graphPath;
    }
    const first = readGraph(graphPath);
    if (!first) {
      void vscode.window.showErrorMessage(`VideoInsight: cannot read the concept graph ${graphPath}.`);
      return undefined;
    }
    const panel = vscode.window.createWebviewPanel('videoinsight.graph', `Concept Graph: ${first.title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: GRAPH_RESOURCE_DIRS.map((dir) => vscode.Uri.joinPath(context.extensionUri, ...dir)),
    });
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'graph.svg');
    panels.set(graphPath, panel);
    let graph = first;
    const opened: string[] = [];
    const post = (m: HostMessage) => void panel.webview.postMessage(m);
    panel.webview.onDidReceiveMessage(async (m: unknown) => {
      if (!isWebviewMessage(m)) return;
      if (m.type === 'ready') post({ type: 'graph', graph: toGraphView(graph) });
      else if (m.type === 'rendered') lastStats = { graphPath, nodes: m.nodes, edges: m.edges, layoutMs: m.layoutMs, opened };
      else if (m.type === 'openNode') {
        const node = graph.nodes.find((n) => n.id === m.id);
        if (!node) return;
        opened.push(node.id);
        // graph.json is data: its notes name stays a file of its own folder.
        await revealSection(path.join(path.dirname(graphPath), graphNotesFile(graph)), graph, node.sectionIndex, panel.viewColumn);
        // With the player open on this video, a concept also plays its section.
        const section = graph.sections.find((s) => s.index === node.sectionIndex);
        if (section) seekPlayer(path.dirname(graphPath), section.startSec);
      }
    });
    panel.webview.html = html(panel.webview, context.extensionUri);
    // graph.json is rewritten while a job runs and on every re-run: follow it.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(graphPath)), 'graph.json'));
    let timer: NodeJS.Timeout | undefined;
    const reload = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        const g = readGraph(graphPath);
        if (g) { graph = g; post({ type: 'graph', graph: toGraphView(g) }); }
      }, 300);
    };
    watcher.onDidChange(reload);
    watcher.onDidCreate(reload);
    panel.onDidDispose(() => { watcher.dispose(); if (timer) clearTimeout(timer); panels.delete(graphPath); });
    return graphPath;
  };
  context.subscriptions.push(vscode.commands.registerCommand('videoinsight.showGraph', show));
  return { stats: () => lastStats };
}

async function revealSection(notesPath: string, graph: GraphFile, sectionIndex: number, graphColumn: vscode.ViewColumn | undefined): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(notesPath));
  const line = graphSectionLine(graph, parseNotes(doc.getText()), sectionIndex) ?? 0;
  const pos = new vscode.Position(line, 0);
  const column = graphColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Range(pos, pos), preview: false });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
}
