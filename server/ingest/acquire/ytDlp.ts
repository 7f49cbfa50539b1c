// The yt-dlp runner: our fixed flags as an argument array, the URL always after `--`, never a
// shell; its failures become one-line UserErrors.
import { create as createYtDlp } from 'yt-dlp-exec';
import { UserError, throwIfCancelled } from '../../domain/errors';
import { lastErrorLine, oneLine } from '../mediaProbe';
import type { AcquireOptions } from './types';

/** The few fields of yt-dlp's JSON that we read. */
export interface YtInfo {
  _type?: string;
  id?: string;
  title?: string;
  duration?: number | null;
  uploader?: string | null;
  channel?: string | null;
  webpage_url?: string | null;
  original_url?: string | null;
  extractor?: string | null;
  language?: string | null;
  is_live?: boolean | null;
  chapters?: { start_time?: number; end_time?: number; title?: string }[] | null;
  subtitles?: Record<string, unknown[]> | null;
  automatic_captions?: Record<string, unknown[]> | null;
  entries?: YtEntry[] | null;
}
export interface YtEntry {
  _type?: string;
  url?: string | null;
  webpage_url?: string | null;
  id?: string | null;
  ie_key?: string | null;
}

type YtFlagValue = string | number | boolean | string[];
export type YtFlags = Record<string, YtFlagValue>;

/** Our fixed flags plus the URL after `--`, so no URL can ever be read as an option. */
function withUrl(url: string, flags: YtFlags): YtFlags {
  // --ignore-config: a user's config must not add options (e.g. --exec) to our calls.
  return { ignoreConfig: true, noColor: true, ...flags, '--': [url] };
}

/**
 * Runs yt-dlp with flags (dargs style) and the URL after `--`; errors become UserErrors. A call
 * that reads a page has a time budget; a download has none overall (lectures are long) but is
 * stopped when it trickles: every progress line's rate below the floor for a whole window.
 */
export async function runYtDlp(
  url: string,
  flags: YtFlags,
  opts: AcquireOptions,
  onStdoutLine?: (line: string) => void,
): Promise<string> {
  throwIfCancelled(opts.signal);
  const bin = opts.ytDlpPath ?? 'yt-dlp';
  const yt = createYtDlp(bin);
  const child = yt.exec('', withUrl(url, { socketTimeout: 30, ...flags }) as Parameters<typeof yt.exec>[1], {
    env: { PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
    stdin: 'ignore',
  });
  let stopped: UserError | null = null;
  const stop = (why: UserError): void => {
    stopped ??= why;
    child.kill('SIGKILL');
  };
  const onAbort = (): void => {
    child.kill('SIGTERM');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const downloading = flags.progress === true;
  const watch = downloading ? new TrickleWatch() : null;
  const budget = downloading ? null : setTimeout(() => stop(new UserError(`${url} gave no answer within ${Math.round(PAGE_BUDGET_MS / 1000)} s`, 'ETIMEOUT')), PAGE_BUDGET_MS);
  const ticker = watch ? setInterval(() => {
    const slow = watch.verdict(Date.now());
    if (slow) stop(new UserError(`the download from ${url} is too slow (${slow}); try again later, or lower VIDEOINSIGHT_MIN_DOWNLOAD_RATE (bytes/s)`, 'ESLOW'));
  }, 1000) : null;
  let pending = '';
  if ((onStdoutLine || watch) && child.stdout) {
    child.stdout.on('data', (b: Buffer) => {
      pending += b.toString('utf8');
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const l of lines) {
        if (!l.trim()) continue;
        watch?.line(l, Date.now());
        onStdoutLine?.(l);
      }
    });
  }
  try {
    const res = await child;
    if (onStdoutLine && pending.trim()) onStdoutLine(pending);
    return res.stdout;
  } catch (e) {
    throwIfCancelled(opts.signal);
    if (stopped) throw stopped;
    const err = e as { code?: string; stderr?: string; exitCode?: number; message?: string };
    if (err.code === 'ENOENT') {
      throw new UserError(`yt-dlp was not found (looked for "${bin}"); install it (e.g. apt-get install yt-dlp) or configure its path`, 'ETOOL');
    }
    throw describeYtDlpError(err.stderr ?? err.message ?? '', url);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (budget) clearTimeout(budget);
    if (ticker) clearInterval(ticker);
  }
}

/** yt-dlp's stderr → one line that says what went wrong with this URL. */
export function describeYtDlpError(stderr: string, url: string): UserError {
  const errLine =
    stderr
      .split(/\r?\n/)
      .filter((l) => l.startsWith('ERROR:'))
      .pop() ?? lastErrorLine(stderr);
  if (/Connection refused|Errno 111\b|ECONNREFUSED/i.test(stderr)) return new UserError(`Cannot reach ${url}: connection refused`, 'EUNREACHABLE');
  if (/Name or service not known|nodename nor servname|getaddrinfo failed|Temporary failure in name resolution|Errno -[23]\b/i.test(stderr)) {
    return new UserError(`Cannot reach ${url}: host name not found`, 'EUNREACHABLE');
  }
  if (/timed out/i.test(errLine)) return new UserError(`Cannot reach ${url}: the connection timed out`, 'EUNREACHABLE');
  if (/Network is unreachable|No route to host/i.test(stderr)) return new UserError(`Cannot reach ${url}: network unreachable`, 'EUNREACHABLE');
  const http = /HTTP Error (\d{3}):?\s*([^(;\n]*)/.exec(errLine);
  if (http) return new UserError(`${url} answered HTTP ${http[1]}${http[2].trim() ? ' ' + http[2].trim() : ''}`, 'EDOWNLOAD');
  if (/Unsupported URL/i.test(errLine)) return new UserError(`No video found at ${url} (yt-dlp cannot read this page)`, 'EUNSUPPORTED');
  if (/No video formats found|Requested format is not available|no suitable formats/i.test(errLine)) {
    return new UserError(`No downloadable video or audio at ${url}`, 'EUNSUPPORTED');
  }
  const cleaned = errLine
    .replace(/^ERROR:\s*/, '')
    .replace(/^\[[^\]]+\]\s*(?:[\w-]+:\s*)?/, '')
    .replace(/;?\s*please report this issue.*$/i, '')
    .replace(/\s*\(caused by .*\)\s*$/i, '');
  return new UserError(`yt-dlp could not read ${url}: ${oneLine(cleaned) || 'unknown error'}`, 'EDOWNLOAD');
}

/**
 * yt-dlp's --dump-single-json output → its description of the page. The JSON comes from whatever
 * page the URL names (an extractor copies its fields through), so each field we read is kept only
 * with the type we expect: a title that is a number or chapters that are a string are dropped, not
 * read later as something they are not.
 */
export function parseInfo(json: string, url: string): YtInfo {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    v = null;
  }
  if (!isRecord(v)) throw new UserError(`yt-dlp returned no usable description of ${url}`, 'EDOWNLOAD');
  const info: YtInfo = {};
  for (const key of ['_type', 'id', 'title'] as const) if (typeof v[key] === 'string') info[key] = v[key];
  for (const key of ['uploader', 'channel', 'webpage_url', 'original_url', 'extractor', 'language'] as const) if (typeof v[key] === 'string') info[key] = v[key];
  if (typeof v.duration === 'number' && Number.isFinite(v.duration) && v.duration >= 0) info.duration = v.duration;
  if (typeof v.is_live === 'boolean') info.is_live = v.is_live;
  if (Array.isArray(v.chapters)) {
    info.chapters = v.chapters.filter(isRecord).map((c) => ({
      ...(typeof c.start_time === 'number' ? { start_time: c.start_time } : {}),
      ...(typeof c.end_time === 'number' ? { end_time: c.end_time } : {}),
      ...(typeof c.title === 'string' ? { title: c.title } : {}),
    }));
  }
  for (const key of ['subtitles', 'automatic_captions'] as const) {
    const tracks = v[key];
    if (isRecord(tracks)) info[key] = Object.fromEntries(Object.entries(tracks).filter((e): e is [string, unknown[]] => Array.isArray(e[1])));
  }
  if (Array.isArray(v.entries)) {
    info.entries = v.entries.filter(isRecord).map((e) => {
      const entry: YtEntry = {};
      for (const key of ['_type', 'url', 'webpage_url', 'id', 'ie_key'] as const) if (typeof e[key] === 'string') entry[key] = e[key];
      return entry;
    });
  }
  return info;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reading a page (metadata, a playlist) takes seconds; minutes means a hostile or broken server. */
const PAGE_BUDGET_MS = 180_000;

/**
 * Whether a download trickles: yt-dlp's progress lines ("… at 12.34KiB/s …") all below the floor
 * (VIDEOINSIGHT_MIN_DOWNLOAD_RATE bytes/s, default 4 KiB/s) for a whole window
 * (VIDEOINSIGHT_SLOW_DOWNLOAD_SEC, default 120 s). A stalled connection is yt-dlp's own socket
 * timeout; merging and converting after the download print no rates and are never judged.
 */
export class TrickleWatch {
  private readonly floor = Number(process.env.VIDEOINSIGHT_MIN_DOWNLOAD_RATE) || 4096;
  private readonly windowMs = (Number(process.env.VIDEOINSIGHT_SLOW_DOWNLOAD_SEC) || 120) * 1000;
  private slowSince: number | null = null;
  private lastRate = 0;

  line(text: string, now: number): void {
    const m = text.startsWith('[download]') ? /\bat\s+([\d.]+)\s*([KMGT]?i?B)\/s/.exec(text) : null;
    if (!m) {
      this.slowSince = null; // another phase (the next file, merging): not a trickle
      return;
    }
    const unit = { B: 1, KiB: 1024, KB: 1000, MiB: 1024 ** 2, MB: 1e6, GiB: 1024 ** 3, GB: 1e9, TiB: 1024 ** 4, TB: 1e12 }[m[2]!] ?? 1;
    this.lastRate = Number(m[1]) * unit;
    if (this.lastRate >= this.floor) this.slowSince = null;
    else this.slowSince ??= now;
  }

  /** Why to stop, or null to go on. */
  verdict(now: number): string | null {
    if (this.slowSince === null || now - this.slowSince <= this.windowMs) return null;
    return `${Math.round(this.lastRate)} bytes/s for ${Math.round(this.windowMs / 1000)} s`;
  }
}
