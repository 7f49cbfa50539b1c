// Proves audio decoding cannot hang on an input that stops delivering (a stalled network mount,
// a pipe nobody writes to any more): real ffmpeg reads a FIFO that gives a WAV header and one
// second of audio, then nothing; with the stall window at 3 s the decode stops with one line and
// leaves no partial file.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AcquiredMedia } from '../../server/domain/types';
import { UserError } from '../../server/domain/errors';

function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

test('a decode whose input stops delivering is stopped after the stall window', async () => {
  process.env.VIDEOINSIGHT_DECODE_STALL_SEC = '3';
  const { decodeAudio } = await import('../../server/ingest/audio');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-stall-'));
  const fifo = path.join(dir, 'talk.wav');
  execFileSync('mkfifo', [fifo]);
  // O_RDWR: opening a FIFO this way does not wait for a reader; it stays open, so ffmpeg never sees EOF.
  const fd = fs.openSync(fifo, fs.constants.O_RDWR);
  try {
    const samples = Buffer.alloc(32000);
    for (let i = 0; i < 16000; i++) samples.writeInt16LE(Math.round(Math.sin(i / 10) * 8000), i * 2);
    fs.writeSync(fd, Buffer.concat([wavHeader(60 * 32000), samples]));
    const media: AcquiredMedia = {
      sourceKey: fifo, sourceKind: 'file', mediaPath: fifo, title: 'talk', durationSec: 60, uploader: null, webpageUrl: null,
      chapters: [], captions: [], hasAudio: true, hasVideo: false,
    };
    const t0 = Date.now();
    await assert.rejects(decodeAudio(media, path.join(dir, 'audio.s16le')), (e: unknown) => e instanceof UserError && /produced no audio for 3 s/.test(e.message) && !/\n/.test(e.message));
    assert.ok(Date.now() - t0 < 30_000);
    assert.deepEqual(fs.readdirSync(dir), ['talk.wav']);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.VIDEOINSIGHT_DECODE_STALL_SEC;
  }
});
