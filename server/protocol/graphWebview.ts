// The graph webview's message contract with the extension host, in both directions. Browser-safe:
// no Node or vscode imports. Everything here is data; the webview renders it as SVG text only.

export interface GraphViewNode {
  id: string;
  label: string;
  kind: 'concept' | 'person' | 'place' | 'organization';
  /** 0..1 → node radius. */
  importance: number;
  /** The section number as the notes headings show it ("## 2."). */
  sectionNumber: number;
  sectionTitle: string;
}

export interface GraphViewEdge {
  source: string;
  target: string;
  /** 0..1 → stroke width and link strength. */
  weight: number;
}

export interface GraphView {
  title: string;
  nodes: GraphViewNode[];
  edges: GraphViewEdge[];
}

/** Host → webview. */
export type HostMessage =
  | { type: 'graph'; graph: GraphView }
  | { type: 'highlight'; query: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'openNode'; id: string }
  | { type: 'rendered'; nodes: number; edges: number; layoutMs: number };

export function isWebviewMessage(m: unknown): m is WebviewMessage {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  if (t === 'ready') return true;
  if (t === 'openNode') return typeof (m as { id?: unknown }).id === 'string';
  if (t === 'rendered') return typeof (m as { nodes?: unknown }).nodes === 'number';
  return false;
}
