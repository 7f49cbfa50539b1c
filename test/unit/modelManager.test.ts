// Proves the model manager's pure parts: where models live (env, XDG, home), the known-model
// list with published SHA-1 sums plus any other *.bin present, --model NAME|PATH resolution that
// never downloads, and the header check that turns wrong, truncated or foreign files into a
// one-line UserError while whisper.cpp's own test models pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../../server/domain/errors';
import { bestInstalledModel, checkModelFile, listModels, modelsDir, readModelHeader, resolveModel } from '../../server/ingest/models/modelManager';
import { QUALITY_TIERS } from '../../server/domain/qualityTiers';

const fixtures = path.resolve(__dirname, '../../../shared/fixtures/whisper.cpp');
const tinyEn = fs.readFileSync(path.join(fixtures, 'for-tests-ggml-tiny.en.bin'));

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-models-unit-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('modelsDir: VIDEOINSIGHT_MODELS_DIR, then XDG_CACHE_HOME, then ~/.cache', (t) => {
  const saved = { models: process.env.VIDEOINSIGHT_MODELS_DIR, xdg: process.env.XDG_CACHE_HOME };
  t.after(() => {
    for (const [key, value] of [['VIDEOINSIGHT_MODELS_DIR', saved.models], ['XDG_CACHE_HOME', saved.xdg]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  process.env.VIDEOINSIGHT_MODELS_DIR = '/opt/models';
  process.env.XDG_CACHE_HOME = '/xdg';
  assert.equal(modelsDir(), '/opt/models');
  delete process.env.VIDEOINSIGHT_MODELS_DIR;
  assert.equal(modelsDir(), '/xdg/videoinsight/models');
  delete process.env.XDG_CACHE_HOME;
  assert.equal(modelsDir(), path.join(os.homedir(), '.cache', 'videoinsight', 'models'));
});

test('listModels: the known models with published sums, plus other *.bin present', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'ggml-base.en.bin'), tinyEn);
  fs.writeFileSync(path.join(dir, 'my-finetune.bin'), tinyEn);
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
  const models = listModels(dir);
  const names = models.map((model) => model.name);
  for (const name of ['tiny', 'tiny.en', 'base', 'base.en', 'small', 'small.en', 'medium', 'medium.en', 'large-v1', 'large-v2', 'large-v3', 'large-v3-turbo']) {
    assert.ok(names.includes(name), name);
  }
  assert.equal(models.find((model) => model.name === 'tiny.en')?.sha1, 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df');
  assert.ok(models.filter((model) => model.sha1 !== undefined).every((model) => /^[0-9a-f]{40}$/.test(model.sha1 as string)));
  const baseEn = models.find((model) => model.name === 'base.en');
  assert.deepEqual([baseEn?.present, baseEn?.sizeBytes, baseEn?.path], [true, tinyEn.length, path.join(dir, 'ggml-base.en.bin')]);
  const extra = models.find((model) => model.file === 'my-finetune.bin');
  assert.deepEqual(extra, { name: 'my-finetune', file: 'my-finetune.bin', sizeBytes: tinyEn.length, present: true, path: path.join(dir, 'my-finetune.bin') });
  assert.ok(!names.includes('notes'));
  assert.equal(models.find((model) => model.name === 'tiny')?.present, false);
});

test('resolveModel: an existing path as is, a present name to its path, else null; never downloads', (t) => {
  const dir = tempDir(t);
  const baseEn = path.join(dir, 'ggml-base.en.bin');
  assert.equal(resolveModel(undefined, dir), null, 'nothing installed');
  fs.writeFileSync(baseEn, tinyEn);
  fs.writeFileSync(path.join(dir, 'ggml-tiny.bin'), tinyEn);
  assert.equal(resolveModel('base.en', dir), baseEn);
  assert.equal(resolveModel(baseEn, dir), baseEn);
  assert.equal(resolveModel(path.join(fixtures, 'for-tests-ggml-tiny.en.bin'), dir), path.join(fixtures, 'for-tests-ggml-tiny.en.bin'));
  assert.equal(resolveModel('medium', dir), null, 'known but absent');
  assert.equal(resolveModel('no-such-model', dir), null);
  assert.equal(resolveModel('/nowhere/model.bin', dir), null);
  assert.equal(resolveModel(undefined, dir), baseEn, 'default prefers base.en over tiny');
});

test('bestInstalledModel: the tier\'s first installed preferred model (domain/qualityTiers), else any installed one', (t) => {
  const dir = tempDir(t);
  assert.equal(bestInstalledModel('standard', dir), null, 'nothing installed');
  const install = (name: string): string => {
    const file = path.join(dir, `ggml-${name}.bin`);
    fs.writeFileSync(file, tinyEn);
    return file;
  };
  const extra = install('my-finetune');
  assert.equal(bestInstalledModel('basic', dir), extra, 'no preferred model: any installed one');
  const tiny = install('tiny');
  const baseEn = install('base.en');
  const smallEn = install('small.en');
  const large = install('large-v3');
  assert.equal(bestInstalledModel('basic', dir), baseEn);
  assert.equal(bestInstalledModel('standard', dir), smallEn);
  assert.equal(bestInstalledModel('premium', dir), large);
  assert.equal(resolveModel(undefined, dir), smallEn, 'no name: the default (standard) tier');
  for (const tier of ['basic', 'standard', 'premium'] as const) {
    const first = QUALITY_TIERS[tier].preferredModels.find((name) => [tiny, baseEn, smallEn, large].some((f) => path.basename(f) === `ggml-${name}.bin`));
    assert.equal(path.basename(bestInstalledModel(tier, dir) ?? ''), `ggml-${first}.bin`, tier);
  }
});

test('header check: whisper.cpp test models pass and say what they are', () => {
  const en = readModelHeader(path.join(fixtures, 'for-tests-ggml-tiny.en.bin'));
  assert.deepEqual([en.nVocab, en.multilingual, en.nMels, en.nAudioLayer, en.tensorCount], [51864, false, 80, 4, 0]);
  assert.equal(readModelHeader(path.join(fixtures, 'for-tests-ggml-tiny.bin')).multilingual, true);
  checkModelFile(path.join(fixtures, 'for-tests-ggml-tiny.en.bin'));
});

test('header check: corrupt bytes give a one-line UserError naming the file', (t) => {
  const dir = tempDir(t);
  const withMagic = (magic: string) => Buffer.concat([Buffer.from(magic, 'latin1'), tinyEn.subarray(4)]);
  const flippedVocabSize = Buffer.from(tinyEn);
  flippedVocabSize.writeInt32LE(1234, 4);
  // A tensor entry whose data runs past the end of the file: a truncated real model.
  const tensorHeader = Buffer.alloc(12 + 8 + 5);
  tensorHeader.writeInt32LE(2, 0); // dims
  tensorHeader.writeInt32LE(5, 4); // name length
  tensorHeader.writeInt32LE(1, 8); // f16
  tensorHeader.writeInt32LE(384, 12);
  tensorHeader.writeInt32LE(384, 16);
  tensorHeader.write('dummy', 20, 'latin1');
  const cases: Array<[string, Buffer, RegExp]> = [
    ['empty', Buffer.alloc(0), /truncated/],
    ['random', Buffer.from(Array.from({ length: 1000 }, (_, index) => (index * 131) % 251)), /wrong magic/],
    ['html', Buffer.from('<!doctype html><title>Not Found</title>'), /wrong magic/],
    ['ggjt', withMagic('tjgg'), /ggjt/],
    ['gguf', withMagic('GGUF'), /GGUF/],
    ['vocab-size', flippedVocabSize, /vocabulary size 1234/],
    ['cut-header', tinyEn.subarray(0, 30), /truncated/],
    ['cut-vocab', tinyEn.subarray(0, tinyEn.length - 10), /truncated/],
    ['cut-tensor', Buffer.concat([tinyEn, tensorHeader, Buffer.alloc(1000)]), /tensor 1 runs past the end/],
  ];
  for (const [name, bytes, pattern] of cases) {
    const file = path.join(dir, `${name}.bin`);
    fs.writeFileSync(file, bytes);
    assert.throws(() => checkModelFile(file), (error: Error) => {
      assert.ok(error instanceof UserError, name);
      assert.match(error.message, pattern, name);
      assert.ok(error.message.includes(file) && !error.message.includes('\n'), name);
      return true;
    });
  }
  assert.throws(() => checkModelFile(path.join(dir, 'missing.bin')), (error: Error) => error instanceof UserError && /cannot be read: ENOENT/.test(error.message));
  assert.throws(() => checkModelFile(dir), (error: Error) => error instanceof UserError && /not a regular file/.test(error.message));
});
