// whisper.cpp ggml models: where they live, which ones exist, and a resumable, checksum-verified
// download. A present, verified model never touches the network.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError, CancelledError } from '../../domain/errors';

export interface ModelInfo {
  name: string;
  file: string;
  /** Actual size when present; else the published size (approximate, from whisper.cpp's models/README). */
  sizeBytes?: number;
  sha1?: string;
  present: boolean;
  path: string;
}

export const DEFAULT_MODEL_BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The models whisper.cpp publishes, with the SHA-1 sums from its models/README.md ("Available models"). */
const KNOWN_MODELS: ReadonlyArray<{ name: string; approxBytes: number; sha1: string }> = [
  { name: 'tiny', approxBytes: 75 * MiB, sha1: 'bd577a113a864445d4c299885e0cb97d4ba92b5f' },
  { name: 'tiny.en', approxBytes: 75 * MiB, sha1: 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df' },
  { name: 'base', approxBytes: 142 * MiB, sha1: '465707469ff3a37a2b9b8d8f89f2f99de7299dac' },
  { name: 'base.en', approxBytes: 142 * MiB, sha1: '137c40403d78fd54d454da0f9bd998f78703390c' },
  { name: 'small', approxBytes: 466 * MiB, sha1: '55356645c2b361a969dfd0ef2c5a50d530afd8d5' },
  { name: 'small.en', approxBytes: 466 * MiB, sha1: 'db8a495a91d927739e50b3fc1cc4c6b8f6c2d022' },
  { name: 'small.en-tdrz', approxBytes: 465 * MiB, sha1: 'b6c6e7e89af1a35c08e6de56b66ca6a02a2fdfa1' },
  { name: 'medium', approxBytes: 1.5 * GiB, sha1: 'fd9727b6e1217c2f614f9b698455c4ffd82463b4' },
  { name: 'medium.en', approxBytes: 1.5 * GiB, sha1: '8c30f0e44ce9560643ebd10bbe50cd20eafd3723' },
  { name: 'large-v1', approxBytes: 2.9 * GiB, sha1: 'b1caaf735c4cc1429223d5a74f0f4d0b9b59a299' },
  { name: 'large-v2', approxBytes: 2.9 * GiB, sha1: '0f4c8e34f21cf1a914c59d8b3ce882345ad349d6' },
  { name: 'large-v2-q5_0', approxBytes: 1.1 * GiB, sha1: '00e39f2196344e901b3a2bd5814807a769bd1630' },
  { name: 'large-v3', approxBytes: 2.9 * GiB, sha1: 'ad82bf6a9043ceed055076d0fd39f5f186ff8062' },
  { name: 'large-v3-q5_0', approxBytes: 1.1 * GiB, sha1: 'e6e2ed78495d403bef4b7cff42ef4aaadcfea8de' },
  { name: 'large-v3-turbo', approxBytes: 1.5 * GiB, sha1: '4af2b29d7ec73d781377bfd1758ca957a807e941' },
  { name: 'large-v3-turbo-q5_0', approxBytes: 547 * MiB, sha1: 'e050f7970618a659205450ad97eb95a18d69c9ee' },
];

/** Preference order when the user names no model: the smallest good English model first. */
export const DEFAULT_MODEL_PREFERENCE: readonly string[] = ['base.en', 'base', 'small.en', 'small', 'tiny.en', 'tiny', 'large-v3-turbo', 'medium.en', 'medium', 'large-v3'];

export function modelsDir(): string {
  const fromEnv = process.env.VIDEOINSIGHT_MODELS_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const cacheRoot = process.env.XDG_CACHE_HOME ? path.resolve(process.env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'videoinsight', 'models');
}

export function modelFileName(name: string): string {
  return `ggml-${name}.bin`;
}

function knownModel(name: string): { name: string; approxBytes: number; sha1: string } | undefined {
  return KNOWN_MODELS.find((model) => model.name === name);
}

function fileSize(filePath: string): number | null {
  try {
    const stat = fs.statSync(filePath);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

export function listModels(dir: string = modelsDir()): ModelInfo[] {
  const models: ModelInfo[] = KNOWN_MODELS.map((model) => {
    const file = modelFileName(model.name);
    const modelPath = path.join(dir, file);
    const size = fileSize(modelPath);
    return { name: model.name, file, sizeBytes: size ?? Math.round(model.approxBytes), sha1: model.sha1, present: size !== null, path: modelPath };
  });
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    // No models directory yet: only the known list.
  }
  const knownFiles = new Set(models.map((model) => model.file));
  for (const file of entries.sort()) {
    if (!file.endsWith('.bin') || knownFiles.has(file)) continue;
    const modelPath = path.join(dir, file);
    const size = fileSize(modelPath);
    if (size === null) continue;
    const name = file.replace(/^ggml-/, '').replace(/\.bin$/, '');
    models.push({ name, file, sizeBytes: size, present: true, path: modelPath });
  }
  return models;
}

function looksLikePath(value: string): boolean {
  return value.includes('/') || value.includes(path.sep) || value.endsWith('.bin');
}

/** --model NAME|PATH → a path, or null. Never downloads. With no name: the first present model in
 * DEFAULT_MODEL_PREFERENCE order, else any *.bin present in the models directory. */
export function resolveModel(nameOrPath: string | undefined, dir: string = modelsDir()): string | null {
  if (nameOrPath === undefined || nameOrPath.trim() === '') {
    const present = listModels(dir).filter((model) => model.present);
    for (const name of DEFAULT_MODEL_PREFERENCE) {
      const match = present.find((model) => model.name === name);
      if (match) return match.path;
    }
    return present[0]?.path ?? null;
  }
  const asPath = path.resolve(nameOrPath);
  if (fileSize(asPath) !== null) return asPath;
  if (looksLikePath(nameOrPath)) return null;
  const byName = [path.join(dir, modelFileName(nameOrPath)), path.join(dir, `${nameOrPath}.bin`)];
  return byName.find((candidate) => fileSize(candidate) !== null) ?? null;
}

// ---- header check ---------------------------------------------------------------------------

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
      for (let dim = 0; dim < nDims; dim++) elements *= dims.readInt32LE(dim * 4);
      position += nameLength;
      const layout = GGML_TYPE_LAYOUT[type];
      if (!layout) break; // A type this check does not know: leave the rest to whisper.cpp.
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

// ---- download -------------------------------------------------------------------------------

function sha1OfFile(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha1');
    fs.createReadStream(filePath)
      .on('data', (data) => hash.update(data))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

interface DownloadPassResult {
  /** True when the server ignored our Range and sent the whole file again (status 200). */
  restarted: boolean;
  total: number | null;
}

/** One HTTP GET appending to `partPath` from `startByte`; follows redirects (Hugging Face
 * redirects to its CDN). Rejects on a cut connection, leaving the .part file for the next pass. */
function downloadPass(
  url: string,
  partPath: string,
  startByte: number,
  onBytes: (done: number, total: number | null) => void,
  signal: AbortSignal | undefined,
  redirectsLeft = 5,
): Promise<DownloadPassResult> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const headers: Record<string, string> = { 'user-agent': 'videoinsight-model-manager' };
    if (startByte > 0) headers.range = `bytes=${startByte}-`;
    const request = client.get(url, { headers, signal }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (redirectsLeft <= 0) return reject(new UserError(`model download from ${url} redirected too many times`, 'EDOWNLOAD'));
        const next = new URL(response.headers.location, url).toString();
        downloadPass(next, partPath, startByte, onBytes, signal, redirectsLeft - 1).then(resolve, reject);
        return;
      }
      if (status === 416 && startByte > 0) {
        // Range past the end: the .part already holds the whole file; the checksum decides.
        response.resume();
        return resolve({ restarted: false, total: startByte });
      }
      if (status !== 200 && status !== 206) {
        response.resume();
        const hint = status === 404 ? `; known models: ${KNOWN_MODELS.map((model) => model.name).join(', ')}` : '';
        return reject(new UserError(`model download from ${url} failed: HTTP ${status}${hint}`, 'EDOWNLOAD'));
      }
      const restarted = status === 200;
      const from = restarted ? 0 : startByte;
      const length = Number(response.headers['content-length']);
      const total = Number.isFinite(length) && length >= 0 ? from + length : null;
      const out = fs.createWriteStream(partPath, { flags: restarted ? 'w' : 'a' });
      let done = from;
      response.on('data', (data: Buffer) => {
        done += data.length;
        onBytes(done, total);
      });
      response.pipe(out);
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        out.end(() => reject(error));
      };
      response.on('aborted', () => fail(new Error('connection closed before the download finished')));
      response.on('error', (error) => fail(error));
      out.on('error', (error) => fail(error));
      out.on('finish', () => {
        if (failed) return;
        if (total !== null && done < total) return reject(new Error('connection closed before the download finished'));
        resolve({ restarted, total });
      });
    });
    request.on('error', (error) => reject(signal?.aborted ? new CancelledError() : error));
  });
}

/** Downloads ggml-NAME.bin into the models directory: resumes a .part file with an HTTP Range
 * request (also after a connection cut mid-way, a few times), verifies SHA-1 (known models, or
 * expectedSha1), then renames atomically. Returns the model's path. */
export async function pullModel(
  name: string,
  opts: { baseUrl?: string; dir?: string; onProgress?: (done: number, total: number | null) => void; signal?: AbortSignal; expectedSha1?: string } = {},
): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new UserError(`invalid model name "${name}"`, 'EMODEL');
  const dir = opts.dir ?? modelsDir();
  const file = modelFileName(name);
  const finalPath = path.join(dir, file);
  const partPath = `${finalPath}.part`;
  // Names outside the known list (e.g. other quantisations on the same host) are allowed: they are
  // checked by the header walk only, since no published sum exists for them here.
  const expectedSha1 = (opts.expectedSha1 ?? knownModel(name)?.sha1)?.toLowerCase();

  if (fileSize(finalPath) !== null) {
    // Present: verify locally, never a network call.
    if (!expectedSha1 || (await sha1OfFile(finalPath)) === expectedSha1) return finalPath;
    throw new UserError(`model ${finalPath} is present but its SHA-1 does not match the published sum; delete it and pull again`, 'ECHECKSUM');
  }

  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create the models directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'EMODEL');
  }
  const url = `${(opts.baseUrl ?? DEFAULT_MODEL_BASE_URL).replace(/\/+$/, '')}/${file}`;
  const maxAttempts = 4;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new CancelledError();
    const startByte = fileSize(partPath) ?? 0;
    try {
      await downloadPass(url, partPath, startByte, (done, total) => opts.onProgress?.(done, total), opts.signal);
      break;
    } catch (error) {
      if (opts.signal?.aborted) throw new CancelledError();
      if (error instanceof UserError) throw error;
      const made = (fileSize(partPath) ?? 0) > startByte;
      // Retry while a pass makes progress: a cut connection resumes from the .part file.
      if (attempt >= maxAttempts && !made) {
        throw new UserError(`model download from ${url} failed: ${error instanceof Error ? error.message : String(error)}`, 'EDOWNLOAD');
      }
      if (attempt >= maxAttempts * 4) throw new UserError(`model download from ${url} keeps failing: ${error instanceof Error ? error.message : String(error)}`, 'EDOWNLOAD');
    }
  }

  if (expectedSha1) {
    const actual = await sha1OfFile(partPath);
    if (actual !== expectedSha1) {
      fs.rmSync(partPath, { force: true });
      throw new UserError(`model download ${file} failed its checksum (SHA-1 ${actual}, expected ${expectedSha1}); the file was deleted`, 'ECHECKSUM');
    }
  }
  try {
    checkModelFile(partPath);
  } catch (error) {
    fs.rmSync(partPath, { force: true });
    throw error;
  }
  fs.renameSync(partPath, finalPath);
  return finalPath;
}
