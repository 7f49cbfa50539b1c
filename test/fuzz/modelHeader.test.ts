// Fuzzes the model file check (the ggml header, vocabulary and tensor table read before whisper.cpp
// loads a model) with well-formed small models that are then cut short or have bytes overwritten,
// and with random bytes. Proves: any file gives a header or a one-line UserError, never another
// error and never an endless walk of the tensor table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { readModelHeader } from '../../server/ingest/models/ggmlHeader';
import { fuzzParams, guarded } from './fuzzRuns';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-fuzz-model-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'ggml-fuzz.bin');

const i32 = (...v: number[]) => { const b = Buffer.alloc(4 * v.length); v.forEach((x, i) => b.writeInt32LE(x, i * 4)); return b; };

/** A small model whisper.cpp's layout accepts: header, mel filters, vocabulary, a few tensors. */
const model = fc
  .record({
    nVocab: fc.constantFrom(51864, 51865, 51866),
    nMels: fc.constantFrom(80, 128),
    mel: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    vocab: fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 5 }),
    tensors: fc.array(fc.record({ dims: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }), type: fc.constantFrom(0, 1, 2, 8, 99), name: fc.string({ minLength: 1, maxLength: 10 }) }), { maxLength: 4 }),
  })
  .map((m) => {
    const parts = [Buffer.from('lmgg'), i32(m.nVocab, 1500, 384, 6, 4, 448, 384, 6, 4, m.nMels, 1), i32(...m.mel), Buffer.alloc(m.mel[0] * m.mel[1] * 4), i32(m.vocab.length)];
    for (const t of m.vocab) parts.push(i32(t.length), Buffer.from(t));
    for (const t of m.tensors) {
      const name = Buffer.from(t.name);
      const elements = t.dims.reduce((a, b) => a * b, 1);
      const bytes = t.type === 0 ? elements * 4 : t.type === 1 ? elements * 2 : t.type === 2 ? Math.ceil(elements / 32) * 18 : t.type === 8 ? Math.ceil(elements / 32) * 34 : 16;
      parts.push(i32(t.dims.length, name.length, t.type), i32(...t.dims), name, Buffer.alloc(bytes));
    }
    return Buffer.concat(parts);
  });

/** Overwrites, then maybe truncates: a damaged or half-downloaded file. */
const damaged = fc
  .tuple(model, fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(-1, 0, 1, 31, 33, 2 ** 31 - 1))), { maxLength: 3 }), fc.option(fc.nat()))
  .map(([buf, edits, cut]) => {
    const out = Buffer.from(buf);
    for (const [at, v] of edits) if (out.length >= 4) out.writeInt32LE(v, (at % (out.length - 3)) & ~3);
    return cut === null ? out : out.subarray(0, cut % (out.length + 1));
  });

test('fuzz: any model file gives its header or a one-line UserError, quickly', () => {
  let accepted = 0;
  fc.assert(
    fc.property(fc.oneof({ weight: 1, arbitrary: model }, { weight: 4, arbitrary: damaged }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) }), (bytes) => {
      fs.writeFileSync(file, bytes);
      const header = guarded(() => readModelHeader(file));
      if (header) {
        accepted++;
        assert.ok(header.tensorCount >= 0 && Number.isSafeInteger(header.tensorCount));
      }
    }),
    fuzzParams(),
  );
  assert.ok(accepted > 0, 'well-formed models are accepted');
});
