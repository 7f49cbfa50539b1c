// Resumable, checksum-verified model download. A present, verified model never touches the network.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError, CancelledError, throwIfCancelled } from '../../domain/errors';
import { getFollowingRedirects } from '../httpGet';
import { DEFAULT_MODEL_BASE_URL, KNOWN_MODELS, knownModel, modelFileName } from './catalogue';
import { checkModelFile } from './ggmlHeader';
import { fileSize, modelsDir } from './resolution';

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

/** One HTTP GET appending to `partPath` from `startByte`, after any redirects (Hugging Face redirects to
 * its CDN). Rejects on a cut connection, leaving the .part file for the next pass. */
async function downloadPass(
  url: string,
  partPath: string,
  startByte: number,
  onBytes: (done: number, total: number | null) => void,
  signal: AbortSignal | undefined,
): Promise<DownloadPassResult> {
  const headers: Record<string, string> = { 'user-agent': 'videoinsight-model-manager' };
  if (startByte > 0) headers.range = `bytes=${startByte}-`;
  const response = await getFollowingRedirects(url, { headers, signal });
  return new Promise((resolve, reject) => {
    const status = response.statusCode ?? 0;
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
      out.end(() => reject(signal?.aborted ? new CancelledError() : error));
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
    throwIfCancelled(opts.signal);
    const startByte = fileSize(partPath) ?? 0;
    try {
      await downloadPass(url, partPath, startByte, (done, total) => opts.onProgress?.(done, total), opts.signal);
      break;
    } catch (error) {
      throwIfCancelled(opts.signal);
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
