// A run killed with kill -9 (or a power cut) leaves its temporary files behind: `.notes.md.<pid>.tmp`
// of writeFileAtomic, `<file>.<pid>.<hex>.part` of uniqueTempPath. Both names carry the writer's
// pid, so a later run removes exactly those whose writer is gone, never a live run's.
import fs from 'node:fs';
import path from 'node:path';

const TEMP_NAME = /^\..+\.(\d+)\.tmp$|^.+\.(\d+)\.[0-9a-f]{8}\.part$/;

/** True while process `pid` exists (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files in `dir` (not below) left by processes that are gone; returns how many. */
export function removeStaleTempFiles(dir: string): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0; // no folder yet: nothing left behind
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1] ?? m[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      if (!fs.lstatSync(path.join(dir, name)).isFile()) continue;
      fs.rmSync(path.join(dir, name), { force: true });
      removed++;
    } catch {
      /* gone already */
    }
  }
  return removed;
}
