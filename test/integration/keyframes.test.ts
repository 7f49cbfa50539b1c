// Proves keyframe extraction with real ffmpeg: within the window it picks the frame after the
// first scene cut (the colour after the cut, not the one at the section start), without a cut
// it takes the frame at atSec+1, the JPEG is at most 640 px wide (scaled down, never up), audio
// (even an MP3 with cover art) gives false instead of throwing, and no temporary file is left.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { extractKeyframe } from '../../server/ingest/keyframes';
import { averageColor, makeTempDir, makeTonePattern, makeVideo, runFfmpeg, type TempDir } from '../helpers/media';

let tmp: TempDir;
let video: string; // red 0-3 s, green 3-6 s, blue 6-9 s
before(async () => {
  tmp = await makeTempDir('vi-keyframes-');
  video = path.join(tmp.dir, 'scenes.mp4');
  await makeVideo(video, { durationSec: 9, colors: ['red', 'lime', 'blue'], size: '1280x720' });
});
after(async () => {
  await tmp.cleanup();
});

type Rgb = [number, number, number];
function dominant([r, g, b]: Rgb): 'red' | 'green' | 'blue' {
  if (r > 150 && g < 80 && b < 80) return 'red';
  if (g > 150 && r < 80 && b < 80) return 'green';
  if (b > 150 && r < 80 && g < 80) return 'blue';
  throw new Error(`no dominant colour in ${JSON.stringify([r, g, b])}`);
}

function jpegWidth(file: string): number {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,codec_name', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const [codec, width] = r.stdout.trim().split(',');
  assert.equal(codec, 'mjpeg');
  return Number(width);
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.includes('.part'));
}

test('the first scene cut inside the window wins over the frame at the section start', async () => {
  const out = path.join(tmp.dir, 'frames', 's01.jpg');
  assert.equal(await extractKeyframe(video, 1, out), true);
  assert.equal(dominant(await averageColor(out)), 'green');
  assert.equal(jpegWidth(out), 640);
  assert.deepEqual(leftovers(path.dirname(out)), []);
});

test('the window bounds the search: no cut within it → the frame at atSec+1', async () => {
  const out = path.join(tmp.dir, 'frames', 's02.jpg');
  assert.equal(await extractKeyframe(video, 0.5, out, { windowSec: 1.5 }), true);
  assert.equal(dominant(await averageColor(out)), 'red');
  const out2 = path.join(tmp.dir, 'frames', 's03.jpg');
  // 6.5 s: inside the last scene, no later cut.
  assert.equal(await extractKeyframe(video, 6.5, out2), true);
  assert.equal(dominant(await averageColor(out2)), 'blue');
});

test('a section starting in the last second still gets a frame', async () => {
  const out = path.join(tmp.dir, 'frames', 'end.jpg');
  assert.equal(await extractKeyframe(video, 8.5, out), true);
  assert.equal(dominant(await averageColor(out)), 'blue');
});

test('a small video is not scaled up', async () => {
  const small = path.join(tmp.dir, 'small.mp4');
  await makeVideo(small, { durationSec: 2, colors: ['red'], size: '320x240' });
  const out = path.join(tmp.dir, 'frames', 'small.jpg');
  assert.equal(await extractKeyframe(small, 0, out), true);
  assert.equal(jpegWidth(out), 320);
});

test('audio only → false, no file; an MP3 with cover art is still audio only', async () => {
  const audio = path.join(tmp.dir, 'tones.m4a');
  await makeTonePattern(audio, [{ toneSec: 2 }]);
  const out = path.join(tmp.dir, 'frames', 'audio.jpg');
  assert.equal(await extractKeyframe(audio, 0, out), false);
  assert.equal(fs.existsSync(out), false);

  const cover = path.join(tmp.dir, 'cover.png');
  await runFfmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=64x64:d=1', '-frames:v', '1', cover]);
  const mp3 = path.join(tmp.dir, 'with cover.mp3');
  await runFfmpeg(['-i', audio, '-i', cover, '-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-c:v', 'png', '-disposition:v', 'attached_pic', mp3]);
  assert.equal(await extractKeyframe(mp3, 0, out), false);
  assert.equal(fs.existsSync(out), false);
  assert.deepEqual(leftovers(path.dirname(out)), []);
});

test('a file that is not media is an error, not a silent false', async () => {
  const junk = path.join(tmp.dir, 'junk.mp4');
  fs.writeFileSync(junk, 'not a video');
  await assert.rejects(extractKeyframe(junk, 0, path.join(tmp.dir, 'frames', 'junk.jpg')), /could not extract a frame from junk\.mp4/);
});
