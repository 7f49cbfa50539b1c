// A local file → checks a user can act on (missing, directory, empty, unreadable, not media, no
// audio, cut off), ffprobe metadata, and its captions (sidecar files, embedded text streams).
import fs from 'node:fs';
import path from 'node:path';
import { type AcquiredMedia } from '../../domain/types';
import { UserError } from '../../domain/errors';
import { audioDurationSec, probeMedia, runTool, siblingFfmpeg, type MediaProbe } from '../mediaProbe';
import { BYTES_PER_SAMPLE } from '../pcmFile';
import { extractEmbeddedCaptions, findSidecarCaptions } from './captions';
import { describeMedia } from './describe';
import type { AcquireOptions } from './types';

/** The truncation check only asks "does anything decode?": a low rate keeps it cheap. */
const CHECK_RATE = 8000;
const CHECK_TAIL_SEC = 3;
/** Sparse files below this size are not worth refusing (small files probe fast anyway). */
const SPARSE_CHECK_MIN_BYTES = 64 * 2 ** 20;
/** Media is dense: even a file system that compresses or deduplicates stores well over this share. */
const SPARSE_MIN_ALLOCATED = 0.1;

/**
 * A file whose header promises more than it holds (a cut-off download) decodes nothing near its
 * declared end: decode the last 3 s of audio and see whether anything comes out.
 */
async function checkNotTruncated(file: string, probe: MediaProbe, opts: AcquireOptions): Promise<void> {
  const dur = audioDurationSec(probe);
  // A duration guessed from the bitrate may lie past the real end: no basis for a verdict.
  if (dur === null || dur < 1 || probe.durationEstimated) return;
  const start = Math.max(0, dur - CHECK_TAIL_SEC);
  const res = await runTool(
    siblingFfmpeg(opts.ffprobePath),
    [
      '-nostdin', '-v', 'error', '-ss', start.toFixed(3), '-i', file, '-map', '0:a:0', '-t', String(CHECK_TAIL_SEC),
      '-ac', '1', '-ar', String(CHECK_RATE), '-f', 's16le', 'pipe:1',
    ],
    'ffmpeg',
    opts.signal,
  );
  const gotSec = res.stdoutBytes / BYTES_PER_SAMPLE / CHECK_RATE;
  if (gotSec < Math.min(0.25, (dur - start) / 2)) {
    throw new UserError(
      `${path.basename(file)} is truncated or corrupt: it declares ${dur.toFixed(1)} s of audio but its end cannot be decoded`,
      'ETRUNCATED',
    );
  }
}

/**
 * True when `file` came from a name whose bytes are not UTF-8: Node decoded them to U+FFFD, so no such
 * path exists, but its folder holds an entry that decodes to the same text.
 */
function notUtf8Name(file: string): boolean {
  if (!file.includes('\uFFFD')) return false;
  try {
    const base = path.basename(file);
    return fs.readdirSync(path.dirname(file), { encoding: 'buffer' }).some((n) => n.toString('utf8') === base);
  } catch {
    return false;
  }
}

export async function acquireFile(input: string, file: string, opts: AcquireOptions): Promise<AcquiredMedia> {
  const name = path.basename(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && notUtf8Name(file)) {
      throw new UserError(`Cannot open ${file}: its name is not valid UTF-8 (shown with \uFFFD), which cannot be passed on to the tools; rename the file`, 'EBADNAME');
    }
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
  // A file that is mostly holes (a real header, then gigabytes never written) is not a recording,
  // and probing its length alone takes ffprobe minutes: refuse it before any tool reads it.
  if (st.size > SPARSE_CHECK_MIN_BYTES && st.blocks * 512 < st.size * SPARSE_MIN_ALLOCATED) {
    throw new UserError(`${name} is mostly empty space (a sparse file: ${Math.round(st.size / 2 ** 20)} MB declared, ${Math.round((st.blocks * 512) / 2 ** 20)} MB stored), not a recording`, 'ENOTMEDIA');
  }
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
