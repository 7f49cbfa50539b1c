// The concept graph webview's page and what it may load, as pure functions (no vscode import), so
// tests can check the policy: a strict CSP (nothing by default, scripts only with this page's
// nonce, styles/images/fonts only from the webview's own resource origin), and resource roots
// limited to the two folders the page shows (never the workspace or the whole extension).
import { randomBytes } from 'node:crypto';

/** Folders under the extension the graph page loads from: its bundle and the icons. */
export const GRAPH_RESOURCE_DIRS: readonly (readonly string[])[] = [['dist', 'webview'], ['media']];

/** A fresh nonce per page: 128 random bits, base64. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface GraphPageSources {
  /** The webview's `cspSource` (its resource origin). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function graphCsp(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `img-src ${cspSource}`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

/** The page: no inline script or style, no data from graph.json (that arrives later as a message). */
export function graphHtml(p: GraphPageSources): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(graphCsp(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>Concept graph</title></head>
<body><header><span id="title"></span><input id="search" type="search" placeholder="Find a concept" aria-label="Find a concept"><span id="status">loading…</span></header>
<svg id="graph" role="img" aria-label="Concept graph"></svg>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script></body></html>`;
}
