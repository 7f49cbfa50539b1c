// A loopback HTTP server for tests that need a real web source: yt-dlp downloads, model pulls.
// Serves a folder (with HTTP Range, so resumable clients can be tested) plus in-memory routes
// such as an HTML page with a <video> tag for yt-dlp's generic/html5 extractor.
// Listens on 127.0.0.1 with an OS-chosen port; always call close().
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface StaticRoute {
  body: string | Buffer;
  contentType: string;
  status?: number;
}

export interface StaticServerOptions {
  /** Extra in-memory responses by URL path ("/page.html"); they win over files. */
  routes?: Record<string, StaticRoute>;
  /**
   * Simulates a failing download: on the `onGet`-th GET of a path (default the 1st), after
   * `afterBytes` body bytes the connection is cut ('close', the default) or left hanging with
   * no more data ('stall', until the client gives up or close()). Other requests are served in full.
   */
  breakConnection?: Record<string, { afterBytes: number; onGet?: number; mode?: 'close' | 'stall' }>;
}

export interface RequestRecord {
  method: string;
  path: string;
  range: string | null;
}

export interface StaticServer {
  /** "http://127.0.0.1:PORT" (no trailing slash). */
  origin: string;
  port: number;
  /** Absolute URL for a path under the server: url('/a b.mp4') percent-encodes as needed. */
  url(p: string): string;
  /** Every request seen, in order (for asserting e.g. that a client resumed with Range). */
  requests: RequestRecord[];
  /** Adds or replaces an in-memory route while running. */
  setRoute(p: string, route: StaticRoute): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface VideoPageOptions {
  title: string;
  /** Path or URL of the media, e.g. "/clip.mp4". */
  src: string;
  /** Optional <track> elements (WebVTT captions). */
  tracks?: { src: string; lang: string; label?: string }[];
}

/** An HTML page with one <video> tag: what yt-dlp's html5 extractor recognises. */
export function videoPage(opts: VideoPageOptions): string {
  const tracks = (opts.tracks ?? [])
    .map((t) => `    <track kind="captions" src="${escapeHtml(t.src)}" srclang="${escapeHtml(t.lang)}" label="${escapeHtml(t.label ?? t.lang)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>${escapeHtml(opts.title)}</title></head>
<body>
  <h1>${escapeHtml(opts.title)}</h1>
  <video controls>
    <source src="${escapeHtml(opts.src)}" type="${contentTypeFor(opts.src).split(';')[0]}">
${tracks}
  </video>
</body>
</html>
`;
}

/** Parses a single "bytes=a-b" range against a size; null when absent or unsatisfiable. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    // Suffix range: the last N bytes.
    const n = Number(m[2]);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

export async function startStaticServer(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const rootAbs = path.resolve(root);
  const routes = new Map<string, StaticRoute>(Object.entries(options.routes ?? {}));
  const breaks = new Map(Object.entries(options.breakConnection ?? {}));
  const getCounts = new Map<string, number>();
  const requests: RequestRecord[] = [];

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    requests.push({ method, path: urlPath, range: req.headers.range ?? null });

    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }

    let body: Buffer | null = null;
    let filePath: string | null = null;
    let contentType: string;
    let status = 200;
    const route = routes.get(urlPath);
    if (route) {
      body = Buffer.isBuffer(route.body) ? route.body : Buffer.from(route.body, 'utf8');
      contentType = route.contentType;
      status = route.status ?? 200;
    } else {
      const candidate = path.resolve(rootAbs, '.' + urlPath);
      // Never serve outside the root ("/../etc/passwd").
      if (candidate !== rootAbs && !candidate.startsWith(rootAbs + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      let st: fs.Stats;
      try {
        st = fs.statSync(candidate);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      if (!st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      filePath = candidate;
      contentType = contentTypeFor(candidate);
    }

    const size = body ? body.length : fs.statSync(filePath as string).size;
    const range = status === 200 ? parseRange(req.headers.range, size) : null;
    if (range === 'invalid') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    const start = range ? range.start : 0;
    const end = range ? range.end : size - 1;
    const length = Math.max(0, end - start + 1);
    res.writeHead(range ? 206 : status, {
      'Content-Type': contentType,
      'Content-Length': String(length),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (method === 'HEAD' || length === 0) {
      res.end();
      return;
    }

    let cut: number | undefined;
    let stall = false;
    if (method === 'GET') {
      const n = (getCounts.get(urlPath) ?? 0) + 1;
      getCounts.set(urlPath, n);
      const b = breaks.get(urlPath);
      if (b && n === (b.onGet ?? 1)) {
        cut = b.afterBytes;
        stall = b.mode === 'stall';
      }
    }
    const limit = cut !== undefined ? Math.min(length, cut) : length;
    // After the cut: drop the connection, or keep it open and silent.
    const finishCut = (): void => {
      if (!stall) res.destroy();
    };

    if (body) {
      const slice = body.subarray(start, start + limit);
      if (cut !== undefined && limit < length) {
        res.write(slice, finishCut);
      } else {
        res.end(slice);
      }
      return;
    }
    const stream = fs.createReadStream(filePath as string, { start, end: start + limit - 1 });
    if (cut !== undefined && limit < length) {
      stream.on('end', finishCut);
      stream.pipe(res, { end: false });
    } else {
      stream.pipe(res);
    }
    stream.on('error', () => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (p: string) => origin + p.split('/').map((seg) => encodeURIComponent(seg)).join('/'),
    requests,
    setRoute: (p, r) => {
      routes.set(p, r);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open.
        server.closeAllConnections();
      }),
  };
}
