// Proves, in a real VS Code: the Generate input suggests the workspace's media files (nearest first)
// and Enter on the first suggestion generates its notes; the default keybindings of Generate Notes and
// Search Notes are bound to no other command in VS Code's own default keymap; the walkthrough is
// contributed with its four steps and every step's media file exists in the extension.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateNotesRequest } from '../../../server/protocol/lspMessages';

const EXT_ID = 'videoinsight.videoinsight';

/** "ctrl+alt+shift+g" and "shift+alt+ctrl+g" are one chord: modifiers sorted. */
const norm = (key: string) => key.toLowerCase().split(' ').map((part) => part.split('+').sort().join('+')).join(' ');

suite('Generate input, keybindings, walkthrough', () => {
  test('the Generate input suggests the media files; Enter on the first generates its notes', async () => {
    await vscode.workspace.getConfiguration('videoinsight').update('engine', 'captions', vscode.ConfigurationTarget.Workspace);
    const run = vscode.commands.executeCommand<GenerateNotesRequest.Result>('videoinsight.generateNotes');
    // The suggestions come from one findFiles; then the first row (media/lecture.m4a) is taken.
    await new Promise((r) => setTimeout(r, 2000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await run;
    assert.ok(result && result.status === 'done', JSON.stringify(result));
    assert.match(path.basename(path.dirname(result.results[0]!.notesPath)), /^lecture-[0-9a-f]{6}$/);
  });

  test('the default keys are bound to no other command', async () => {
    const ext = vscode.extensions.getExtension(EXT_ID)!;
    const ours = (ext.packageJSON as { contributes: { keybindings: { command: string; key: string }[] } }).contributes.keybindings;
    assert.deepEqual(ours.map((k) => k.command).sort(), ['videoinsight.generateNotes', 'videoinsight.searchNotes']);
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const text = vscode.window.activeTextEditor!.document.getText();
    const all = [...text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((m) => ({ key: norm(m[1]!), command: m[2]! }));
    assert.ok(all.length > 500, `the default keymap lists ${all.length} bindings`);
    for (const k of ours) {
      const bound = all.filter((b) => b.key === norm(k.key) || b.key.startsWith(`${norm(k.key)} `));
      assert.deepEqual(bound.map((b) => b.command), [k.command], `${k.key}: ${JSON.stringify(bound)}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the walkthrough has four steps, each with its media file in the extension', () => {
    const ext = vscode.extensions.getExtension(EXT_ID)!;
    const [walk] = (ext.packageJSON as { contributes: { walkthroughs: { id: string; steps: { id: string; media: { markdown: string } }[] }[] } }).contributes.walkthroughs;
    assert.ok(walk);
    assert.deepEqual(walk.steps.map((s) => s.id), ['generate', 'read', 'graph', 'search']);
    for (const s of walk.steps) assert.ok(fs.existsSync(path.join(ext.extensionPath, s.media.markdown)), s.media.markdown);
  });
});
