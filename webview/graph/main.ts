// Concept graph view: a force-directed SVG (d3-force), so every node is a DOM element (clickable,
// focusable, testable). Node radius = importance, edge width = weight, colours from the VS Code
// theme's CSS variables. Labels are set with textContent: nothing from a transcript becomes markup.
// Readable at 500 concepts: labels live in screen space above the nodes and only those that overlap
// no stronger label show (labelPlacement.ts); links are thinned to the strongest per concept (a
// control shows more); the view fits on open, when the layout settles, on resize and on "Fit"; the
// layout's random jiggle is seeded from the graph, so the same graph opens the same way.
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type Simulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import type { GraphView, GraphViewNode, HostMessage, WebviewMessage } from '../../server/protocol/graphWebview';
import { strongestEdges } from './edgeThinning';
import { placeLabels, type LabelBox } from './labelPlacement';
import { seededRandom } from './seededRandom';
import './graph.css';

interface VsCodeApi { postMessage(m: WebviewMessage): void; setState(s: unknown): void; getState(): unknown }
declare function acquireVsCodeApi(): VsCodeApi;

type SimNode = GraphViewNode & SimulationNodeDatum & { r: number; el: SVGGElement; labelEl: SVGTextElement; labelW: number; shown: boolean };
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
// Outside the zoomed group: labels keep their size at any zoom and are drawn above every circle.
const labelLayer = document.createElementNS(SVG_NS, 'g');
edgeLayer.setAttribute('class', 'edges');
nodeLayer.setAttribute('class', 'nodes');
labelLayer.setAttribute('class', 'labels');
viewport.append(edgeLayer, nodeLayer);
svg.append(viewport, labelLayer);
const search = document.getElementById('search') as HTMLInputElement;
const status = document.getElementById('status') as HTMLElement;
const title = document.getElementById('title') as HTMLElement;

// Controls made here (not in the host's HTML), so every page that loads the bundle has them.
const header = search.parentElement!;
const linkChoice = document.createElement('select');
linkChoice.id = 'links';
linkChoice.title = 'Links shown per concept: its strongest';
for (const [value, text] of [['3', '3 links each'], ['6', '6 links each'], ['all', 'all links']] as const) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  linkChoice.append(o);
}
const fitButton = document.createElement('button');
fitButton.id = 'fit';
fitButton.textContent = 'Fit';
fitButton.title = 'Fit the whole graph in view';
const legend = document.createElement('span');
legend.id = 'legend';
header.insertBefore(linkChoice, status);
header.insertBefore(fitButton, status);
header.append(legend);

/** Links that shape the layout: the strongest per concept, whatever the control shows. */
const LAYOUT_LINKS_PER_NODE = 3;
const LABEL_FONT_PX = 11;
const measure = document.createElement('canvas').getContext('2d');

let sim: Simulation<SimNode, SimLink> | null = null;
let nodes: SimNode[] = [];
let links: SimLink[] = [];
let graphEdges: GraphView['edges'] = [];
const view = { x: 0, y: 0, k: 1 };
/** True until the user pans or zooms: the view keeps fitting the graph while the layout settles. */
let autoFit = true;
/** Hovered or focused node: its label shows above all others. */
let pointed: string | null = null;

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function applyView(): void {
  viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
  placeAndDrawLabels();
}

/** Shows the labels that fit (strongest first, then by importance) at their nodes' screen positions. */
function placeAndDrawLabels(): void {
  const { width, height } = svgSize();
  const q = search.value.trim().toLowerCase();
  const boxes: LabelBox[] = [];
  for (const n of nodes) {
    const sx = view.x + (n.x ?? 0) * view.k, sy = view.y + (n.y ?? 0) * view.k - n.r * view.k - 4;
    const priority = n.importance + (n.id === pointed ? 20 : 0) + (q && n.label.toLowerCase().includes(q) ? 10 : 0);
    boxes.push({ id: n.id, x: sx - n.labelW / 2, y: sy - LABEL_FONT_PX, w: n.labelW, h: LABEL_FONT_PX + 3, priority });
  }
  const shown = placeLabels(boxes, { w: width, h: height });
  nodes.forEach((n, i) => {
    const on = shown.has(n.id);
    if (on !== n.shown) { n.shown = on; n.labelEl.classList.toggle('on', on); }
    if (on) {
      const b = boxes[i]!;
      n.labelEl.setAttribute('transform', `translate(${(b.x + b.w / 2).toFixed(1)},${(b.y + LABEL_FONT_PX).toFixed(1)})`);
    }
  });
}

/** The graph area's size, read once per resize (reading it per frame would force a layout each time). */
let size: { width: number; height: number } | null = null;
function svgSize(): { width: number; height: number } {
  if (!size) { const r = svg.getBoundingClientRect(); size = { width: r.width, height: r.height }; }
  return size;
}

/** Label widths by canvas text metrics (no layout); the font is set once per graph. */
function labelWidth(text: string): number {
  if (!measure) return text.length * LABEL_FONT_PX * 0.6;
  // + the halo's stroke on both sides
  return measure.measureText(text).width + 4;
}

function render(graph: GraphView): void {
  const t0 = performance.now();
  sim?.stop();
  edgeLayer.replaceChildren();
  nodeLayer.replaceChildren();
  labelLayer.replaceChildren();
  title.textContent = graph.title;
  const previous = new Map(nodes.map((n) => [n.id, n]));
  const widths = new Map<string, number>();
  if (measure) measure.font = `${LABEL_FONT_PX}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;

  nodes = graph.nodes.map((n) => {
    const r = 4 + 14 * Math.max(0, Math.min(1, n.importance));
    const g = el('g', { class: `node kind-${n.kind}`, tabindex: 0, role: 'button', 'data-id': n.id });
    g.setAttribute('aria-label', `${n.label}, section ${n.sectionNumber}: ${n.sectionTitle}`);
    const circle = el('circle', { r });
    const tip = el('title', {});
    tip.textContent = `${n.label} — §${n.sectionNumber} ${n.sectionTitle} (importance ${n.importance.toFixed(2)})`;
    g.append(circle, tip);
    g.addEventListener('click', (ev) => { ev.stopPropagation(); open(n.id); });
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(n.id); } });
    const point = (on: boolean) => () => { pointed = on ? n.id : pointed === n.id ? null : pointed; placeAndDrawLabels(); };
    g.addEventListener('pointerenter', point(true));
    g.addEventListener('pointerleave', point(false));
    g.addEventListener('focus', point(true));
    g.addEventListener('blur', point(false));
    nodeLayer.append(g);
    const label = el('text', { 'text-anchor': 'middle', 'data-id': n.id });
    label.textContent = n.label;
    labelLayer.append(label);
    const labelW = widths.get(n.label) ?? labelWidth(n.label);
    widths.set(n.label, labelW);
    const old = previous.get(n.id);
    return { ...n, r, el: g, labelEl: label, labelW, shown: false, x: old?.x, y: old?.y };
  });
  showLegend(graph);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  bandPaths = Array.from({ length: BANDS }, (_, b) => {
    const w = (b + 0.5) / BANDS;
    const p = el('path', { 'stroke-width': (0.5 + 3 * w).toFixed(2), 'stroke-opacity': (0.25 + 0.6 * w).toFixed(2), fill: 'none' });
    edgeLayer.append(p);
    return p;
  });
  graphEdges = graph.edges.filter((e) => byId.has(e.source) && byId.has(e.target));
  const toLinks = (edges: GraphView['edges']): SimLink[] => edges.map((e) => ({
    source: byId.get(e.source)!, target: byId.get(e.target)!, weight: e.weight, bucket: Math.min(BANDS - 1, Math.max(0, Math.floor(e.weight * BANDS))),
  }));
  links = toLinks(shownEdges());

  const { width, height } = svgSize();
  sim = forceSimulation<SimNode, SimLink>(nodes)
    .randomSource(seededRandom(`${graph.title}|${graph.nodes.length}|${graph.edges.length}`))
    .force('link', forceLink<SimNode, SimLink>(toLinks(strongestEdges(graphEdges, LAYOUT_LINKS_PER_NODE))).id((d) => d.id).distance((l) => 40 + 60 * (1 - l.weight)).strength((l) => 0.1 + 0.6 * l.weight))
    .force('charge', forceManyBody<SimNode>().strength((d) => -30 - 120 * d.importance).theta(0.9))
    .force('collide', forceCollide<SimNode>((d) => d.r + 2))
    .force('center', forceCenter(width / 2, height / 2))
    .force('x', forceX(width / 2).strength(0.03))
    .force('y', forceY(height / 2).strength(0.03))
    .alphaMin(0.02)
    .on('tick', scheduleDraw)
    .on('end', () => { if (autoFit) fitView(); });
  // Settle most of the layout before the first paint (no "explosion"); the rest animates.
  sim.stop();
  const warm = previous.size ? 20 : Math.min(80, 30 + nodes.length / 10);
  for (let i = 0; i < warm; i++) sim.tick();
  if (!previous.size) autoFit = true;
  if (autoFit) fitView(); else applyView();
  draw();
  sim.alpha(0.3).restart();
  filter(search.value);
  const layoutMs = Math.round(performance.now() - t0);
  vscode.postMessage({ type: 'rendered', nodes: nodes.length, edges: links.length, layoutMs });
}

function shownEdges(): GraphView['edges'] {
  return strongestEdges(graphEdges, linkChoice.value === 'all' ? Infinity : Number(linkChoice.value));
}

function showLegend(graph: GraphView): void {
  const kinds = [...new Set(graph.nodes.map((n) => n.kind))].sort();
  legend.replaceChildren(...kinds.map((k) => {
    const item = document.createElement('span');
    item.className = `legend-item kind-${k}`;
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    item.append(swatch, document.createTextNode(k));
    return item;
  }));
}

/** Zoom so the whole graph fills the view (labels included): a 4-node graph is not a speck, 500 nodes fit the screen. */
function fitView(): void {
  const { width, height } = svgSize();
  if (!nodes.length || !width || !height) return;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const n of nodes) {
    x0 = Math.min(x0, (n.x ?? 0) - n.r); y0 = Math.min(y0, (n.y ?? 0) - n.r);
    x1 = Math.max(x1, (n.x ?? 0) + n.r); y1 = Math.max(y1, (n.y ?? 0) + n.r);
  }
  // Room for a label above the top node and half a label beside the outermost ones.
  const padX = 24 + 80, padTop = 24 + LABEL_FONT_PX + 6, padBottom = 24;
  view.k = Math.max(0.05, Math.min(2.5, Math.min((width - padX) / (x1 - x0 || 1), (height - padTop - padBottom) / (y1 - y0 || 1))));
  view.x = width / 2 - ((x0 + x1) / 2) * view.k;
  view.y = padTop + (height - padTop - padBottom) / 2 - ((y0 + y1) / 2) * view.k;
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
  placeAndDrawLabels();
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
  status.textContent = q ? `${matches} of ${nodes.length} concepts match`
    : `${nodes.length} concepts · ${links.length === graphEdges.length ? '' : `${links.length} of `}${graphEdges.length} links`;
}

function centerOn(n: SimNode): void {
  const { width, height } = svgSize();
  autoFit = false;
  view.k = Math.max(view.k, 1.6);
  view.x = width / 2 - (n.x ?? 0) * view.k;
  view.y = height / 2 - (n.y ?? 0) * view.k;
  applyView();
  n.el.focus();
}

search.addEventListener('input', () => { filter(search.value); placeAndDrawLabels(); });
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
  autoFit = false;
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
  autoFit = false;
  const rect = svg.getBoundingClientRect();
  const px = ev.clientX - rect.left, py = ev.clientY - rect.top;
  const k = Math.max(0.2, Math.min(6, view.k * Math.exp(-ev.deltaY * 0.0015)));
  view.x = px - ((px - view.x) * k) / view.k;
  view.y = py - ((py - view.y) * k) / view.k;
  view.k = k;
  applyView();
}, { passive: false });

fitButton.addEventListener('click', () => { autoFit = true; fitView(); });
linkChoice.addEventListener('change', () => {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  links = shownEdges().map((e) => ({ source: byId.get(e.source)!, target: byId.get(e.target)!, weight: e.weight, bucket: Math.min(BANDS - 1, Math.max(0, Math.floor(e.weight * BANDS))) }));
  draw();
  filter(search.value);
});
// The panel grows or shrinks (a split, a sidebar): fit again.
new ResizeObserver(() => { size = null; fitView(); }).observe(svg);

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  if (m?.type === 'graph') render(m.graph);
  else if (m?.type === 'highlight') { search.value = m.query; filter(m.query); placeAndDrawLabels(); }
});

applyView();
vscode.postMessage({ type: 'ready' });
