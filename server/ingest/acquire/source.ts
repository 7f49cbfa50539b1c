// What the user typed → a URL or a local file, and the stable key a job is filed under.
// Validation only: no network, no file reads beyond "does this exist".
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/errors';
import { oneLine } from '../mediaProbe';

export type ParsedSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

// Schemes that are never a video source, whatever exists on disk.
const REFUSED_SCHEMES = new Set(['file', 'ftp', 'ftps', 'sftp', 'javascript', 'data', 'vbscript', 'blob', 'about', 'mailto', 'ws', 'wss']);

/**
 * Validates without touching the network: http/https URLs only (ftp:, file:, javascript:, data: →
 * UserError); something that looks like an option ("--exec=...", "-x") → UserError; otherwise a
 * local path resolved to absolute.
 */
export function parseSource(input: string): ParsedSource {
  const s = input.trim();
  if (s === '') throw new UserError('No video given: pass a URL (http/https) or a media file path', 'ESOURCE');
  if (s.startsWith('-')) {
    // An option smuggled in as a source would reach yt-dlp/ffmpeg as a flag.
    throw new UserError(
      `"${oneLine(s)}" looks like a command-line option, not a video URL or file (for a file whose name starts with "-", write ./${oneLine(s)})`,
      'ESOURCE',
    );
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new UserError(`"${oneLine(s)}" is not a valid URL`, 'ESOURCE');
    }
    if (!url.hostname) throw new UserError(`"${oneLine(s)}" is not a valid URL (no host)`, 'ESOURCE');
    return { kind: 'url', url: url.href };
  }
  // A single letter before ":" is a Windows drive ("C:\talks\a.mp4"), not a scheme.
  if (scheme && scheme.length > 1) {
    const exists = fs.existsSync(s);
    if (REFUSED_SCHEMES.has(scheme) || (!exists && s.slice(scheme.length + 1).startsWith('//'))) {
      throw new UserError(`Unsupported source "${oneLine(s)}": only http(s) URLs and local files are accepted, not ${scheme}:`, 'ESOURCE');
    }
  }
  return { kind: 'file', path: path.resolve(s) };
}

/** The stable identity used to key a job: absolute path (for files) or the normalized URL. */
export function sourceKey(p: ParsedSource): string {
  if (p.kind === 'file') return p.path;
  return normalizeUrl(p.url);
}

/** Same video → same key: no fragment, no tracking parameters, YouTube forms collapsed to one. */
export function normalizeUrl(href: string): string {
  const u = new URL(href);
  u.hash = '';
  const host = u.hostname.toLowerCase().replace(/^(www\.|m\.|music\.)/, '');
  let ytId: string | null = null;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    if (u.pathname === '/watch') ytId = u.searchParams.get('v');
    else ytId = /^\/(?:shorts|embed|live|v)\/([\w-]{6,})/.exec(u.pathname)?.[1] ?? null;
  } else if (host === 'youtu.be') {
    ytId = /^\/([\w-]{6,})/.exec(u.pathname)?.[1] ?? null;
  }
  if (ytId && /^[\w-]+$/.test(ytId)) return `https://www.youtube.com/watch?v=${ytId}`;
  for (const k of [...u.searchParams.keys()]) {
    if (/^(utm_\w+|fbclid|gclid|si)$/i.test(k)) u.searchParams.delete(k);
  }
  return u.href;
}
