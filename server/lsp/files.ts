// File identity helpers shared by the handlers: URI ↔ path and which VideoInsight file a document is.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type NotesFileKind = 'notes' | 'transcript';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

export function kindOf(file: string): NotesFileKind | undefined {
  const base = path.basename(file);
  return base === 'notes.md' ? 'notes' : base === 'transcript.md' ? 'transcript' : undefined;
}

/** True when `file` lies inside one of the output folders (or when none are configured). */
export function underOutDirs(file: string, outDirs: readonly string[]): boolean {
  if (!outDirs.length) return true;
  return outDirs.some((d) => {
    const rel = path.relative(d, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

export function lineOf(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}
