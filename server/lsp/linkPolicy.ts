// The one rule for every link target the language server hands to the editor: an http(s) URL, or a
// file: URI of a file inside the notes root (the notes file's own video folder). Anything else
// (command:, vscode:, javascript:, data:, file: outside) is dropped, so a crafted or shared notes
// file cannot turn a citation into a command link.
import path from 'node:path';
import { safeWebUrl } from '../domain/safeUrl';
import { uriToPath } from './files';

/** True when `target` may be offered as a link from a notes file in `notesDir`. */
export function isAllowedLinkTarget(target: string | null | undefined, notesDir: string): target is string {
  if (!target) return false;
  if (/^https?:/i.test(target)) return safeWebUrl(target) !== null;
  if (!/^file:/i.test(target)) return false;
  const file = uriToPath(target.replace(/#.*$/, ''));
  return file !== undefined && isInside(notesDir, file);
}

/** `file` lies inside `root` (not root itself, no `..` escape). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
