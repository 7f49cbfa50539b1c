// Everything the renderer writes or removes stays inside the notes root: a notes folder is shared,
// cloned and synced, so a symlink planted in it (for `<slug>/` or `frames/`) must not lead a write or a
// clean-up anywhere else, and a clean-up removes only names the renderer itself writes.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/errors';

/**
 * Creates `root/rel` one component at a time and returns it; refuses (UserError) when a component
 * exists as a symlink or a non-directory, or when the result would lie outside `root`.
 */
export function ensureDirInside(root: string, rel: string): string {
  const base = path.resolve(root);
  const target = path.resolve(base, rel);
  const relative = path.relative(base, target);
  if (relative === '' ) return base;
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new UserError(`refusing to write outside the output folder: ${rel}`, 'EOUT');
  let dir = base;
  for (const part of relative.split(path.sep)) {
    dir = path.join(dir, part);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (!st) {
      try {
        fs.mkdirSync(dir);
        continue;
      } catch (e) {
        // Another run (same --out, at once) made it between the look and the mkdir: check what is there.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        st = fs.lstatSync(dir);
      }
    }
    if (st.isSymbolicLink()) {
      throw new UserError(`refusing to write through the symbolic link ${dir}: notes are only written inside the output folder (remove the link and run again)`, 'EOUT');
    }
    if (!st.isDirectory()) throw new UserError(`${dir} is not a folder (remove it and run again)`, 'EOUT');
  }
  return target;
}

/** The keyframe file name of a section starting at `sec`; the clean-up below recognises only these. */
export function frameFileName(sec: number): string {
  return `f-${String(Math.floor(sec)).padStart(6, '0')}.jpg`;
}
const FRAME_NAME = /^f-\d{6}\.jpg$/;

/** True for a name frameFileName() makes (and nothing else: no separators, no dots but the extension). */
export function isFrameFileName(name: string): boolean {
  return FRAME_NAME.test(name);
}

/**
 * Removes keyframes that earlier (provisional) renders wrote and the final sections no longer use.
 * Only regular files named like ours go: a user's own images and subfolders stay.
 */
export function removeStaleFrames(framesDir: string, wanted: ReadonlySet<string>): void {
  let names: string[];
  try {
    if (!fs.lstatSync(framesDir).isDirectory()) return;
    names = fs.readdirSync(framesDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!FRAME_NAME.test(name) || wanted.has(name)) continue;
    const file = path.join(framesDir, name);
    if (fs.lstatSync(file).isFile()) fs.rmSync(file, { force: true });
  }
}
