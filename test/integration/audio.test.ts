// Proves the audio stage with real ffmpeg: any input becomes 16 kHz mono s16le PCM with the
// sample count its length implies (exact for PCM WAV at another rate, within one AAC frame for
// M4A, the video's audio for an MP4), the samples are the signal (a tone where the tone is,
// silence where the pause is), progress is reported, and a failing or cancelled decode leaves
// neither a .part file nor a PCM file that looks complete.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { acquire } from '../../server/ingest/acquire';
import { decodeAudio } from '../../server/ingest/audio';
import { readSamples } from '../../server/ingest/pcmFile';
import { type AcquiredMedia } from '../../server/domain/types';
import { UserError } from '../../server/domain/errors';
import { JFK_WAV, makePeriodicTones, makeSilence, makeSpeechWithSilences, makeTempDir, makeTonePattern, makeVideo, runFfmpeg, truncateCopy, type TempDir } from '../helpers/media';

let tmp: TempDir;
before(async () => {
  tmp = await makeTempDir('vi-audio-');
});
after(async () => {
  await tmp.cleanup();
});

const work = (): string => path.join(tmp.dir, 'work');

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.part'));
}

test('a 44.1 kHz WAV of 3.5 s decodes to exactly 56000 samples; tone and pause land where they were', async () => {
  const src = path.join(tmp.dir, 'tones.wav');
  await makeTonePattern(src, [{ toneSec: 1.5 }, { pauseSec: 1 }, { toneSec: 1 }], { sampleRate: 44100 });
  const media = await acquire(src, { workDir: work() });
  const pcm = path.join(tmp.dir, 'out', 'tones.pcm');
  const progress: number[] = [];
  const audio = await decodeAudio(media, pcm, { onProgress: (s) => progress.push(s) });
  assert.equal(audio.pcmPath, pcm);
  assert.equal(audio.sampleRate, 16000);
  assert.equal(audio.sampleCount, 56000);
  assert.equal(fs.statSync(pcm).size, 56000 * 2);
  assert.deepEqual(leftovers(path.dirname(pcm)), []);
  // The last progress report is the full length.
  assert.ok(progress.length >= 1);
  assert.equal(progress[progress.length - 1], 3.5);
  // Tone in [0.1, 1.4] s, silence in [1.6, 2.4] s, tone again in [2.6, 3.4] s.
  assert.ok(rms(await readSamples(pcm, 1600, 22400)) > 0.2);
  assert.ok(rms(await readSamples(pcm, 25600, 38400)) < 0.001);
  assert.ok(rms(await readSamples(pcm, 41600, 54400)) > 0.2);
});

test('an M4A (AAC) decodes to its length within one AAC frame', async () => {
  const src = path.join(tmp.dir, 'speech.m4a');
  const layout = await makeSpeechWithSilences(src, { copies: 2, gapSec: 1.5 });
  const media = await acquire(src, { workDir: work() });
  const audio = await decodeAudio(media, path.join(tmp.dir, 'speech.pcm'));
  const expected = Math.round(layout.durationSec * 16000);
  // One AAC frame is 1024 samples at 16 kHz source rate.
  assert.ok(Math.abs(audio.sampleCount - expected) <= 1024, `${audio.sampleCount} vs ${expected}`);
  // Speech where the layout says, silence in the gaps.
  const [first] = layout.speech;
  assert.ok(rms(await readSamples(audio.pcmPath, Math.round(first.startSec * 16000), Math.round(first.endSec * 16000))) > 0.01);
  assert.ok(rms(await readSamples(audio.pcmPath, 1000, Math.round((first.startSec - 0.2) * 16000))) < 0.002);
});

test("an MP4's audio track is decoded, not its picture", async () => {
  const src = path.join(tmp.dir, 'talk video.mp4');
  await makeVideo(src, { durationSec: 4, audioFrom: JFK_WAV });
  const media = await acquire(src, { workDir: work() });
  const audio = await decodeAudio(media, path.join(tmp.dir, 'video.pcm'));
  assert.ok(Math.abs(audio.sampleCount - 64000) <= 1024, String(audio.sampleCount));
  assert.ok(rms(await readSamples(audio.pcmPath, 0, audio.sampleCount)) > 0.01);
});

test('silence is valid input: exact length, all samples zero', async () => {
  const src = path.join(tmp.dir, 'silence.wav');
  await makeSilence(src, 2, { sampleRate: 22050 });
  const media = await acquire(src, { workDir: work() });
  const audio = await decodeAudio(media, path.join(tmp.dir, 'silence.pcm'));
  assert.equal(audio.sampleCount, 32000);
  assert.equal(rms(await readSamples(audio.pcmPath, 0, audio.sampleCount)), 0);
});

test('a VBR MP3 without a Xing header (duration only estimated, and overestimated) is not taken for truncated', async () => {
  const src = path.join(tmp.dir, 'vbr.mp3');
  // 20 s of silence then 10 s of tone: the silent start has a low bitrate, so ffprobe's
  // bitrate-based estimate of the length is far too long.
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono:d=20', '-f', 'lavfi', '-i', 'sine=f=440:d=10',
    '-filter_complex', '[0][1]concat=n=2:v=0:a=1', '-c:a', 'libmp3lame', '-q:a', '2', '-write_xing', '0', src,
  ]);
  const media = await acquire(src, { workDir: work() });
  assert.ok(media.durationSec > 35, `the estimate overshoots (${media.durationSec} s); otherwise this test proves nothing`);
  const audio = await decodeAudio(media, path.join(tmp.dir, 'vbr.pcm'));
  assert.ok(Math.abs(audio.sampleCount / 16000 - 30) < 0.2, String(audio.sampleCount));
});

test('a truncated MP3 that slips past acquire is refused by decodeAudio, leaving no .part and no PCM', async () => {
  const full = path.join(tmp.dir, 'full.mp3');
  await makeTonePattern(full, [{ toneSec: 10 }], { sampleRate: 44100 });
  const cut = path.join(tmp.dir, 'cut.mp3');
  await truncateCopy(full, cut, 0.3);
  // What acquire would report for the intact file (its header still says 10 s).
  const intact = await acquire(full, { workDir: work() });
  const media: AcquiredMedia = { ...intact, mediaPath: cut, sourceKey: cut };
  const outDir = path.join(tmp.dir, 'trunc-out');
  const pcm = path.join(outDir, 'cut.pcm');
  await assert.rejects(decodeAudio(media, pcm), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /^cut\.mp3 is truncated or corrupt: only \d+\.\d s of its 10\.\d s of audio could be decoded$/);
    return true;
  });
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test('random bytes given straight to decodeAudio: a one-line UserError, no files left', async () => {
  const junk = path.join(tmp.dir, 'junk.m4a');
  fs.writeFileSync(junk, Buffer.alloc(50_000, 0x5a));
  const media: AcquiredMedia = {
    sourceKey: junk, sourceKind: 'file', mediaPath: junk, title: 'junk', durationSec: 10,
    uploader: null, webpageUrl: null, chapters: [], captions: [], hasAudio: true, hasVideo: false,
  };
  const outDir = path.join(tmp.dir, 'junk-out');
  await assert.rejects(decodeAudio(media, path.join(outDir, 'junk.pcm')), (e: unknown) => {
    assert.ok(e instanceof UserError, String(e));
    assert.equal(e.message, 'junk.m4a is not a media file ffmpeg can read (invalid data)');
    assert.ok(!e.message.includes('\n'));
    return true;
  });
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test('a cancelled decode stops ffmpeg and leaves no .part and no PCM', async () => {
  const src = path.join(tmp.dir, 'long.wav');
  await makeTonePattern(src, [{ toneSec: 60 }, { pauseSec: 60 }, { toneSec: 60 }], { sampleRate: 48000 });
  const media = await acquire(src, { workDir: work() });
  const outDir = path.join(tmp.dir, 'abort-out');
  const ac = new AbortController();
  let reported = 0;
  const p = decodeAudio(media, path.join(outDir, 'long.pcm'), {
    signal: ac.signal,
    onProgress: (s) => {
      reported = s;
      ac.abort();
    },
  });
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'CancelledError');
    return true;
  });
  assert.ok(reported < 180, 'aborted before the end');
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test('memory stays flat: decoding an hour (115 MB of PCM) does not hold the PCM in memory', async () => {
  const src = path.join(tmp.dir, 'hour.wav');
  await makePeriodicTones(src, { toneSec: 3, pauseSec: 2, totalSec: 3600 });
  const media = await acquire(src, { workDir: work() });
  const pcm = path.join(tmp.dir, 'hour.pcm');
  const before = process.memoryUsage().rss;
  let peak = before;
  const audio = await decodeAudio(media, pcm, {
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.equal(audio.sampleCount, 3600 * 16000);
  const pcmMb = (audio.sampleCount * 2) / 1e6;
  const grewMb = (peak - before) / 1e6;
  // Measured here: 15-40 MB of garbage-collector slack whatever the length (20 min or 1 h);
  // holding the PCM would add all 115 MB.
  assert.ok(grewMb < pcmMb * 0.6, `RSS grew ${grewMb.toFixed(1)} MB while writing ${pcmMb.toFixed(0)} MB of PCM`);
  fs.rmSync(pcm);
  fs.rmSync(src);
});
