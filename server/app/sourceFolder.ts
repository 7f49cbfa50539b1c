// Each source has one folder under `<out>/.videoinsight/sources/`: its download, acquire's cache
// of what it found (ingest/acquire keeps that one cache: a resumed or finished web job needs no
// network), and its decoded audio, shared by every job of that source.
import crypto from 'node:crypto';
import path from 'node:path';
import { acquire } from '../ingest/acquire';
import type { AcquiredMedia } from '../domain/types';
import { ensureDirInside } from '../render/outputFolder';

/** `<out>/.videoinsight/sources/<hash of the source key>` */
export function sourceDirFor(outDir: string, key: string): string {
  return path.join(outDir, '.videoinsight', 'sources', crypto.createHash('sha256').update(key).digest('hex').slice(0, 16));
}

export async function acquireInto(
  outDir: string, entry: string, sourceDir: string,
  opts: { ytDlpPath?: string; signal?: AbortSignal; log?: (line: string) => void },
): Promise<AcquiredMedia> {
  ensureDirInside(outDir, path.relative(outDir, sourceDir));
  return acquire(entry, { workDir: sourceDir, ytDlpPath: opts.ytDlpPath, signal: opts.signal, log: opts.log });
}
