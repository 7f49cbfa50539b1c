// Proves the stale-temp cleanup removes exactly the temp files of writers that are gone: a dead
// pid's `.x.<pid>.tmp` and `x.<pid>.<hex>.part` go; a live writer's (this process), other files and
// folders stay; a missing folder is fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeStaleTempFiles } from '../../server/domain/staleTemp';

test('removes only the temp files of processes that are gone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-stale-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const names = {
      gone: [`.notes.md.${dead}.tmp`, `f-000002.jpg.${dead}.deadbeef.part`],
      kept: [`.notes.md.${process.pid}.tmp`, `f-000003.jpg.${process.pid}.0123abcd.part`, 'notes.md', 'my.12.tmp', `audio.${dead}.part`],
    };
    for (const n of [...names.gone, ...names.kept]) fs.writeFileSync(path.join(dir, n), 'x');
    fs.mkdirSync(path.join(dir, `.folder.${dead}.tmp`));
    assert.equal(removeStaleTempFiles(dir), 2);
    assert.deepEqual(fs.readdirSync(dir).sort(), [...names.kept, `.folder.${dead}.tmp`].sort());
    assert.equal(removeStaleTempFiles(path.join(dir, 'missing')), 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
