// Readers (VS Code, a Markdown preview, a user's cat) never see a half-written file: write a
// sibling temp file, then rename over the target. A full disk leaves the old file as it was, no
// temp file behind, and one line for the user.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from './errors';

export function writeFileAtomic(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw new UserError(`no space left to write ${file}: free disk space and run the same command again (finished work is kept)`, code);
    }
    throw e;
  }
}
