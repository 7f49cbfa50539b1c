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

/** Runs yt-dlp with flags (dargs style) and the URL after `--`; errors become UserErrors. */
export async function runYtDlp(
  url: string,
  flags: YtFlags,
  opts: AcquireOptions,
  onStdoutLine?: (line: string) => void,
): Promise<string> {
  throwIfCancelled(opts.signal);
  const bin = opts.ytDlpPath ?? 'yt-dlp';
  const yt = createYtDlp(bin);
  const child = yt.exec('', withUrl(url, flags) as Parameters<typeof yt.exec>[1], {
    env: { PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
    stdin: 'ignore',
  });
  const onAbort = (): void => {
    child.kill('SIGTERM');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let pending = '';
  if (onStdoutLine && child.stdout) {
    child.stdout.on('data', (b: Buffer) => {
      pending += b.toString('utf8');
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) onStdoutLine(l);
    });
  }
  try {
    const res = await child;
    if (onStdoutLine && pending.trim()) onStdoutLine(pending);
    return res.stdout;
  } catch (e) {
    throwIfCancelled(opts.signal);
    const err = e as { code?: string; stderr?: string; exitCode?: number; message?: string };
    if (err.code === 'ENOENT') {
      throw new UserError(`yt-dlp was not found (looked for "${bin}"); install it (e.g. apt-get install yt-dlp) or configure its path`, 'ETOOL');
    }
    throw describeYtDlpError(err.stderr ?? err.message ?? '', url);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
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

/** yt-dlp's --dump-single-json output → its description of the page. */
export function parseInfo(json: string, url: string): YtInfo {
  try {
    const v: unknown = JSON.parse(json);
    if (v && typeof v === 'object') return v as YtInfo;
  } catch {
    /* fall through */
  }
  throw new UserError(`yt-dlp returned no usable description of ${url}`, 'EDOWNLOAD');
}
