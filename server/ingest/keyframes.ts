// Keyframes for the notes: one representative JPEG per section. The first scene change after a
// section starts usually shows its slide or shot better than the exact start frame (often a fade).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { lastErrorLine, runTool } from './mediaProbe';

export interface KeyframeOptions {
  /** How far after atSec to look for a scene change (default 10 s). */
  windowSec?: number;
  ffmpegPath?: string;
  signal?: AbortSignal;
}

// Scale down only: a 320 px video stays 320 px. (The comma is escaped for the filtergraph parser.)
const SCALE = 'scale=w=min(640\\,iw):h=-2';
const SCENE_THRESHOLD = 0.3;

/**
 * A representative frame for a section: prefers the first scene change (select='gt(scene,0.3)')
 * within [atSec, atSec+windowSec], else the frame at atSec+1 (else at atSec). JPEG, ≤ 640 px wide.
 * Returns false (no throw) when the media has no video stream (or no frame exists there).
 */
export async function extractKeyframe(
  mediaPath: string,
  atSec: number,
  outPath: string,
  opts: KeyframeOptions = {},
): Promise<boolean> {
  const bin = opts.ffmpegPath ?? 'ffmpeg';
  const windowSec = opts.windowSec ?? 10;
  const at = Math.max(0, atSec);
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  // Unique per call: two runs of one source at once must not share (or be led through) a temp name.
  const tmp = `${outPath}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.part`;

  // "0:V:0": the first video stream that is not cover art (an MP3's picture is not a keyframe).
  const attempt = async (startSec: number, filter: string, durationSec: number | null): Promise<'ok' | 'none' | 'novideo'> => {
    const args = ['-nostdin', '-v', 'error', '-y', '-ss', startSec.toFixed(3)];
    if (durationSec !== null) args.push('-t', durationSec.toFixed(3));
    args.push('-i', path.resolve(mediaPath), '-map', '0:V:0', '-an', '-sn', '-vf', filter, '-frames:v', '1', '-q:v', '4', '-f', 'mjpeg', tmp);
    const res = await runTool(bin, args, 'ffmpeg', opts.signal);
    if (/matches no streams/i.test(res.stderr)) return 'novideo';
    if (res.code !== 0) {
      fs.rmSync(tmp, { force: true });
      throw new Error(`ffmpeg could not extract a frame from ${path.basename(mediaPath)}: ${lastErrorLine(res.stderr)}`);
    }
    const size = fs.existsSync(tmp) ? fs.statSync(tmp).size : 0;
    if (size === 0) {
      fs.rmSync(tmp, { force: true });
      return 'none';
    }
    return 'ok';
  };

  try {
    let r = await attempt(at, `select=gt(scene\\,${SCENE_THRESHOLD}),${SCALE}`, windowSec);
    if (r === 'novideo') return false;
    if (r === 'none') r = await attempt(at + 1, SCALE, null);
    if (r === 'none' && at + 1 > 0) r = await attempt(at, SCALE, null);
    if (r !== 'ok') return false;
    fs.renameSync(tmp, outPath);
    return true;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
