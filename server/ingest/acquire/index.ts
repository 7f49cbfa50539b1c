// acquire stage: a URL (through yt-dlp) or a local file → a local media file plus metadata
// (title, duration, uploader, chapters, captions). Every failure a user can cause becomes a
// one-line UserError. Nothing from the user goes through a shell: yt-dlp, ffprobe and ffmpeg
// get argument arrays, and the URL is always passed after `--`.
//
//   source.ts    what the user typed → URL or file; the job's source key
//   ytDlp.ts     the yt-dlp runner and its error messages
//   remote.ts    URL → download into workDir (resumable, cached), playlists expanded
//   local.ts     local file → checks and ffprobe metadata
//   captions.ts  caption discovery: yt-dlp subtitle files, sidecars, embedded streams
import { type AcquiredMedia } from '../../domain/types';
import { throwIfCancelled } from '../../domain/errors';
import { acquireFile } from './local';
import { acquireUrl } from './remote';
import { parseSource } from './source';
import type { AcquireOptions } from './types';

export type { AcquireOptions } from './types';
export { parseSource, sourceKey, type ParsedSource } from './source';
export { describeYtDlpError } from './ytDlp';
export { expandSource, chaptersFromInfo } from './remote';
export { fileFingerprint } from './fileFingerprint';
export { chooseCaptions, findSidecarCaptions } from './captions';

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
