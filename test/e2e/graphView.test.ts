// Proves the concept-graph webview bundle (dist/webview/graph.js, as packaged) in headless chromium
// with a 500-concept graph: no two visible labels overlap (their rendered bounding boxes) and the
// strongest concept's label is among them; once the layout settles every node is inside the view
// (fit), and again after the panel shrinks (resize re-fits); the legend names the entity types;
// links are thinned by default and "all links" shows every one; the same graph opens with the same
// layout (seeded). Needs only the bundle and chromium, not code-server.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { makeLongNotes } from '../../bench/extension-fixtures';
import type { GraphFile } from '../../server/protocol/graphFile';
import type { GraphView } from '../../server/protocol/graphWebview';

const ROOT = path.resolve(__dirname, '../..');

interface Box { id: string; x: number; y: number; w: number; h: number }

async function openGraph(page: Page, html: string, view: GraphView): Promise<void> {
  await page.goto('file://' + html);
  await page.waitForFunction(() => (window as unknown as { __msgs: { type: string }[] }).__msgs.some((m) => m.type === 'ready'));
  await page.evaluate((graph) => window.postMessage({ type: 'graph', graph }, '*'), view);
  await page.waitForFunction(() => (window as unknown as { __msgs: { type: string }[] }).__msgs.some((m) => m.type === 'rendered'));
  await settled(page);
}

/** Waits until no node moves for half a second (the simulation ended and the view re-fitted). */
async function settled(page: Page): Promise<void> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const now = await page.evaluate(() => [...document.querySelectorAll('g.node')].map((g) => g.getAttribute('transform')).join('|') + document.querySelector('svg#graph > g')!.getAttribute('transform'));
    if (now === last) return;
    last = now;
    await page.waitForTimeout(500);
  }
  throw new Error('the layout never settled');
}

const labelBoxes = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.labels text')]
  .filter((t) => getComputedStyle(t).display !== 'none')
  .map((t) => { const r = t.getBoundingClientRect(); return { id: t.getAttribute('data-id')!, x: r.x, y: r.y, w: r.width, h: r.height }; }));

/** Node circles outside the graph's area, in screen pixels (1 px of slack for rounding). */
const outside = (page: Page) => page.evaluate(() => {
  const area = document.getElementById('graph')!.getBoundingClientRect();
  return [...document.querySelectorAll('g.node circle')].filter((c) => {
    const r = c.getBoundingClientRect();
    return r.left < area.left - 1 || r.top < area.top - 1 || r.right > area.right + 1 || r.bottom > area.bottom + 1;
  }).length;
});

test('500 concepts: labels never overlap, the view fits on open and on resize, legend, thinning, stable layout', { timeout: 120_000 }, async (t) => {
  const js = path.join(ROOT, 'dist/webview/graph.js');
  assert.ok(fs.existsSync(js), 'build first: node esbuild.mjs');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-graph-view-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const { dir } = makeLongNotes(path.join(tmp, 'long'), { concepts: 500 });
  const g = JSON.parse(fs.readFileSync(path.join(dir, 'graph.json'), 'utf8')) as GraphFile;
  const view: GraphView = {
    title: g.title,
    nodes: g.nodes.map((x) => ({ id: x.id, label: x.label, kind: x.kind, importance: x.importance, sectionNumber: x.sectionIndex + 1, sectionTitle: `Part ${x.sectionIndex + 1}` })),
    edges: g.edges.map((e) => ({ source: e.source, target: e.target, weight: e.weight })),
  };
  fs.copyFileSync(js, path.join(tmp, 'graph.js'));
  fs.copyFileSync(path.join(ROOT, 'dist/webview/graph.css'), path.join(tmp, 'graph.css'));
  const html = path.join(tmp, 'index.html');
  // The body the extension serves, with a stand-in for acquireVsCodeApi that records the messages.
  fs.writeFileSync(html, `<!DOCTYPE html><html><head><meta charset="UTF-8"><link rel="stylesheet" href="graph.css">
<script>window.__msgs=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>{window.__msgs.push(m)},setState(){},getState(){}});</script></head>
<body><header><span id="title"></span><input id="search" type="search"><span id="status"></span></header><svg id="graph"></svg><script src="graph.js"></script></body></html>`);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await openGraph(page, html, view);

  const boxes: Box[] = await labelBoxes(page);
  assert.ok(boxes.length >= 20 && boxes.length < 500, `${boxes.length} labels shown`);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!, b = boxes[j]!;
      const overlap = a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
      assert.ok(!overlap, `labels ${a.id} and ${b.id} overlap: ${JSON.stringify([a, b])}`);
    }
  }
  const strongest = [...view.nodes].sort((a, b) => b.importance - a.importance)[0]!;
  assert.ok(boxes.some((b) => b.id === strongest.id), 'the strongest concept is labelled');
  assert.equal(await outside(page), 0, 'every node inside the view after opening');
  await page.screenshot({ path: path.join(ROOT, 'test-artifacts', 'graph-500-fit.png') }).catch(() => undefined);

  await page.setViewportSize({ width: 700, height: 500 });
  await settled(page);
  assert.equal(await outside(page), 0, 'every node inside the view after the panel shrank');

  assert.deepEqual(await page.locator('.legend-item').allTextContents(), ['concept', 'person']);
  assert.match(await page.locator('#status').textContent() ?? '', /^500 concepts · \d+ of 1499 links$/);
  await page.locator('#links').selectOption('all');
  assert.equal(await page.locator('#status').textContent(), '500 concepts · 1499 links');

  // The same graph in a fresh page: the same positions.
  const positions = () => page.evaluate(() => [...document.querySelectorAll('g.node')].slice(0, 50).map((g) => g.getAttribute('transform')));
  await page.setViewportSize({ width: 1200, height: 800 });
  const first = await positions();
  await page.reload();
  await openGraph(page, html, view);
  assert.deepEqual(await positions(), first);
});
