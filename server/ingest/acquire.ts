// acquire stage: a URL (through yt-dlp) or a local file → a local media file plus metadata
// (title, duration, uploader, chapters, captions). Every failure a user can cause becomes a
// one-line UserError. Nothing from the user goes through a shell: yt-dlp, ffprobe and ffmpeg
// get argument arrays, and the URL is always passed after `--`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { create as createYtDlp } from 'yt-dlp-exec';
import { audioDurationSec, lastErrorLine, probeMedia, runTool, type MediaProbe } from './mediaProbe';
import { type AcquiredMedia, type CaptionTrack, type Chapter } from '../domain/types';
import { UserError, throwIfCancelled } from '../domain/errors';
import { uniqueTempPath } from '../domain/tempName';

export interface AcquireOptions {
  workDir: string;
  ytDlpPath?: string;
  ffprobePath?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

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
function normalizeUrl(href: string): string {
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

function oneLine(s: string, max = 200): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

// ───────────────────────────── yt-dlp ─────────────────────────────

/** The few fields of yt-dlp's JSON that we read. */
interface YtInfo {
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
interface YtEntry {
  _type?: string;
  url?: string | null;
  webpage_url?: string | null;
  id?: string | null;
  ie_key?: string | null;
}

type YtFlagValue = string | number | boolean | string[];
type YtFlags = Record<string, YtFlagValue>;

/** Our fixed flags plus the URL after `--`, so no URL can ever be read as an option. */
function withUrl(url: string, flags: YtFlags): YtFlags {
  // --ignore-config: a user's config must not add options (e.g. --exec) to our calls.
  return { ignoreConfig: true, noColor: true, ...flags, '--': [url] };
}

/** Runs yt-dlp with flags (dargs style) and the URL after `--`; errors become UserErrors. */
async function runYtDlp(
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

/** yt-dlp leaves internal data in a fragment ("#__youtubedl_smuggle=..."); drop it. */
function cleanEntryUrl(u: string): string {
  return u.replace(/#__youtubedl_smuggle=.*$/, '');
}

/** A playlist URL → one URL per entry (yt-dlp --flat-playlist -J); anything else → [input]. */
export async function expandSource(input: string, opts: AcquireOptions): Promise<string[]> {
  const parsed = parseSource(input);
  if (parsed.kind === 'file') return [input];
  const json = await runYtDlp(parsed.url, { dumpSingleJson: true, flatPlaylist: true, noWarnings: true }, opts);
  const info = parseInfo(json, parsed.url);
  if (info._type !== 'playlist') return [input];
  const urls: string[] = [];
  for (const e of info.entries ?? []) {
    let u: string | null = null;
    if (e.url && /^https?:\/\//i.test(e.url)) u = cleanEntryUrl(e.url);
    else if (e.webpage_url && /^https?:\/\//i.test(e.webpage_url)) u = e.webpage_url;
    else if (e.id && /^youtube$/i.test(e.ie_key ?? '')) u = `https://www.youtube.com/watch?v=${e.id}`;
    if (u && !urls.includes(u)) urls.push(u);
    else if (!u) opts.log?.(`playlist entry ${e.id ?? '?'} has no URL; skipped`);
  }
  if (urls.length === 0) throw new UserError(`The playlist at ${parsed.url} has no entries`, 'EUNSUPPORTED');
  opts.log?.(`playlist: ${urls.length} entries`);
  return urls;
}

function parseInfo(json: string, url: string): YtInfo {
  try {
    const v: unknown = JSON.parse(json);
    if (v && typeof v === 'object') return v as YtInfo;
  } catch {
    /* fall through */
  }
  throw new UserError(`yt-dlp returned no usable description of ${url}`, 'EDOWNLOAD');
}

interface CaptionChoice {
  langs: string[];
  kind: 'manual' | 'auto';
}

/** Manual captions over automatic; the video's own language first, then English; a few at most. */
export function chooseCaptions(info: Pick<YtInfo, 'subtitles' | 'automatic_captions' | 'language'>): CaptionChoice | null {
  const lang = (info.language ?? '').toLowerCase();
  const rank = (l: string): number => {
    const x = l.toLowerCase();
    if (lang && x === lang) return 0;
    if (lang && x.split('-')[0] === lang.split('-')[0]) return 1;
    if (x === 'en') return 2;
    if (x.startsWith('en')) return 3;
    return 4;
  };
  const manual = Object.keys(info.subtitles ?? {}).filter((l) => !l.startsWith('live_chat'));
  if (manual.length) {
    const sorted = [...manual].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return { langs: sorted.slice(0, 3), kind: 'manual' };
  }
  const auto = Object.keys(info.automatic_captions ?? {});
  if (!auto.length) return null;
  // YouTube offers a machine translation into every language; only the original is worth having.
  const wanted = [lang && `${lang}-orig`, lang, 'en-orig', 'en'].filter((x): x is string => !!x);
  for (const w of wanted) {
    const hit = auto.find((l) => l.toLowerCase() === w);
    if (hit) return { langs: [hit], kind: 'auto' };
  }
  return auto.length === 1 ? { langs: auto, kind: 'auto' } : null;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface CachedAcquire {
  version: 1;
  sourceKey: string;
  media: AcquiredMedia;
}

/** Is a cached result still valid (media and captions still on disk)? */
function readCache(file: string, key: string): AcquiredMedia | null {
  try {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as CachedAcquire;
    if (c.version !== 1 || c.sourceKey !== key) return null;
    const st = fs.statSync(c.media.mediaPath);
    if (!st.isFile() || st.size === 0) return null;
    if (!c.media.captions.every((t) => fs.existsSync(t.path))) return null;
    return c.media;
  } catch {
    return null;
  }
}

function writeFileAtomic(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

async function acquireUrl(url: string, opts: AcquireOptions): Promise<AcquiredMedia> {
  const key = normalizeUrl(url);
  fs.mkdirSync(opts.workDir, { recursive: true });
  // One base name per source, so one work folder can hold several downloads without clashes.
  const base = 'src-' + crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
  const cacheFile = path.join(opts.workDir, `${base}.acquire.json`);
  const cached = readCache(cacheFile, key);
  if (cached) {
    opts.log?.(`acquire: re-using ${path.basename(cached.mediaPath)} already downloaded`);
    return cached;
  }

  opts.log?.(`acquire: reading ${url} with yt-dlp`);
  const json = await runYtDlp(url, { dumpSingleJson: true, noPlaylist: true, flatPlaylist: true, noWarnings: true }, opts);
  const info = parseInfo(json, url);
  if (info._type === 'playlist') {
    throw new UserError(`${url} is a playlist (${info.entries?.length ?? 0} entries), not a single video: expand it into one job per entry`, 'EPLAYLIST');
  }
  if (info.is_live) throw new UserError(`${url} is a live stream; only finished videos can be turned into notes`, 'EUNSUPPORTED');
  const infoPath = path.join(opts.workDir, `${base}.info.json`);
  writeFileAtomic(infoPath, json);

  const captionChoice = chooseCaptions(info);
  const flags: YtFlags = {
    loadInfoJson: infoPath,
    // Video is only needed for keyframes: cap it at 720p so a long lecture stays a sane download.
    format: 'bv*[height<=?720]+ba/b[height<=?720]/b/b*',
    // "%" in the folder name would be read as a template field.
    output: path.join(opts.workDir.replace(/%/g, '%%'), `${base}.%(ext)s`),
    // Resume a partial download (.part) instead of starting over.
    continue: true,
    noPlaylist: true,
    newline: true,
    progress: true,
    print: 'after_move:VIFILE:%(filepath)s',
  };
  if (captionChoice) {
    flags[captionChoice.kind === 'manual' ? 'writeSubs' : 'writeAutoSubs'] = true;
    flags.subLangs = captionChoice.langs.map(escapeRegex).join(',');
    flags.subFormat = 'vtt/best';
    flags.convertSubs = 'vtt';
  }
  let mediaPath: string | null = null;
  let lastLog = 0;
  await runYtDlp(url, flags, opts, (line) => {
    if (line.startsWith('VIFILE:')) mediaPath = line.slice('VIFILE:'.length).trim();
    else if (opts.log && line.startsWith('[download]')) {
      const now = Date.now();
      if (now - lastLog > 2000 || /100(\.0)?%/.test(line)) {
        lastLog = now;
        opts.log(line);
      }
    }
  });
  if (!mediaPath || !fs.existsSync(mediaPath)) mediaPath = findDownloaded(opts.workDir, base);
  if (!mediaPath) throw new UserError(`yt-dlp finished but no media file from ${url} was found in ${opts.workDir}`, 'EDOWNLOAD');

  const probe = await probeMedia(mediaPath, { ffprobePath: opts.ffprobePath, signal: opts.signal });
  if (!probe.hasAudio) throw new UserError(`The video at ${url} has no audio track, so there is nothing to transcribe`, 'ENOAUDIO');

  const captions: CaptionTrack[] = [];
  if (captionChoice) {
    for (const f of fs.readdirSync(opts.workDir).sort()) {
      const m = new RegExp(`^${escapeRegex(base)}\\.(.+)\\.vtt$`).exec(f);
      if (m) captions.push({ path: path.join(opts.workDir, f), format: 'vtt', lang: m[1], kind: captionChoice.kind });
    }
  }

  const durationSec = probe.durationSec ?? info.duration ?? 0;
  // The site's chapters (YouTube's come from the description); else any inside the file itself.
  const siteChapters = chaptersFromInfo(info, durationSec);
  const chapters = siteChapters.length ? siteChapters : probe.chapters;

  let title = (info.title ?? '').trim();
  // yt-dlp's html5 extractor numbers a page's videos ("Talk (1)") even when there is one.
  if (info.extractor === 'html5' && /-1$/.test(info.id ?? '')) title = title.replace(/ \(1\)$/, '');
  // A direct file link only yields the file name as title; the file's own title tag says more.
  if (info.extractor === 'generic' && probe.tags['title']?.trim()) title = probe.tags['title'].trim();

  const media: AcquiredMedia = {
    sourceKey: key,
    sourceKind: 'url',
    mediaPath,
    title: title || info.id || new URL(url).hostname,
    durationSec,
    uploader: info.uploader ?? info.channel ?? null,
    webpageUrl: info.webpage_url ?? url,
    chapters,
    captions,
    hasAudio: probe.hasAudio,
    hasVideo: probe.hasVideo,
  };
  const cache: CachedAcquire = { version: 1, sourceKey: key, media };
  writeFileAtomic(cacheFile, JSON.stringify(cache, null, 2));
  opts.log?.(`acquire: ${describeMedia(media)}`);
  return media;
}

/** yt-dlp's chapters → ours: sorted, untitled ones numbered, a missing end taken from the next start. */
export function chaptersFromInfo(info: Pick<YtInfo, 'chapters'>, durationSec: number): Chapter[] {
  const raw = [...(info.chapters ?? [])]
    .filter((c) => typeof c.start_time === 'number' && Number.isFinite(c.start_time))
    .sort((a, b) => (a.start_time ?? 0) - (b.start_time ?? 0));
  return raw
    .map((c, i) => {
      const startSec = Math.max(0, c.start_time ?? 0);
      const next = raw[i + 1]?.start_time;
      const endSec = typeof c.end_time === 'number' && Number.isFinite(c.end_time) ? c.end_time : (next ?? durationSec);
      return { title: (c.title ?? '').trim() || `Chapter ${i + 1}`, startSec, endSec };
    })
    .filter((c) => c.endSec > c.startSec);
}

/** Fallback when yt-dlp did not print the final path: the finished file with our base name. */
function findDownloaded(dir: string, base: string): string | null {
  const skip = /\.(part|ytdl|vtt|srt|json|tmp)$|\.f\d+\.\w+$|\.part-Frag/;
  const hit = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(base + '.') && !skip.test(f))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && fs.statSync(f).size > 0);
  return hit[0] ?? null;
}

// ─────────────────────────── local files ───────────────────────────

const SIDECAR_LANG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

/** Caption files next to a media file: same base name + .vtt/.srt, optionally with a language (talk.en.vtt). */
export function findSidecarCaptions(mediaPath: string): CaptionTrack[] {
  const dir = path.dirname(mediaPath);
  const base = path.basename(mediaPath, path.extname(mediaPath));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const tracks: CaptionTrack[] = [];
  for (const name of names) {
    const ext = path.extname(name).toLowerCase();
    if (ext !== '.vtt' && ext !== '.srt') continue;
    const stem = name.slice(0, -ext.length);
    let lang: string;
    if (stem === base) lang = '';
    else if (stem.startsWith(base + '.') && SIDECAR_LANG.test(stem.slice(base.length + 1))) lang = stem.slice(base.length + 1);
    else continue;
    const full = path.join(dir, name);
    try {
      if (!fs.statSync(full).isFile()) continue;
    } catch {
      continue;
    }
    tracks.push({ path: full, format: ext === '.vtt' ? 'vtt' : 'srt', lang, kind: 'manual' });
  }
  // Deterministic order: untagged first, then by language, VTT before SRT.
  return tracks.sort((a, b) => a.lang.localeCompare(b.lang) || a.format.localeCompare(b.format) || a.path.localeCompare(b.path));
}

/** ffmpeg next to the configured ffprobe (they ship together), else the one on PATH. */
function siblingFfmpeg(ffprobePath?: string): string {
  if (!ffprobePath || !ffprobePath.includes(path.sep)) return 'ffmpeg';
  const dir = path.dirname(ffprobePath);
  const name = path.basename(ffprobePath).replace(/ffprobe/i, 'ffmpeg');
  return path.join(dir, name);
}

/**
 * A file whose header promises more than it holds (a cut-off download) decodes nothing near its
 * declared end: decode the last 3 s of audio and see whether anything comes out.
 */
async function checkNotTruncated(file: string, probe: MediaProbe, opts: AcquireOptions): Promise<void> {
  const dur = audioDurationSec(probe);
  // A duration guessed from the bitrate may lie past the real end: no basis for a verdict.
  if (dur === null || dur < 1 || probe.durationEstimated) return;
  const start = Math.max(0, dur - 3);
  const res = await runTool(
    siblingFfmpeg(opts.ffprobePath),
    ['-nostdin', '-v', 'error', '-ss', start.toFixed(3), '-i', file, '-map', '0:a:0', '-t', '3', '-ac', '1', '-ar', '8000', '-f', 's16le', 'pipe:1'],
    'ffmpeg',
    opts.signal,
  );
  const gotSec = res.stdoutBytes / 2 / 8000;
  if (gotSec < Math.min(0.25, (dur - start) / 2)) {
    throw new UserError(
      `${path.basename(file)} is truncated or corrupt: it declares ${dur.toFixed(1)} s of audio but its end cannot be decoded`,
      'ETRUNCATED',
    );
  }
}

// Containers tag streams with ISO 639-2 codes ("eng"); caption tracks use BCP-47 ("en").
const ISO639_2_TO_1: Record<string, string> = {
  eng: 'en', deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', spa: 'es', ita: 'it', por: 'pt', rus: 'ru', jpn: 'ja',
  zho: 'zh', chi: 'zh', kor: 'ko', nld: 'nl', dut: 'nl', pol: 'pl', tur: 'tr', ara: 'ar', hin: 'hi', swe: 'sv',
  dan: 'da', nor: 'no', fin: 'fi', ces: 'cs', cze: 'cs', ell: 'el', gre: 'el', heb: 'he', hun: 'hu', ukr: 'uk',
  ron: 'ro', rum: 'ro', vie: 'vi', ind: 'id', tha: 'th', cat: 'ca',
};

// Text subtitle codecs ffmpeg can turn into WebVTT (bitmap ones like PGS cannot).
const TEXT_SUB_CODECS = new Set(['subrip', 'srt', 'ass', 'ssa', 'mov_text', 'webvtt', 'text']);

/** Subtitle streams inside the container (mkv/mp4) → .vtt files in workDir. */
async function extractEmbeddedCaptions(file: string, probe: MediaProbe, opts: AcquireOptions): Promise<CaptionTrack[]> {
  const subs = probe.streams.filter((s) => s.codecType === 'subtitle' && TEXT_SUB_CODECS.has(s.codecName));
  if (!subs.length) return [];
  fs.mkdirSync(opts.workDir, { recursive: true });
  // Keyed by path, size and mtime: a replaced file gets its captions extracted afresh.
  const st = fs.statSync(file);
  const base = 'embedded-' + crypto.createHash('sha256').update(`${file}\0${st.size}\0${st.mtimeMs}`).digest('hex').slice(0, 12);
  const tracks: CaptionTrack[] = [];
  for (const s of subs) {
    const out = path.join(opts.workDir, `${base}.${s.index}.vtt`);
    if (!fs.existsSync(out)) {
      const tmp = uniqueTempPath(out);
      const res = await runTool(
        siblingFfmpeg(opts.ffprobePath),
        ['-nostdin', '-v', 'error', '-y', '-i', file, '-map', `0:${s.index}`, '-c:s', 'webvtt', '-f', 'webvtt', tmp],
        'ffmpeg',
        opts.signal,
      );
      if (res.code !== 0) {
        opts.log?.(`acquire: could not extract subtitle stream ${s.index}: ${lastErrorLine(res.stderr)}`);
        fs.rmSync(tmp, { force: true });
        continue;
      }
      fs.renameSync(tmp, out);
    }
    const lang = s.language ? (ISO639_2_TO_1[s.language.toLowerCase()] ?? s.language) : '';
    tracks.push({ path: out, format: 'vtt', lang, kind: 'manual' });
  }
  return tracks;
}

async function acquireFile(input: string, file: string, opts: AcquireOptions): Promise<AcquiredMedia> {
  const name = path.basename(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // "youtube.com/watch?v=..." typed without a scheme reads as a relative path.
      const hint = /^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\S*$/i.test(input.trim()) ? ' (for a web address, include https://)' : '';
      throw new UserError(`File not found: ${file}${hint}`, 'ENOENT');
    }
    if (code === 'EACCES') throw new UserError(`Cannot read ${file}: permission denied`, 'EACCES');
    throw new UserError(`Cannot read ${file}: ${code ?? 'unknown error'}`, 'EACCES');
  }
  if (st.isDirectory()) throw new UserError(`${file} is a directory, not a media file`, 'EISDIR');
  if (!st.isFile()) throw new UserError(`${file} is not a regular file`, 'ENOTMEDIA');
  if (st.size === 0) throw new UserError(`${name} is empty (0 bytes)`, 'EEMPTY');
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new UserError(`Cannot read ${file}: permission denied`, 'EACCES');
  }

  const probe = await probeMedia(file, { ffprobePath: opts.ffprobePath, signal: opts.signal });
  if (!probe.hasAudio && !probe.hasVideo) throw new UserError(`${name} has no audio or video stream`, 'ENOTMEDIA');
  if (!probe.hasAudio) throw new UserError(`${name} has no audio track, so there is nothing to transcribe`, 'ENOAUDIO');
  await checkNotTruncated(file, probe, opts);

  const captions = [...findSidecarCaptions(file), ...(await extractEmbeddedCaptions(file, probe, opts))];
  const title = probe.tags['title']?.trim() || path.basename(file, path.extname(file));
  const media: AcquiredMedia = {
    sourceKey: file,
    sourceKind: 'file',
    mediaPath: file,
    title,
    durationSec: probe.durationSec ?? 0,
    uploader: probe.tags['artist']?.trim() || probe.tags['album_artist']?.trim() || null,
    webpageUrl: null,
    chapters: probe.chapters,
    captions,
    hasAudio: probe.hasAudio,
    hasVideo: probe.hasVideo,
  };
  opts.log?.(`acquire: ${describeMedia(media)}`);
  return media;
}

/** One log line: "talk.mp4: 1:02:03, audio+video, 4 chapters, captions en (manual)". */
function describeMedia(m: AcquiredMedia): string {
  const s = Math.round(m.durationSec);
  const clock = `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  const caps = m.captions.length ? `captions ${m.captions.map((c) => `${c.lang || '?'} (${c.kind})`).join(', ')}` : 'no captions';
  return `${path.basename(m.mediaPath)} "${m.title}": ${clock}, ${m.hasVideo ? 'audio+video' : 'audio only'}, ${m.chapters.length} chapters, ${caps}`;
}

/**
 * Local file: checks (missing, directory, empty, not media, no audio track → UserError) + ffprobe
 * metadata + sidecar captions. URL: yt-dlp metadata (--dump-single-json), media downloaded into
 * opts.workDir (resumable, re-used when already there), captions (manual over automatic, vtt),
 * chapters. The URL is always passed after `--`.
 */
export async function acquire(input: string, opts: AcquireOptions): Promise<AcquiredMedia> {
  throwIfCancelled(opts.signal);
  const parsed = parseSource(input);
  return parsed.kind === 'file' ? acquireFile(input, parsed.path, opts) : acquireUrl(parsed.url, opts);
}
