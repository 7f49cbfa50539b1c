// The workspace's media files, offered in the Generate input: one bounded search (the notes folder,
// node_modules and dot-folders left out), nearest folders first, so a large workspace stays quick.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MEDIA_EXTENSIONS } from './mediaExtensions';

export const MAX_SUGGESTIONS = 200;

export interface MediaItem extends vscode.QuickPickItem { source: string }

export async function mediaSuggestions(token?: vscode.CancellationToken): Promise<MediaItem[]> {
  // Globs match case-sensitively on Linux: the upper-case spellings too (CLIP.MP4).
  const include = `**/*.{${MEDIA_EXTENSIONS.flatMap((e) => [e, e.toUpperCase()]).join(',')}}`;
  const exclude = '{**/node_modules/**,**/.*/**}';
  const files = await vscode.workspace.findFiles(include, exclude, MAX_SUGGESTIONS, token);
  return files
    .map((u) => ({ u, rel: vscode.workspace.asRelativePath(u, false) }))
    .sort((a, b) => depth(a.rel) - depth(b.rel) || a.rel.localeCompare(b.rel))
    .map(({ u, rel }) => ({
      label: `$(file-media) ${path.basename(u.fsPath)}`,
      description: path.dirname(rel) === '.' ? '' : path.dirname(rel),
      source: u.fsPath,
    }));
}

function depth(rel: string): number {
  return rel.split('/').length;
}
