// Proves, inside a real VS Code extension host (code-server here, desktop VS Code via
// @vscode/test-electron elsewhere): activation starts nothing; the backend starts on demand in a
// Node that loads native SQLite; the language features answer on notes under the output folder
// (links, citation hover, definitions, references); "Generate Notes from Video" turns a fixture
// clip into notes and opens them without taking focus; search finds a known passage; notes stream:
// a two-section job rewrites notes.md once per section (the extension sees increasing section
// counts, only the last final) while the user's editor keeps the focus; the graph webview renders
// the fixture graph and follows its file; a killed backend is restarted.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VideoInsightApi } from '../../../extension/extension';
import type { GenerateNotesRequest } from '../../../server/protocol/lspMessages';

const EXT_ID = 'videoinsight.videoinsight';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

function targetOf(l: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; line: number } {
  return 'targetUri' in l ? { uri: l.targetUri, line: (l.targetSelectionRange ?? l.targetRange).start.line } : { uri: l.uri, line: l.range.start.line };
}

suite('VideoInsight in a real extension host', () => {
  let api: VideoInsightApi;
  let ws: string;
  let notesFile: string;
  let transcriptFile: string;
  let notesRows: string[];

  suiteSetup(async () => {
    ws = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    notesFile = path.join(ws, 'notes/photosynthesis-3f9a1c/notes.md');
    transcriptFile = path.join(ws, 'notes/photosynthesis-3f9a1c/transcript.md');
    notesRows = fs.readFileSync(notesFile, 'utf8').split('\n');
    const ext = vscode.extensions.getExtension<VideoInsightApi>(EXT_ID);
    assert.ok(ext, 'extension is installed');
    const t0 = Date.now();
    api = await ext.activate();
    console.log(`    activate(): ${Date.now() - t0} ms; host ${process.execPath} node ${process.versions.node} electron ${process.versions.electron ?? '-'} vscode ${vscode.version}`);
  });

  test('activation registers the commands and starts no process', async () => {
    const cmds = await vscode.commands.getCommands(true);
    for (const c of ['videoinsight.generateNotes', 'videoinsight.searchNotes', 'videoinsight.showGraph', 'videoinsight.listJobs', 'videoinsight.resumeJob', 'videoinsight.cancelJob']) {
      assert.ok(cmds.includes(c), c);
    }
    assert.equal(api.backendStarts(), 0);
    assert.equal(api.backendRunning(), false);
  });

  test('opening a notes file starts the backend, in a Node that loads native SQLite', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(notesFile));
    await waitFor('backend running', () => api.backendRunning());
    assert.equal(api.backendStarts(), 1);
    const info = await api.runtimeInfo();
    console.log(`    backend: pid ${info.pid} ${info.node} ABI ${info.abi} sqlite ${info.sqlite} (${info.execPath})`);
    assert.equal(info.error, null);
    assert.match(info.sqlite ?? '', /^3\./);
    assert.notEqual(info.pid, process.pid);
  });

  test('document links: a citation opens the transcript at its line, and the video at that second', async () => {
    const uri = vscode.Uri.file(notesFile);
    const line = notesRows.findIndex((r) => r.includes('[0:52](transcript.md#t-52)'));
    const links = await waitFor('links', async () => {
      const all = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
      return all.some((l) => l.target?.toString().includes('#L')) ? all : undefined;
    });
    const onLine = links.filter((l) => l.range.start.line === line);
    const toTranscript = onLine.find((l) => l.target?.path.endsWith('/transcript.md') && l.target.fragment.startsWith('L'));
    assert.ok(toTranscript, JSON.stringify(onLine.map((l) => l.target?.toString())));
    const tLine = fs.readFileSync(transcriptFile, 'utf8').split('\n').findIndex((r) => r.includes('id="t-52"'));
    assert.equal(toTranscript.target!.fragment, `L${tLine + 1}`);
    assert.ok(onLine.some((l) => l.target?.toString() === 'https://www.youtube.com/watch?v%3DPHOTO123%26t%3D52s' || l.target?.toString(true) === 'https://www.youtube.com/watch?v=PHOTO123&t=52s'),
      JSON.stringify(onLine.map((l) => l.target?.toString(true))));
  });

  test('hover on a citation shows the transcript around that moment', async () => {
    const line = notesRows.findIndex((r) => r.includes('[0:31](transcript.md#t-31)'));
    const pos = new vscode.Position(line, notesRows[line]!.indexOf('[0:31]') + 2);
    const text = await waitFor('citation hover', async () => {
      const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', vscode.Uri.file(notesFile), pos));
      return /Transcript 0:11/.test(t) ? t : undefined;
    });
    assert.match(text, /light reactions split water/);
    assert.match(text, /Chlorophyll absorbs/);
  });

  test('definition: a citation → its transcript line; a concept → the heading of its main section', async () => {
    const uri = vscode.Uri.file(notesFile);
    const cl = notesRows.findIndex((r) => r.includes('[1:01](transcript.md#t-61)'));
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, new vscode.Position(cl, notesRows[cl]!.indexOf('[1:01]') + 2));
    const tLine = fs.readFileSync(transcriptFile, 'utf8').split('\n').findIndex((r) => r.includes('id="t-61"'));
    assert.ok(defs.map(targetOf).some((t) => t.uri.fsPath === transcriptFile && t.line === tLine), JSON.stringify(defs.map(targetOf)));

    const kl = notesRows.findIndex((r) => r.includes('The Calvin cycle runs'));
    const cdefs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, new vscode.Position(kl, notesRows[kl]!.indexOf('Calvin') + 2));
    const heading = notesRows.indexOf('## 2. The Calvin cycle (0:31–1:20)');
    assert.ok(cdefs.map(targetOf).some((t) => t.uri.fsPath === notesFile && t.line === heading), JSON.stringify(cdefs.map(targetOf)));
  });

  test('hover and references on a concept', async () => {
    const uri = vscode.Uri.file(notesFile);
    const kl = notesRows.findIndex((r) => r.includes('The Calvin cycle runs'));
    const pos = new vscode.Position(kl, notesRows[kl]!.indexOf('Calvin') + 2);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos));
    assert.match(text, /\*\*Calvin cycle\*\*/);
    assert.match(text, /fix carbon dioxide into sugar/);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, pos);
    assert.ok(refs.some((r) => r.uri.fsPath === transcriptFile), 'mentions in the transcript');
    assert.ok(refs.filter((r) => r.uri.fsPath === notesFile).length >= 3, 'mentions in the notes');
  });

  test('Generate Notes from Video: a clip with captions becomes notes, opened without taking focus', async () => {
    const other = await vscode.window.showTextDocument(vscode.Uri.file(path.join(ws, 'README.txt')));
    const media = path.join(ws, 'media/lecture.m4a');
    await vscode.workspace.getConfiguration('videoinsight').update('engine', 'captions', vscode.ConfigurationTarget.Workspace);
    const t0 = Date.now();
    const result = await vscode.commands.executeCommand<GenerateNotesRequest.Result>('videoinsight.generateNotes', vscode.Uri.file(media));
    console.log(`    generate: ${Date.now() - t0} ms`);
    assert.ok(result && result.status === 'done', JSON.stringify(result));
    const r = result.results[0]!;
    assert.equal(r.engine, 'captions');
    assert.ok(r.notesPath.startsWith(path.join(ws, 'notes') + path.sep));
    assert.match(fs.readFileSync(r.notesPath, 'utf8'), /\[0:\d\d\]\(transcript\.md#t-\d+\)/);
    // notes.md was opened while the job ran, beside the user's editor, which kept the focus.
    await waitFor('notes.md visible', () => vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === r.notesPath));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, other.document.uri.fsPath);
  });

  test('Video Notes view: videos → sections → key points with times; a click opens notes.md at that line; a new job appears', async () => {
    const items = await waitFor('two videos in the view', async () => { const v = await api.notesView(); return v.length >= 2 ? v : undefined; });
    const photo = items.find((v) => v.label === 'Photosynthesis in Ten Minutes');
    assert.ok(photo, JSON.stringify(items.map((v) => v.label)));
    assert.deepEqual(photo.children.map((s) => [s.label, s.description]), [['1. Light and the chloroplast', '0:00'], ['2. The Calvin cycle', '0:31']]);
    const point = photo.children[1]!.children.find((p) => p.label.startsWith('The Calvin cycle runs in the stroma'));
    assert.ok(point);
    assert.equal(point.description, '1:01');
    assert.equal(notesRows[point.line], '- The Calvin cycle runs in the stroma of the chloroplast. [1:01](transcript.md#t-61)');
    await vscode.commands.executeCommand('videoinsight.revealNotesLine', notesFile, point.line);
    await waitFor('notes.md at the key point', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath === notesFile && e.selection.active.line === point.line;
    });
    // The reveal command opens notes of the output folders only, whoever calls it.
    await vscode.commands.executeCommand('videoinsight.revealNotesLine', path.join(ws, 'README.txt'), 0);
    assert.notEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(ws, 'README.txt'));
    // The generated clip (previous test) is listed with its sections.
    const generated = items.find((v) => v !== photo);
    assert.ok(generated && generated.children.length >= 1, JSON.stringify(generated));
  });

  test('semantic search finds a passage across the notes of the workspace', async () => {
    const hits = await api.search('why do leaves look green');
    assert.ok(hits.length > 0);
    assert.ok(hits[0]!.file.includes('photosynthesis-3f9a1c'), JSON.stringify(hits[0]));
    const volcano = await api.search('islands made by hot spots far from plate edges');
    assert.ok(volcano[0]!.file.includes('lecture-'), JSON.stringify(volcano[0]));
  });

  // After the search test: the sample lecture speaks of chlorophyll too, and would compete there.
  test('streaming: notes.md is rewritten section by section while the job runs, never taking focus', async () => {
    const user = await vscode.window.showTextDocument(vscode.Uri.file(path.join(ws, 'README.txt')), { viewColumn: vscode.ViewColumn.One });
    const media = path.join(ws, 'media/sample-lecture.mp4');
    await vscode.workspace.getConfiguration('videoinsight').update('engine', 'captions', vscode.ConfigurationTarget.Workspace);
    // Every update the extension saw, with what was on disk and which editor had the focus then.
    const seen: { sectionCount: number; final: boolean; headingsOnDisk: number; active: string | undefined }[] = [];
    const sub = api.onDidUpdateNotes((n) => {
      if (!n.notesPath.includes('sample-lecture')) return;
      const onDisk = fs.readFileSync(n.notesPath, 'utf8').match(/^## \d+\. /gm)?.length ?? 0;
      seen.push({ sectionCount: n.sectionCount, final: n.final, headingsOnDisk: onDisk, active: vscode.window.activeTextEditor?.document.uri.fsPath });
    });
    let result: GenerateNotesRequest.Result | undefined;
    try {
      result = await vscode.commands.executeCommand<GenerateNotesRequest.Result>('videoinsight.generateNotes', vscode.Uri.file(media));
    } finally {
      sub.dispose();
    }
    console.log(`    notes updates: ${JSON.stringify(seen.map((s) => `${s.sectionCount}${s.final ? ' final' : ''} (${s.headingsOnDisk} on disk)`))}`);
    assert.ok(result && result.status === 'done', JSON.stringify(result));
    const r = result.results[0]!;
    assert.equal(r.sections.length, 3, 'the captions of the sample lecture make its three topics: photosynthesis, respiration, ecosystems');
    // More than one write, counts strictly increasing, only the last one final.
    assert.ok(seen.length >= 2, `updates: ${JSON.stringify(seen)}`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.sectionCount > seen[i - 1]!.sectionCount, JSON.stringify(seen));
    assert.deepEqual(seen.map((s) => s.final), seen.map((_, i) => i === seen.length - 1));
    assert.equal(seen.at(-1)!.sectionCount, 3);
    // The file on disk never had fewer sections than announced (the write comes before the notice).
    for (const s of seen) assert.ok(s.headingsOnDisk >= s.sectionCount, JSON.stringify(s));
    // The user's editor kept the focus through every update, and notes.md is open beside it,
    // showing the final file (later writes reload the open document from disk).
    for (const s of seen) assert.equal(s.active, user.document.uri.fsPath);
    const notesEditor = await waitFor('notes.md visible', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === r.notesPath));
    assert.notEqual(notesEditor.viewColumn, user.viewColumn);
    const final = fs.readFileSync(r.notesPath, 'utf8');
    await waitFor('the open notes.md shows the final file', () => notesEditor.document.getText() === final);
    assert.equal(final.match(/^## \d+\. /gm)?.length, 3);
    assert.doesNotMatch(final, /_Transcribing: these notes grow/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, user.document.uri.fsPath);
  });

  test('concept graph webview renders the graph from graph.json', async () => {
    const graph = path.join(ws, 'notes/photosynthesis-3f9a1c/graph.json');
    const shown = await vscode.commands.executeCommand<string>('videoinsight.showGraph', vscode.Uri.file(graph));
    assert.equal(shown, graph);
    const stats = await waitFor('graph rendered', () => api.graphStats());
    assert.equal(stats.nodes, 4);
    assert.equal(stats.edges, 3);
    console.log(`    graph layout in the webview: ${stats.layoutMs} ms`);
  });

  test('the graph view follows graph.json when it is rewritten', async () => {
    const graph = path.join(ws, 'notes/photosynthesis-3f9a1c/graph.json');
    const g = JSON.parse(fs.readFileSync(graph, 'utf8')) as { nodes: { id: string; label: string }[] };
    g.nodes.push({ ...g.nodes[0]!, id: 'stroma', label: 'Stroma' });
    fs.writeFileSync(graph, JSON.stringify(g));
    const stats = await waitFor('re-rendered graph', () => { const s = api.graphStats(); return s && s.nodes === 5 ? s : undefined; });
    assert.equal(stats.nodes, 5);
  });

  test('a killed backend is restarted (with backoff) and answers again', async () => {
    const before = await api.runtimeInfo();
    const starts = api.backendStarts();
    process.kill(before.pid, 'SIGKILL');
    await waitFor('restart', () => api.backendStarts() > starts && api.backendRunning(), 20_000);
    const after = await api.runtimeInfo();
    assert.notEqual(after.pid, before.pid);
    assert.equal(after.error, null);
  });
});
