// Proves chunk audio survives the trip between machines bit for bit (real ffmpeg, real speech):
// PCM → FLAC → PCM gives the same bytes, so a team worker transcribes exactly what a local run
// would; and the FLAC is smaller than the PCM.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { decodeFlac, encodeFlac } from '../../server/ingest/flacCodec';
import { pcmBytesToSamples } from '../../server/ingest/pcmFile';
import { UserError } from '../../server/domain/errors';
import { SHARED } from '../helpers/cli';

test('FLAC round trip is lossless on real speech and smaller than PCM', async () => {
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', path.join(SHARED, 'fixtures/whisper.cpp/jfk.wav'), '-f', 's16le', '-ar', '16000', '-ac', '1', 'pipe:1'], { maxBuffer: 1 << 26 });
  assert.ok(pcm.length > 300_000);
  const flac = await encodeFlac(pcm);
  assert.equal(flac.subarray(0, 4).toString('latin1'), 'fLaC');
  assert.ok(flac.length < pcm.length * 0.8, `${flac.length} vs ${pcm.length}`);
  const back = await decodeFlac(flac);
  assert.ok(back.equals(pcm));
  assert.deepEqual(pcmBytesToSamples(back).slice(0, 100), pcmBytesToSamples(pcm).slice(0, 100));
});

test('bytes that are not FLAC: one-line UserError', async () => {
  await assert.rejects(decodeFlac(Buffer.from('not flac at all')), (e: unknown) => e instanceof UserError && !/\n/.test(e.message));
});
