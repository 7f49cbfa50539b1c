// The ggml header check: a wrong, foreign or truncated model file becomes a one-line UserError
// before whisper.cpp is asked to load it.
import * as fs from 'node:fs';
import { UserError } from '../../domain/errors';

const GGML_FILE_MAGIC = 0x67676d6c; // "ggml" read as a little-endian uint32: the only magic whisper.cpp accepts
const GGJT_MAGIC = 0x67676a74; // llama.cpp's old format: named so the error can say what the file is
const GGUF_MAGIC = 0x46554747; // "GGUF"

export interface ModelHeader {
  nVocab: number;
  nAudioCtx: number;
  nAudioLayer: number;
  nTextLayer: number;
  nMels: number;
  ftype: number;
  /** English-only models have 51864 tokens; multilingual ones 51865 (51866 for large-v3). */
  multilingual: boolean;
  /** Number of weight tensors found; 0 for whisper.cpp's "for-tests" files. */
  tensorCount: number;
}

// Bytes per block and elements per block of the ggml tensor types whisper models use.
const GGML_TYPE_LAYOUT: Record<number, { blockBytes: number; blockElements: number }> = {
  0: { blockBytes: 4, blockElements: 1 }, // f32
  1: { blockBytes: 2, blockElements: 1 }, // f16
  2: { blockBytes: 18, blockElements: 32 }, // q4_0
  3: { blockBytes: 20, blockElements: 32 }, // q4_1
  6: { blockBytes: 22, blockElements: 32 }, // q5_0
  7: { blockBytes: 24, blockElements: 32 }, // q5_1
  8: { blockBytes: 34, blockElements: 32 }, // q8_0
};

function corrupt(filePath: string, why: string): UserError {
  return new UserError(`model file ${filePath} is not a usable whisper.cpp model: ${why}`, 'EMODEL');
}

/** Reads the ggml header, the vocabulary and each tensor's header, seeking over the weights, so a
 * wrong or truncated file gives a one-line UserError before whisper.cpp loads it. Reads a few
 * hundred kilobytes at most, whatever the model's size. */
export function readModelHeader(filePath: string): ModelHeader {
  let fd: number;
  try {
    const stat = fs.statSync(filePath);
    if (!stat.isFile()) throw corrupt(filePath, 'not a regular file');
    fd = fs.openSync(filePath, 'r');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`model file ${filePath} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'EMODEL');
  }
  try {
    const size = fs.fstatSync(fd).size;
    let position = 0;
    const read = (length: number, what: string): Buffer => {
      if (position + length > size) throw corrupt(filePath, `truncated (${size} bytes; ends inside the ${what})`);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, position);
      position += length;
      return buffer;
    };
    const magic = read(4, 'magic number').readUInt32LE(0);
    if (magic === GGJT_MAGIC) throw corrupt(filePath, "it is a 'ggjt' (llama.cpp) file, not a whisper ggml model");
    if (magic === GGUF_MAGIC) throw corrupt(filePath, 'it is a GGUF file, not a whisper ggml model');
    if (magic !== GGML_FILE_MAGIC) throw corrupt(filePath, 'wrong magic number (not a ggml file)');
    const hparams = read(11 * 4, 'header');
    const int = (index: number): number => hparams.readInt32LE(index * 4);
    const header = {
      nVocab: int(0),
      nAudioCtx: int(1),
      nAudioLayer: int(4),
      nTextLayer: int(8),
      nMels: int(9),
      ftype: int(10),
    };
    if (header.nVocab < 51864 || header.nVocab > 51866) throw corrupt(filePath, `unexpected vocabulary size ${header.nVocab}`);
    if (header.nMels !== 80 && header.nMels !== 128) throw corrupt(filePath, `unexpected mel count ${header.nMels}`);
    if (header.nAudioLayer < 1 || header.nAudioLayer > 64 || header.nTextLayer < 1 || header.nTextLayer > 64) {
      throw corrupt(filePath, 'implausible layer counts');
    }
    const mel = read(8, 'mel filters');
    const melFloats = mel.readInt32LE(0) * mel.readInt32LE(4);
    if (melFloats <= 0 || melFloats > 1_000_000) throw corrupt(filePath, 'implausible mel filter size');
    position += melFloats * 4;
    const vocabCount = read(4, 'vocabulary').readInt32LE(0);
    if (vocabCount < 0 || vocabCount > 60_000) throw corrupt(filePath, `implausible vocabulary count ${vocabCount}`);
    for (let token = 0; token < vocabCount; token++) {
      const length = read(4, 'vocabulary').readUInt32LE(0);
      if (length > 1024) throw corrupt(filePath, 'implausible token length in the vocabulary');
      position += length;
    }
    if (position > size) throw corrupt(filePath, `truncated (${size} bytes; ends inside the vocabulary)`);
    let tensorCount = 0;
    while (position < size) {
      const tensorHeader = read(12, 'tensor table');
      const nDims = tensorHeader.readInt32LE(0);
      const nameLength = tensorHeader.readInt32LE(4);
      const type = tensorHeader.readInt32LE(8);
      if (nDims < 1 || nDims > 4 || nameLength < 1 || nameLength > 512) throw corrupt(filePath, 'damaged tensor table');
      const dims = read(nDims * 4, 'tensor table');
      let elements = 1;
      for (let dim = 0; dim < nDims; dim++) {
        const extent = dims.readInt32LE(dim * 4);
        // A dimension below 1 would move the walk backwards (an endless loop) or nowhere.
        if (extent < 1) throw corrupt(filePath, 'damaged tensor table');
        elements *= extent;
      }
      position += nameLength;
      const layout = GGML_TYPE_LAYOUT[type];
      if (!layout) break; // A type this check does not know: leave the rest to whisper.cpp.
      // Quantized tensors hold whole blocks: anything else is damage (and a fractional file offset).
      if (elements % layout.blockElements !== 0) throw corrupt(filePath, 'damaged tensor table');
      const dataBytes = (elements / layout.blockElements) * layout.blockBytes;
      if (position + dataBytes > size) throw corrupt(filePath, `truncated (${size} bytes; tensor ${tensorCount + 1} runs past the end)`);
      position += dataBytes;
      tensorCount++;
    }
    return { ...header, multilingual: header.nVocab >= 51865, tensorCount };
  } finally {
    fs.closeSync(fd);
  }
}

export function checkModelFile(filePath: string): void {
  readModelHeader(filePath);
}
