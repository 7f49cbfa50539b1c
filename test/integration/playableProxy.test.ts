// Proves the player's playable copy with real ffmpeg: an H.264/AAC video becomes WebM VP9/Opus at
// most 360 p with progress up to 1, made once (a second call reuses it untouched); a WebM source
// plays as it is; audio becomes Opus-only WebM; cancelling mid-way rejects with CancelledError and
// leaves no proxy and no temp file behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CancelledError } from '../../server/domain/errors';
import { probeMedia } from '../../server/ingest/mediaProbe';
import { ensurePlayable } from '../../server/ingest/playableProxy';
import { JFK_WAV, makeTempDir, makeVideo, type TempDir } from '../helpers/media';

let tmp: TempDir;
let video: string;
before(async () => {
  tmp = await makeTempDir('vi-proxy-');
  video = path.join(tmp.dir, 'talk.mp4');
  await makeVideo(video, { durationSec: 11, size: '1280x720', fps: 25, audioFrom: JFK_WAV });
});
after(async () => {
  await tmp.cleanup();
});

test('an H.264/AAC video gets a VP9/Opus WebM proxy, once, with progress', async () => {
  const out = path.join(tmp.dir, 'job', 'player.webm');
  const seen: number[] = [];
  const first = await ensurePlayable(video, out, { onProgress: (f) => seen.push(f) });
  assert.deepEqual(first, { file: out, made: true, hasVideo: true });
  const p = await probeMedia(out);
  assert.match(p.formatName, /webm|matroska/);
  assert.deepEqual(p.streams.map((s) => [s.codecType, s.codecName]).sort(), [['audio', 'opus'], ['video', 'vp9']]);
  assert.equal(p.streams.find((s) => s.codecType === 'video')!.height, 360);
  assert.ok(Math.abs((p.durationSec ?? 0) - 11) < 0.5, `duration ${p.durationSec}`);
  assert.equal(seen.at(-1), 1);
  const mtime = fs.statSync(out).mtimeMs;
  const again = await ensurePlayable(video, out);
  assert.deepEqual(again, { file: out, made: false, hasVideo: true });
  assert.equal(fs.statSync(out).mtimeMs, mtime);
  // A WebM/VP9/Opus source needs no proxy at all.
  const other = path.join(tmp.dir, 'unused.webm');
  assert.deepEqual(await ensurePlayable(out, other), { file: out, made: false, hasVideo: true });
  assert.equal(fs.existsSync(other), false);
});

test('audio becomes an Opus-only WebM', async () => {
  const out = path.join(tmp.dir, 'audio', 'player.webm');
  assert.deepEqual(await ensurePlayable(JFK_WAV, out), { file: out, made: true, hasVideo: false });
  const p = await probeMedia(out);
  assert.deepEqual(p.streams.map((s) => [s.codecType, s.codecName]), [['audio', 'opus']]);
});

test('cancelling leaves no proxy and no temp file', async () => {
  const dir = path.join(tmp.dir, 'cancel');
  const out = path.join(dir, 'player.webm');
  const ac = new AbortController();
  const run = ensurePlayable(video, out, { signal: ac.signal, onProgress: (f) => { if (f > 0) ac.abort(); } });
  await assert.rejects(run, CancelledError);
  assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir) : [], []);
});
