// Which file this is, cheaply, across machines: size plus hashes of its first and last megabytes.
// Two people submitting their own copies of one lecture get one team job; a different file at the
// same path does not.
import crypto from 'node:crypto';
import fs from 'node:fs';

const SAMPLE_BYTES = 1 << 20;

export function fileFingerprint(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const hash = crypto.createHash('sha256').update(String(size));
    const buf = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    for (const at of size > SAMPLE_BYTES ? [0, size - SAMPLE_BYTES] : [0]) {
      const n = fs.readSync(fd, buf, 0, buf.length, at);
      hash.update(buf.subarray(0, n));
    }
    return hash.digest('hex').slice(0, 24);
  } finally {
    fs.closeSync(fd);
  }
}
