// The player webview's message contract with the extension host, in both directions, plus the
// pure helpers both sides share (YouTube id and embed URL, the page's CSP). Browser-safe: no Node
// or vscode imports. A message from the webview is untrusted data until a guard here accepts it.
import { httpUrl } from '../domain/videoLink';

/** What the player plays: a file the webview may load, or a YouTube embed. */
export type PlayerSource =
  | { kind: 'media'; src: string; hasVideo: boolean }
  | { kind: 'youtube'; videoId: string };

/** Host → webview. */
export type ToPlayer =
  | { type: 'load'; source: PlayerSource; title: string; startSec: number }
  | { type: 'seek'; sec: number; play: boolean };

/** Webview → host. */
export type FromPlayer =
  | { type: 'ready' }
  /** About four times a second while playing, and after every seek. */
  | { type: 'time'; sec: number; playing: boolean }
  | { type: 'copyCitation'; sec: number }
  | { type: 'error'; message: string };

const isSec = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e7;

export function isFromPlayer(m: unknown): m is FromPlayer {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  switch (r['type']) {
    case 'ready': return true;
    case 'time': return isSec(r['sec']) && typeof r['playing'] === 'boolean';
    case 'copyCitation': return isSec(r['sec']);
    case 'error': return typeof r['message'] === 'string' && r['message'].length <= 500;
    default: return false;
  }
}

export function isToPlayer(m: unknown): m is ToPlayer {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (r['type'] === 'seek') return isSec(r['sec']) && typeof r['play'] === 'boolean';
  if (r['type'] !== 'load' || !isSec(r['startSec']) || typeof r['title'] !== 'string') return false;
  const s = r['source'] as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null) return false;
  if (s['kind'] === 'media') return typeof s['src'] === 'string' && typeof s['hasVideo'] === 'boolean';
  return s['kind'] === 'youtube' && typeof s['videoId'] === 'string' && YT_ID.test(s['videoId']);
}

const YT_ID = /^[A-Za-z0-9_-]{11}$/;
export const YOUTUBE_EMBED_ORIGIN = 'https://www.youtube-nocookie.com';

/** The video id of a youtube.com / youtu.be page URL, else null. */
export function youtubeId(url: string | null): string | null {
  const u = httpUrl(url);
  if (!u) return null;
  let id: string | null = null;
  if (/(^|\.)youtube\.com$/.test(u.hostname)) id = u.pathname === '/watch' ? u.searchParams.get('v') : /^\/(?:embed|shorts|live)\/([^/]+)/.exec(u.pathname)?.[1] ?? null;
  else if (u.hostname === 'youtu.be') id = u.pathname.slice(1);
  return id && YT_ID.test(id) ? id : null;
}

/** The embed at a second (the iframe API on, so the page can seek it). */
export function youtubeEmbedUrl(videoId: string, sec: number): string {
  if (!YT_ID.test(videoId)) throw new Error('not a YouTube video id');
  return `${YOUTUBE_EMBED_ORIGIN}/embed/${videoId}?start=${Math.floor(Math.max(0, sec))}&enablejsapi=1&rel=0`;
}

/**
 * The page's CSP: own script by nonce; media from the webview's resource origin, or a blob the page
 * made of it (fetched from that origin only); frames only YouTube's embed origin.
 */
export function playerCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `media-src ${cspSource} blob:`,
    `connect-src ${cspSource}`,
    `frame-src ${YOUTUBE_EMBED_ORIGIN}`,
  ].join('; ');
}

/** "[m:ss](transcript.md#t-N)": the notes' own citation syntax for a second. */
export function citationFor(sec: number, clock: (s: number) => string): string {
  const s = Math.floor(Math.max(0, sec));
  return `[${clock(s)}](transcript.md#t-${s})`;
}
