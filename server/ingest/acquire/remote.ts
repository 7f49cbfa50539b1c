// A URL → a downloaded media file plus metadata, through yt-dlp: playlists expanded into entries,
// one download per source into workDir (resumable), and a cache so a second run needs no network.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type AcquiredMedia, type Chapter } from '../../domain/types';
import { UserError } from '../../domain/errors';
import { writeFileAtomic } from '../../domain/atomicWrite';
import { probeMedia } from '../mediaProbe';
import { chooseCaptions, escapeRegex, ytDlpCaptionFiles } from './captions';
import { describeMedia } from './describe';
import { normalizeUrl, parseSource } from './source';
import type { AcquireOptions } from './types';
import { parseInfo, runYtDlp, type YtFlags, type YtInfo } from './ytDlp';

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
  const urls = playlistEntryUrls(info, (id) => opts.log?.(`playlist entry ${id} has no URL; skipped`));
  if (urls.length === 0) throw new UserError(`The playlist at ${parsed.url} has no entries`, 'EUNSUPPORTED');
  opts.log?.(`playlist: ${urls.length} entries`);
  return urls;
}

/** A playlist's entries → one http(s) URL each, in order, without repeats; `skipped` hears of the rest. */
export function playlistEntryUrls(info: Pick<YtInfo, 'entries'>, skipped: (id: string) => void = () => {}): string[] {
  const urls: string[] = [];
  for (const e of info.entries ?? []) {
    let u: string | null = null;
    if (e.url && /^https?:\/\//i.test(e.url)) u = cleanEntryUrl(e.url);
    else if (e.webpage_url && /^https?:\/\//i.test(e.webpage_url)) u = e.webpage_url;
    else if (e.id && /^youtube$/i.test(e.ie_key ?? '')) u = `https://www.youtube.com/watch?v=${encodeURIComponent(e.id)}`;
    if (u && !urls.includes(u)) urls.push(u);
    else if (!u) skipped(e.id ?? '?');
  }
  return urls;
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

export async function acquireUrl(url: string, opts: AcquireOptions): Promise<AcquiredMedia> {
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

  const captions = captionChoice ? ytDlpCaptionFiles(opts.workDir, base, captionChoice.kind) : [];

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
