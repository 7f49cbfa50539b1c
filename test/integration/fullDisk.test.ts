// Proves a full disk loses nothing and says so in one line: the sample lecture's notes are made on
// small tmpfs mounts (real ENOSPC from the kernel, real SQLite "disk is full"), each small enough
// to run out at a different stage (store, notes, graph, search index). Each run either succeeds
// with complete notes or fails with one line about space; no temp file is left; the store stays
// consistent (integrity_check); after space is freed, the same command finishes the notes.
// Needs root for `mount -t tmpfs` (CI and this machine run as root); elsewhere it says so and skips.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO, runCli } from '../helpers/cli';

function tryMount(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

test('a full disk at any stage: one line, nothing half-written, the store consistent, the re-run finishes', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-full-'));
  const sample = execFileSync(process.execPath, [path.join(REPO, 'scripts/make-sample.mjs'), path.join(tmp, 'media')], { encoding: 'utf8' }).trim();
  const probe = path.join(tmp, 'probe');
  fs.mkdirSync(probe);
  if (os.userInfo().uid !== 0 || !tryMount(probe, '64k')) {
    fs.rmSync(tmp, { recursive: true, force: true });
    t.skip('mounting a small tmpfs needs root: the full-disk case is not exercised on this machine');
    return;
  }
  execFileSync('umount', [probe]);
  const outcomes: string[] = [];
  try {
    for (const size of ['300k', '500k', '700k']) {
      const mnt = path.join(tmp, `disk-${size}`);
      fs.mkdirSync(mnt);
      assert.ok(tryMount(mnt, size));
      try {
        const out = path.join(mnt, 'notes');
        const r = await runCli(['notes', sample, '--out', out]);
        const lines = r.stderr.split('\n').filter((l) => l.startsWith('videoinsight:'));
        if (r.code === 0) {
          outcomes.push(`${size}: done`);
        } else {
          assert.equal(r.code, 1, r.stderr);
          assert.equal(lines.length, 1, r.stderr);
          assert.match(lines[0]!, /no space left|disk is full/, r.stderr);
          assert.doesNotMatch(r.stderr, /\n\s+at /); // no stack trace
          outcomes.push(`${size}: ${lines[0]!.slice(0, 60)}`);
        }
        const files = filesUnder(out);
        assert.deepEqual(files.filter((f) => /\.(tmp|part)$/.test(f)), [], files.join(' '));
        // Whatever notes exist are whole files (an atomic rename or nothing).
        for (const f of files.filter((x) => x.endsWith('notes.md'))) assert.match(fs.readFileSync(path.join(out, f), 'utf8'), /^---\n[\s\S]*\n---\n/);
        // Space again: the notes root as it was left, moved to a roomy disk, as the next run sees it.
        const roomy = path.join(tmp, `roomy-${size}`);
        fs.cpSync(out, roomy, { recursive: true });
        const store = path.join(roomy, '.videoinsight', 'store.sqlite');
        if (fs.existsSync(store)) {
          const db = new Database(store);
          assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
          db.close();
        }
        const again = await runCli(['notes', sample, '--out', roomy, '--json']);
        assert.equal(again.code, 0, again.stderr);
        const res = JSON.parse(again.stdout) as { notesPath: string; graphPath: string; sections: unknown[] };
        assert.ok(fs.existsSync(res.graphPath));
        assert.ok(res.sections.length >= 1);
      } finally {
        execFileSync('umount', [mnt]);
      }
    }
    assert.ok(outcomes.some((o) => !o.endsWith('done')), outcomes.join('; '));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
