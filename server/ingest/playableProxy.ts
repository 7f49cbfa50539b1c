// A small copy of a source that VS Code's webviews can play: they carry no H.264/AAC decoders, only
// the royalty-free ones, so the player gets WebM with VP9 video (≤ 360 p, 15 fps) and Opus audio, or
// Opus alone for audio sources. Made once per job (the finished file is the cache), written to a
// temp name and renamed, so a cancelled or failed run leaves nothing a player could load half-done.
import fs from 'node:fs';
import path from 'node:path';
import { isCancellation, throwIfCancelled, UserError } from '../domain/errors';
import { uniqueTempPath } from '../domain/tempName';
import { lastErrorLine, probeMedia, runTool, TOOL_TIME_BUDGET_MS, type MediaProbe } from './mediaProbe';

export interface ProxyOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  signal?: AbortSignal;
  /** 0..1 of the source encoded so far (about twice a second). */
  onProgress?: (fraction: number) => void;
}

export interface PlayableMedia {
  file: string;
  /** False when the source itself plays, or the proxy already existed. */
  made: boolean;
  hasVideo: boolean;
}

const WEB_CONTAINERS = /(^|,)(webm|matroska|ogg)(,|$)/;
const WEB_VIDEO = new Set(['vp8', 'vp9', 'av1']);
const WEB_AUDIO = new Set(['opus', 'vorbis']);

/** Whether a webview can play the file as it is (WebM/Ogg with VP8/VP9/AV1 and Opus/Vorbis only). */
export function playsInWebview(p: MediaProbe): boolean {
  if (!WEB_CONTAINERS.test(p.formatName)) return false;
  const av = p.streams.filter((s) => (s.codecType === 'video' && !s.isAttachedPic) || s.codecType === 'audio');
  return av.length > 0 && av.every((s) => (s.codecType === 'video' ? WEB_VIDEO : WEB_AUDIO).has(s.codecName));
}

/** The encoder arguments: realtime VP9 (the speed matters more than the last bit of size). */
export function proxyArgs(source: string, out: string, progressFile: string, hasVideo: boolean): string[] {
  const args = ['-nostdin', '-v', 'error', '-y', '-progress', progressFile, '-i', path.resolve(source), '-map', '0:a:0?', '-sn', '-dn'];
  if (hasVideo) {
    args.push('-map', '0:V:0', '-vf', 'scale=w=-2:h=min(360\\,ih),fps=15', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8',
      '-row-mt', '1', '-b:v', '350k', '-g', '30', '-pix_fmt', 'yuv420p');
  } else args.push('-vn');
  args.push('-c:a', 'libopus', '-b:a', '48k', '-f', 'webm', out);
  return args;
}

/**
 * The file the player should load for `source`: the source itself when it plays in a webview, else
 * `proxyFile` (made now if missing). Throws CancelledError on cancel, UserError when ffmpeg fails.
 */
export async function ensurePlayable(source: string, proxyFile: string, opts: ProxyOptions = {}): Promise<PlayableMedia> {
  const probe = await probeMedia(source, { ffprobePath: opts.ffprobePath, signal: opts.signal });
  if (playsInWebview(probe)) return { file: path.resolve(source), made: false, hasVideo: probe.hasVideo };
  if (fs.existsSync(proxyFile)) return { file: proxyFile, made: false, hasVideo: probe.hasVideo };
  throwIfCancelled(opts.signal);
  fs.mkdirSync(path.dirname(proxyFile), { recursive: true });
  const tmp = uniqueTempPath(proxyFile, '.part');
  const progressFile = uniqueTempPath(proxyFile, '.progress');
  const total = probe.durationSec ?? 0;
  // ffmpeg rewrites the progress file as it goes; reading it avoids a second way to run tools.
  const timer = setInterval(() => {
    if (!opts.onProgress || total <= 0) return;
    try {
      const us = [...fs.readFileSync(progressFile, 'utf8').matchAll(/out_time_us=(\d+)/g)].pop()?.[1];
      if (us) opts.onProgress(Math.min(1, Number(us) / 1e6 / total));
    } catch { /* not written yet */ }
  }, 500);
  try {
    // Realtime VP9 runs at several times real time; the budget is generous and still ends a hang.
    const budget = Math.max(TOOL_TIME_BUDGET_MS, total * 2000);
    const res = await runTool(opts.ffmpegPath ?? 'ffmpeg', proxyArgs(source, tmp, progressFile, probe.hasVideo), 'ffmpeg', opts.signal, budget);
    throwIfCancelled(opts.signal);
    if (res.code !== 0 || !fs.existsSync(tmp) || fs.statSync(tmp).size === 0) {
      throw new UserError(`ffmpeg could not make a playable copy of ${path.basename(source)}: ${lastErrorLine(res.stderr) || `exit ${res.code}`}`, 'EPROXY');
    }
    fs.renameSync(tmp, proxyFile);
    opts.onProgress?.(1);
    return { file: proxyFile, made: true, hasVideo: probe.hasVideo };
  } catch (e) {
    if (isCancellation(e, opts.signal)) throwIfCancelled(opts.signal);
    throw e;
  } finally {
    clearInterval(timer);
    fs.rmSync(tmp, { force: true });
    fs.rmSync(progressFile, { force: true });
  }
}
