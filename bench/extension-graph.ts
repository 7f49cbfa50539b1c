// The concept-graph webview with 500 nodes: loads the built webview bundle (dist/webview/graph.js
// + graph.css) in headless chromium with a stand-in for acquireVsCodeApi, posts a 500-node graph,
// and measures layout time, frame times while the simulation animates and while panning/zooming,
// search filtering, and click → openNode. Run: npx tsx bench/extension-graph.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { makeLongNotes } from './extension-fixtures';
import type { GraphFile } from '../server/domain/analysis';
import type { GraphView } from '../server/protocol/graphWebview';

const ROOT = path.resolve(__dirname, '..');
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };

async function main(): Promise<void> {
  const js = path.join(ROOT, 'dist/webview/graph.js');
  if (!fs.existsSync(js)) throw new Error('build first: node esbuild.mjs');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-bench-graph-'));
  const n = Number(process.env.NODES || 500);
  const { dir } = makeLongNotes(path.join(tmp, 'long'), { concepts: n });
  const g = JSON.parse(fs.readFileSync(path.join(dir, 'graph.json'), 'utf8')) as GraphFile;
  const view: GraphView = {
    title: g.title,
    nodes: g.nodes.map((x) => ({ id: x.id, label: x.label, kind: x.kind, importance: x.importance, sectionNumber: x.sectionIndex + 1, sectionTitle: `Part ${x.sectionIndex + 1}` })),
    edges: g.edges.map((e) => ({ source: e.source, target: e.target, weight: e.weight })),
  };
  fs.copyFileSync(js, path.join(tmp, 'graph.js'));
  fs.copyFileSync(path.join(ROOT, 'dist/webview/graph.css'), path.join(tmp, 'graph.css'));
  // The same body the extension serves, with theme variables a dark theme would set.
  fs.writeFileSync(path.join(tmp, 'index.html'), `<!DOCTYPE html><html><head><meta charset="UTF-8"><link rel="stylesheet" href="graph.css">
<style>:root{--vscode-foreground:#ccc;--vscode-editor-background:#1e1e1e;--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;--vscode-focusBorder:#007fd4}</style>
<script>/* tsx (esbuild keepNames) wraps functions passed to evaluate() in __name */ window.__name=(f)=>f; window.__msgs=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>{window.__msgs.push({...m,t:performance.now()})},setState(){},getState(){}});</script></head>
<body><header><span id="title"></span><input id="search" type="search"><span id="status"></span></header><svg id="graph"></svg><script src="graph.js"></script></body></html>`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto('file://' + path.join(tmp, 'index.html'));
    await page.waitForFunction(() => (window as unknown as { __msgs: { type: string }[] }).__msgs.some((m) => m.type === 'ready'));
    // Frame recorder: intervals between animation frames.
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[] };
      w.__frames = [];
      let last = performance.now();
      const loop = (t: number) => { w.__frames.push(t - last); last = t; requestAnimationFrame(loop); };
      requestAnimationFrame(loop);
    });
    const t0 = Date.now();
    await page.evaluate((graph) => window.postMessage({ type: 'graph', graph }, '*'), view);
    await page.waitForFunction(() => (window as unknown as { __msgs: { type: string }[] }).__msgs.some((m) => m.type === 'rendered'));
    const rendered = await page.evaluate(() => (window as unknown as { __msgs: { type: string; layoutMs?: number; nodes?: number }[] }).__msgs.find((m) => m.type === 'rendered')!);
    console.log(`graph: ${view.nodes.length} nodes, ${view.edges.length} edges; message → rendered ${Date.now() - t0} ms (layout + first paint in the webview: ${rendered.layoutMs} ms)`);
    console.log(`nodes in the DOM: ${await page.locator('g.node').count()}`);
    await page.waitForTimeout(3000); // the simulation animates down from alpha 0.3
    const anim = await page.evaluate(() => { const w = window as unknown as { __frames: number[] }; const f = w.__frames.slice(5); w.__frames = []; return f; });
    console.log(`frames while the layout animates: p50 ${pct(anim, 50).toFixed(1)} ms, p95 ${pct(anim, 95).toFixed(1)} ms (${anim.length} frames in 3 s)`);
    // Pan and zoom with the mouse, as a user would.
    await page.mouse.move(640, 500);
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i % 2 ? -120 : 100);
    await page.mouse.down();
    for (let i = 0; i < 30; i++) await page.mouse.move(640 + i * 8, 500 + i * 4);
    await page.mouse.up();
    const pan = await page.evaluate(() => { const w = window as unknown as { __frames: number[] }; const f = w.__frames.slice(1); w.__frames = []; return f; });
    console.log(`frames while zooming and panning: p50 ${pct(pan, 50).toFixed(1)} ms, p95 ${pct(pan, 95).toFixed(1)} ms (${pan.length} frames)`);
    let t = Date.now();
    await page.locator('#search').fill('entropy');
    const matches = await page.locator('g.node.match').count();
    console.log(`search filter "entropy": ${matches} matches highlighted in ${Date.now() - t} ms`);
    const target = view.nodes[0]!;
    await page.locator('#search').fill('');
    t = Date.now();
    await page.locator(`g.node[data-id="${target.id}"]`).dispatchEvent('click');
    await page.waitForFunction((id) => (window as unknown as { __msgs: { type: string; id?: string }[] }).__msgs.some((m) => m.type === 'openNode' && m.id === id), target.id);
    console.log(`click a node → openNode message: ${Date.now() - t} ms`);
    const shots = path.join(ROOT, 'test-artifacts');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, `bench-graph-${view.nodes.length}.png`) });
    console.log(`screenshot: test-artifacts/bench-graph-${view.nodes.length}.png`);
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
