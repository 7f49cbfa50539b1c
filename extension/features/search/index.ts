// "VideoInsight: Search Notes": a quick pick that asks the backend as you type (debounced, stale
// answers dropped) across every note under the output folder, and opens the passage at its line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Backend } from '../../backend';
import { pipelineOptions, primaryOutDir } from '../../config';
import type { SearchHitInfo } from '../../../server/protocol/lspMessages';
import { loadProtocol } from '../../lazy';
import { openTranscriptAt, seekPlayer } from '../preview';
import { formatClock, readFrontMatter } from '../../../server/protocol/notesFile';

const DEBOUNCE_MS = 250;
const SNIPPET_CHARS = 160;

/** The video's title from its notes.md front matter (hits in notes or transcript of one folder share it). */
function videoTitle(dir: string, cache: Map<string, string>): string {
  let t = cache.get(dir);
  if (t === undefined) {
    try {
      t = readFrontMatter(fs.readFileSync(path.join(dir, 'notes.md'), 'utf8').split(/\r?\n/)).title ?? path.basename(dir);
    } catch {
      t = path.basename(dir);
    }
    cache.set(dir, t);
  }
  return t;
}

/** Beside Enter (the notes at the key point): the transcript at the moment, or the player there. */
const TRANSCRIPT_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open the transcript at this moment' };
const PLAY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('play'), tooltip: 'Play this moment' };
const MOMENT_BUTTONS = [TRANSCRIPT_BUTTON, PLAY_BUTTON];

/** The hit's file: the backend gives it relative to the output folder, or absolute. */
function hitFile(hit: SearchHitInfo, outDir: string): string {
  return path.isAbsolute(hit.file) ? hit.file : path.join(outDir, hit.file);
}

/** Where a hit is, first (the video, the moment, notes or transcript), then what it says. */
function hitItem(hit: SearchHitInfo, outDir: string, titles: Map<string, string>): HitItem {
  const file = hitFile(hit, outDir);
  const at = hit.startSec !== null ? `$(clock) ${formatClock(hit.startSec)} · ` : '';
  const kind = path.basename(file) === 'transcript.md' ? 'transcript' : path.basename(file) === 'notes.md' ? 'notes' : path.basename(file);
  const text = hit.text.replace(/\s+/g, ' ').trim();
  return {
    label: `${at}${videoTitle(path.dirname(file), titles)}`,
    description: `${kind}, line ${hit.line}`,
    detail: text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS - 1)}…` : text,
    // Semantic hits need not contain the typed words: the quick pick must not filter them out.
    alwaysShow: true,
    buttons: hit.startSec !== null ? MOMENT_BUTTONS : [],
    hit,
  };
}

type HitItem = vscode.QuickPickItem & { hit: SearchHitInfo };

export function activate(context: vscode.ExtensionContext, backend: Backend): { query(q: string): Promise<SearchHitInfo[]> } {
  const query = async (q: string): Promise<SearchHitInfo[]> => {
    const outDir = primaryOutDir();
    if (!outDir || !q.trim()) return [];
    const client = await backend.client();
    const { SearchNotesRequest } = await loadProtocol();
    const r = await client.sendRequest(SearchNotesRequest.type, { outDir, query: q, k: 20, embeddingModel: pipelineOptions().embeddingModel });
    return r.hits;
  };

  const openHit = async (hit: SearchHitInfo) => {
    const file = hitFile(hit, primaryOutDir() ?? '');
    const line = Math.max(0, hit.line - 1);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    const pos = new vscode.Position(Math.min(line, editor.document.lineCount - 1), 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
    // With the player open on this video, the hit's moment plays too.
    if (hit.startSec !== null) seekPlayer(path.dirname(file), hit.startSec);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('videoinsight.searchNotes', async (initial?: string) => {
      const outDir = primaryOutDir();
      if (!outDir) {
        void vscode.window.showErrorMessage('VideoInsight: open a folder first.');
        return;
      }
      try {
        await backend.client();
      } catch (e) {
        backend.reportStartFailure(e);
        return;
      }
      const qp = vscode.window.createQuickPick<HitItem>();
      qp.title = 'VideoInsight: Search Notes';
      qp.placeholder = 'Ask in your own words: the search matches meaning, not only words';
      qp.matchOnDescription = false;
      let timer: NodeJS.Timeout | undefined;
      let seq = 0;
      const titles = new Map<string, string>();
      const ask = (value: string) => {
        if (timer) clearTimeout(timer);
        const mine = ++seq;
        if (!value.trim()) { qp.items = []; qp.busy = false; return; }
        qp.busy = true;
        timer = setTimeout(async () => {
          try {
            const hits = await query(value);
            if (mine !== seq) return; // a newer query is on its way
            qp.items = hits.map((hit) => hitItem(hit, outDir, titles));
          } catch (e) {
            if (mine === seq) qp.items = [{ label: `$(error) ${(e as Error).message}`, alwaysShow: true, hit: { file: '', line: 0, startSec: null, score: 0, text: '' } }];
            backend.log.error(`search failed: ${(e as Error).message}`);
          } finally {
            if (mine === seq) qp.busy = false;
          }
        }, DEBOUNCE_MS);
      };
      qp.onDidChangeValue(ask);
      qp.onDidAccept(() => {
        const hit = qp.selectedItems[0]?.hit;
        if (!hit?.file) return;
        qp.hide();
        void openHit(hit);
      });
      qp.onDidTriggerItemButton(({ item, button }) => {
        const { hit } = item;
        if (hit.startSec === null) return;
        const dir = path.dirname(hitFile(hit, outDir));
        qp.hide();
        if (button === TRANSCRIPT_BUTTON) void openTranscriptAt(dir, hit.startSec);
        else void vscode.commands.executeCommand('videoinsight.openPlayer', { dir, sec: hit.startSec });
      });
      qp.onDidHide(() => { if (timer) clearTimeout(timer); qp.dispose(); });
      qp.show();
      if (typeof initial === 'string' && initial) { qp.value = initial; ask(initial); }
    }),
  );
  return { query };
}
