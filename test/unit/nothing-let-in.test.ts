// Proves the "nothing let in" policy of the editor side without a running VS Code:
// - the graph webview page has a strict CSP (default-src 'none', scripts only with this page's
//   random nonce, other resources only from the webview's own origin; no unsafe-inline/eval), no
//   inline script, style or event handler, and loads only files under its resource roots, which
//   are the extension's dist/webview and media folders and nothing wider;
// - hovers from the language server are rendered untrusted and without HTML, and a hover built
//   from hostile transcript or graph text contains no image, HTML or non-web link once parsed as
//   Markdown (a bare web address may be auto-linked, a command: link never).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { GRAPH_RESOURCE_DIRS, graphCsp, graphHtml, newNonce } from '../../extension/features/graph/webviewHtml';
import { SERVER_MARKDOWN } from '../../extension/markdownPolicy';
import { NotesCache, type TextSource } from '../../server/lsp/notesCache';
import { hover } from '../../server/lsp/hover';

const ORIGIN = 'https://file+.vscode-resource.vscode-cdn.net';
const EXT = '/ext/videoinsight';
const page = (nonce: string) => graphHtml({
  cspSource: ORIGIN, nonce,
  scriptUri: `${ORIGIN}${EXT}/dist/webview/graph.js`, styleUri: `${ORIGIN}${EXT}/dist/webview/graph.css`,
});

test('graph page: strict CSP with a nonce, no inline code, resources from its roots only', () => {
  const nonce = newNonce();
  const html = page(nonce);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  assert.equal(csp, graphCsp(ORIGIN, nonce));
  const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
  for (const [name, values] of directives) {
    if (name === 'default-src' || name === 'script-src') continue;
    assert.deepEqual(values, [ORIGIN], `${name} allows only the webview's own origin`);
  }
  assert.doesNotMatch(csp!, /unsafe-|\*|data:|https?:\/\/(?!file\+)/);
  // Every script carries the nonce and a src; none has inline code; no inline handlers or styles.
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs!, new RegExp(`nonce="${nonce.replace(/[+/]/g, '\\$&')}"`));
    assert.equal(body!.trim(), '');
  }
  assert.doesNotMatch(html, /\son\w+\s*=|\sstyle\s*=|<style|javascript:/i);
  // What it loads lies under one of its resource roots, and the roots are exactly dist/webview and media.
  assert.deepEqual(GRAPH_RESOURCE_DIRS.map((d) => d.join('/')), ['dist/webview', 'media']);
  const roots = GRAPH_RESOURCE_DIRS.map((d) => path.posix.join(EXT, ...d) + '/');
  for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
    assert.ok(url!.startsWith(ORIGIN), url);
    assert.ok(roots.some((r) => url!.slice(ORIGIN.length).startsWith(r)), `${url} lies under a resource root`);
  }
});

test('graph page: a fresh 128-bit nonce per page; a hostile nonce or URI cannot break out of its attribute', () => {
  const a = newNonce();
  assert.notEqual(a, newNonce());
  assert.equal(Buffer.from(a, 'base64').length, 16);
  const html = graphHtml({ cspSource: ORIGIN, nonce: 'x"><script>alert(1)</script>', scriptUri: '"><img src=x onerror=alert(1)>', styleUri: 's' });
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.doesNotMatch(html, /<img/);
});

test('server hovers: no HTML, only the player command allowed; hostile transcript and graph text stays text', () => {
  assert.deepEqual(SERVER_MARKDOWN, { isTrusted: { enabledCommands: ['videoinsight.openPlayer'] }, supportHtml: false });
  const evil = '[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> ![i](http://x/y.png) <https://evil.example>';
  const files: Record<string, string> = {
    'notes.md': '# T\n\n- a point [0:05](transcript.md#t-5) about gradient\n',
    'transcript.md': `<a id="t-5"></a>**[0:05]** ${evil}\n`,
    'graph.json': JSON.stringify({ nodes: [{ id: 'c1', label: 'gradient', kind: 'concept', importance: 1, sectionIndex: 0, explanation: { text: evil, startSec: 5, endSec: 6 }, occurrences: [] }], edges: [], sections: [] }),
  };
  const source: TextSource = { versionOf: (f) => (files[path.basename(f)] === undefined ? undefined : '1'), read: (f) => files[path.basename(f)] };
  const cache = new NotesCache(source);
  const file = path.resolve('/tmp/vi-hover/notes.md');
  const line = '- a point [0:05](transcript.md#t-5) about gradient';
  const md = new MarkdownIt({ html: true, linkify: true });
  for (const character of [12, line.indexOf('gradient') + 2]) {
    const h = hover(cache, file, line, { line: 2, character });
    const value = (h?.contents as { value: string } | undefined)?.value;
    assert.ok(value?.includes('run'), `a hover at ${character}`);
    const tokens = md.parse(value!, {}).flatMap((t) => [t, ...(t.children ?? [])]);
    for (const bad of ['image', 'html_inline', 'html_block']) assert.ok(!tokens.some((t) => t.type === bad), `${bad} in ${value}`);
    // A bare web address may be auto-linked by a renderer (GFM); the only command link is the
    // server's own "▶ Play at" (the one the allow-list runs); the transcript's command: never links.
    for (const link of tokens.filter((t) => t.type === 'link_open')) assert.match(link.attrGet('href') ?? '', /^(https?:\/\/|command:videoinsight\.openPlayer\?)/, value);
    assert.ok(!tokens.some((t) => t.type === 'link_open' && /workbench/.test(t.attrGet('href') ?? '')), value);
  }
});
