// Concept graph view: a force-directed SVG (d3-force), so every node is a DOM element (clickable,
// focusable, testable). Node radius = importance, edge width = weight, colours from the VS Code
// theme's CSS variables. Labels are set with textContent: nothing from a transcript becomes markup.
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type Simulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import type { GraphView, GraphViewNode, HostMessage, WebviewMessage } from '../../server/protocol/graphWebview';
import './graph.css';

interface VsCodeApi { postMessage(m: WebviewMessage): void; setState(s: unknown): void; getState(): unknown }
declare function acquireVsCodeApi(): VsCodeApi;

type SimNode = GraphViewNode & SimulationNodeDatum & { r: number; el: SVGGElement };
type SimLink = SimulationLinkDatum<SimNode> & { weight: number; bucket: number };

// Edges are drawn as one <path> per weight band, not one element each: 1,500 edges cost 5 attribute
// writes per frame instead of 6,000, which keeps a 500-node graph smooth while it moves.
const BANDS = 5;
let bandPaths: SVGPathElement[] = [];

const SVG_NS = 'http://www.w3.org/2000/svg';
const vscode = acquireVsCodeApi();
const svg = document.getElementById('graph') as unknown as SVGSVGElement;
const viewport = document.createElementNS(SVG_NS, 'g');
const edgeLayer = document.createElementNS(SVG_NS, 'g');
const nodeLayer = document.createElementNS(SVG_NS, 'g');
edgeLayer.setAttribute('class', 'edges');
nodeLayer.setAttribute('class', 'nodes');
viewport.append(edgeLayer, nodeLayer);
svg.append(viewport);
const search = document.getElementById('search') as HTMLInputElement;
const status = document.getElementById('status') as HTMLElement;
const title = document.getElementById('title') as HTMLElement;

let sim: Simulation<SimNode, SimLink> | null = null;
let nodes: SimNode[] = [];
let links: SimLink[] = [];
const view = { x: 0, y: 0, k: 1 };

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function applyView(): void {
  viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
  // Minor labels only when zoomed in enough to read them: keeps 500 nodes legible and cheap.
  svg.classList.toggle('zoomed', view.k >= 1.6);
}

function render(graph: GraphView): void {
  const t0 = performance.now();
  sim?.stop();
  edgeLayer.replaceChildren();
  nodeLayer.replaceChildren();
  title.textContent = graph.title;
  const previous = new Map(nodes.map((n) => [n.id, n]));
  // Labels of the most important nodes always show; the rest appear when zoomed in.
  const ranked = [...graph.nodes].sort((a, b) => b.importance - a.importance);
  const major = new Set(ranked.slice(0, Math.max(25, Math.ceil(ranked.length * 0.1))).map((n) => n.id));

  nodes = graph.nodes.map((n) => {
    const r = 4 + 14 * Math.max(0, Math.min(1, n.importance));
    const g = el('g', { class: `node kind-${n.kind}${major.has(n.id) ? ' major' : ''}`, tabindex: 0, role: 'button', 'data-id': n.id });
    g.setAttribute('aria-label', `${n.label}, section ${n.sectionNumber}: ${n.sectionTitle}`);
    const circle = el('circle', { r });
    const label = el('text', { dy: -(r + 3), 'text-anchor': 'middle' });
    label.textContent = n.label;
    const tip = el('title', {});
    tip.textContent = `${n.label} — §${n.sectionNumber} ${n.sectionTitle} (importance ${n.importance.toFixed(2)})`;
    g.append(circle, label, tip);
    g.addEventListener('click', (ev) => { ev.stopPropagation(); open(n.id); });
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(n.id); } });
    nodeLayer.append(g);
    const old = previous.get(n.id);
    return { ...n, r, el: g, x: old?.x, y: old?.y };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  bandPaths = Array.from({ length: BANDS }, (_, b) => {
    const w = (b + 0.5) / BANDS;
    const p = el('path', { 'stroke-width': (0.5 + 3 * w).toFixed(2), 'stroke-opacity': (0.25 + 0.6 * w).toFixed(2), fill: 'none' });
    edgeLayer.append(p);
    return p;
  });
  links = graph.edges
    .filter((e) => byId.has(e.source) && byId.has(e.target))
    .map((e) => ({ source: byId.get(e.source)!, target: byId.get(e.target)!, weight: e.weight, bucket: Math.min(BANDS - 1, Math.max(0, Math.floor(e.weight * BANDS))) }));

  const { width, height } = svg.getBoundingClientRect();
  sim = forceSimulation<SimNode, SimLink>(nodes)
    .force('link', forceLink<SimNode, SimLink>(links).id((d) => d.id).distance((l) => 40 + 60 * (1 - l.weight)).strength((l) => 0.1 + 0.6 * l.weight))
    .force('charge', forceManyBody<SimNode>().strength((d) => -30 - 120 * d.importance).theta(0.9))
    .force('collide', forceCollide<SimNode>((d) => d.r + 2))
    .force('center', forceCenter(width / 2, height / 2))
    .force('x', forceX(width / 2).strength(0.03))
    .force('y', forceY(height / 2).strength(0.03))
    .alphaMin(0.02)
    .on('tick', scheduleDraw);
  // Settle most of the layout before the first paint (no "explosion"); the rest animates.
  sim.stop();
  const warm = previous.size ? 20 : Math.min(80, 30 + nodes.length / 10);
  for (let i = 0; i < warm; i++) sim.tick();
  draw();
  if (!previous.size) fitView(width, height);
  sim.alpha(0.3).restart();
  filter(search.value);
  const layoutMs = Math.round(performance.now() - t0);
  status.textContent = `${nodes.length} concepts · ${links.length} links`;
  vscode.postMessage({ type: 'rendered', nodes: nodes.length, edges: links.length, layoutMs });
}

/** Zoom so the whole graph fills the view: a 4-node graph is not a speck, 500 nodes fit the screen. */
function fitView(width: number, height: number): void {
  if (!nodes.length || !width || !height) return;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const n of nodes) {
    x0 = Math.min(x0, (n.x ?? 0) - n.r); y0 = Math.min(y0, (n.y ?? 0) - n.r - 14);
    x1 = Math.max(x1, (n.x ?? 0) + n.r); y1 = Math.max(y1, (n.y ?? 0) + n.r);
  }
  const pad = 40;
  view.k = Math.max(0.2, Math.min(2.5, Math.min((width - pad) / (x1 - x0 || 1), (height - pad) / (y1 - y0 || 1))));
  view.x = width / 2 - ((x0 + x1) / 2) * view.k;
  view.y = height / 2 - ((y0 + y1) / 2) * view.k;
  applyView();
}

let drawPending = false;
/** At most one DOM update per animation frame, however often the simulation ticks. */
function scheduleDraw(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; draw(); });
}

function draw(): void {
  const d: string[][] = Array.from({ length: BANDS }, () => []);
  for (const l of links) {
    const s = l.source as SimNode, t = l.target as SimNode;
    d[l.bucket]!.push(`M${(s.x ?? 0).toFixed(1)} ${(s.y ?? 0).toFixed(1)}L${(t.x ?? 0).toFixed(1)} ${(t.y ?? 0).toFixed(1)}`);
  }
  bandPaths.forEach((p, b) => p.setAttribute('d', d[b]!.join('')));
  for (const n of nodes) n.el.setAttribute('transform', `translate(${(n.x ?? 0).toFixed(1)},${(n.y ?? 0).toFixed(1)})`);
}

function open(id: string): void {
  vscode.postMessage({ type: 'openNode', id });
}

function filter(query: string): void {
  const q = query.trim().toLowerCase();
  let matches = 0;
  for (const n of nodes) {
    const hit = q !== '' && n.label.toLowerCase().includes(q);
    if (hit) matches++;
    n.el.classList.toggle('match', hit);
    n.el.classList.toggle('dim', q !== '' && !hit);
  }
  for (const p of bandPaths) p.classList.toggle('dim', q !== '');
  status.textContent = q ? `${matches} of ${nodes.length} concepts match` : `${nodes.length} concepts · ${links.length} links`;
}

function centerOn(n: SimNode): void {
  const { width, height } = svg.getBoundingClientRect();
  view.k = Math.max(view.k, 1.6);
  view.x = width / 2 - (n.x ?? 0) * view.k;
  view.y = height / 2 - (n.y ?? 0) * view.k;
  applyView();
  n.el.focus();
}

search.addEventListener('input', () => filter(search.value));
search.addEventListener('keydown', (ev) => {
  if (ev.key !== 'Enter') return;
  const q = search.value.trim().toLowerCase();
  const first = nodes.filter((n) => n.label.toLowerCase().includes(q)).sort((a, b) => b.importance - a.importance)[0];
  if (first) centerOn(first);
});

// Pan by dragging the background, zoom with the wheel around the pointer.
let drag: { x: number; y: number; vx: number; vy: number } | null = null;
svg.addEventListener('pointerdown', (ev) => {
  if ((ev.target as Element).closest('.node')) return;
  drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
  svg.setPointerCapture(ev.pointerId);
});
svg.addEventListener('pointermove', (ev) => {
  if (!drag) return;
  view.x = drag.vx + ev.clientX - drag.x;
  view.y = drag.vy + ev.clientY - drag.y;
  applyView();
});
svg.addEventListener('pointerup', () => { drag = null; });
svg.addEventListener('wheel', (ev) => {
  ev.preventDefault();
  const rect = svg.getBoundingClientRect();
  const px = ev.clientX - rect.left, py = ev.clientY - rect.top;
  const k = Math.max(0.2, Math.min(6, view.k * Math.exp(-ev.deltaY * 0.0015)));
  view.x = px - ((px - view.x) * k) / view.k;
  view.y = py - ((py - view.y) * k) / view.k;
  view.k = k;
  applyView();
}, { passive: false });

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  if (m?.type === 'graph') render(m.graph);
  else if (m?.type === 'highlight') { search.value = m.query; filter(m.query); }
});

applyView();
vscode.postMessage({ type: 'ready' });
