// Proves --engine selection: auto prefers whisper (a model is present), then the source's
// captions, then pocketsphinx, and otherwise fails with one line saying what to install; a forced
// engine that cannot run fails with a UserError saying why; every reason is a sentence for the user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectEngine } from '../../server/ingest/transcribe/engineSelection';
import { type EngineChoice, type EngineName } from '../../server/domain/types';
import { UserError } from '../../server/domain/errors';

const sphinxOk = { available: true, reason: 'installed' };
const sphinxMissing = { available: false, reason: 'pocketsphinx_continuous is not on PATH' };
const model = '/models/ggml-base.en.bin';

test('the selection table', () => {
  const rows: Array<[EngineChoice, string | null, boolean, boolean, EngineName | 'error']> = [
    ['auto', model, true, true, 'whisper'],
    ['auto', model, false, false, 'whisper'],
    ['auto', null, true, true, 'captions'],
    ['auto', null, true, false, 'captions'],
    ['auto', null, false, true, 'pocketsphinx'],
    ['auto', null, false, false, 'error'],
    ['whisper', model, false, false, 'whisper'],
    ['whisper', null, true, true, 'error'],
    ['captions', model, true, true, 'captions'],
    ['captions', model, false, true, 'error'],
    ['pocketsphinx', model, true, true, 'pocketsphinx'],
    ['pocketsphinx', model, true, false, 'error'],
  ];
  for (const [choice, modelPath, hasCaptions, sphinx, expected] of rows) {
    const input = { choice, modelPath, hasCaptions, pocketsphinx: sphinx ? sphinxOk : sphinxMissing };
    const label = JSON.stringify({ choice, modelPath, hasCaptions, sphinx });
    if (expected === 'error') {
      assert.throws(() => selectEngine(input), (error: Error) => error instanceof UserError && !error.message.includes('\n'), label);
    } else {
      const { engine, reason } = selectEngine(input);
      assert.equal(engine, expected, label);
      assert.ok(reason.startsWith(`${engine}: `), reason);
    }
  }
});

test('reasons and errors explain themselves', () => {
  assert.equal(
    selectEngine({ choice: 'auto', modelPath: null, hasCaptions: true, pocketsphinx: sphinxOk }).reason,
    'captions: the source has captions and no whisper model is installed',
  );
  assert.match(selectEngine({ choice: 'auto', modelPath: model, hasCaptions: true, pocketsphinx: sphinxOk }).reason, /ggml-base\.en\.bin/);
  assert.throws(() => selectEngine({ choice: 'auto', modelPath: null, hasCaptions: false, pocketsphinx: sphinxMissing }), /models pull.*apt-get install pocketsphinx/);
  assert.throws(() => selectEngine({ choice: 'pocketsphinx', modelPath: null, hasCaptions: false, pocketsphinx: sphinxMissing }), /not on PATH/);
  assert.throws(() => selectEngine({ choice: 'whisper', modelPath: null, hasCaptions: false, pocketsphinx: sphinxOk }), /needs a whisper model/);
});
