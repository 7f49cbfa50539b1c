import { uniqueTempPath } from '../../domain/tempName';
// Caption discovery: which subtitle languages to ask yt-dlp for, the subtitle files it wrote,
// sidecar files next to a local media file, and text subtitle streams inside a container.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type CaptionTrack } from '../../domain/types';
import { lastErrorLine, runTool, siblingFfmpeg, type MediaProbe } from '../mediaProbe';
import type { AcquireOptions } from './types';
import type { YtInfo } from './ytDlp';

export interface CaptionChoice {
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

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The subtitle files yt-dlp wrote beside a download ("<base>.<lang>.vtt"), in name order. */
export function ytDlpCaptionFiles(workDir: string, base: string, kind: CaptionChoice['kind']): CaptionTrack[] {
  const captions: CaptionTrack[] = [];
  for (const f of fs.readdirSync(workDir).sort()) {
    const m = new RegExp(`^${escapeRegex(base)}\\.(.+)\\.vtt$`).exec(f);
    if (m) captions.push({ path: path.join(workDir, f), format: 'vtt', lang: m[1], kind });
  }
  return captions;
}

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
export async function extractEmbeddedCaptions(file: string, probe: MediaProbe, opts: AcquireOptions): Promise<CaptionTrack[]> {
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
