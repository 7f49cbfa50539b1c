// Temporary names unique per process and per call, so two runs (or two workers) writing the same
// target never share a temp file: each renames its own complete file over the target.
import crypto from 'node:crypto';
import path from 'node:path';

/** `<file>.<pid>.<random>.part` (or another suffix) beside `file`. */
export function uniqueTempPath(file: string, suffix = '.part'): string {
  return `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}${suffix}`;
}

/** True for a name uniqueTempPath made from `base` (any process). */
export function isTempNameOf(base: string, name: string, suffix = '.part'): boolean {
  const b = path.basename(base);
  return name.startsWith(`${b}.`) && name.endsWith(suffix) && /^\.\d+\.[0-9a-f]{8}$/.test(name.slice(b.length, name.length - suffix.length));
}
