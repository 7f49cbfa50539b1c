// Proves the job lock: two runs of one job in the same process run one after the other; a lock
// left by a process that died (kill -9) is taken over at once; a lock file being made (empty, fresh) is
// waited for, not taken as torn; the lock file is gone afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobLockHolder, withJobLock } from '../../server/app/jobLock';

test('two runs of one job in one process do not overlap; the second says it waits', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-lock-'));
  try {
    const events: string[] = [];
    const logs: string[] = [];
    const run = (name: string) => withJobLock(out, 'job1', { log: (l) => logs.push(l) }, async () => {
      events.push(`${name} start`);
      await new Promise((r) => setTimeout(r, 50));
      events.push(`${name} end`);
    });
    await Promise.all([run('a'), run('b')]);
    assert.deepEqual(events, ['a start', 'a end', 'b start', 'b end']);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /waiting/);
    assert.deepEqual(fs.readdirSync(path.join(out, '.videoinsight', 'locks')), []);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('a lock held by a dead process is taken over without waiting', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-lock-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.mkdirSync(path.join(out, '.videoinsight', 'locks'), { recursive: true });
    fs.writeFileSync(path.join(out, '.videoinsight', 'locks', 'job1.lock'), dead);
    const logs: string[] = [];
    const t0 = Date.now();
    assert.equal(await withJobLock(out, 'job1', { log: (l) => logs.push(l) }, async () => 42), 42);
    assert.ok(Date.now() - t0 < 900, 'no poll wait');
    assert.deepEqual(logs, []);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('a cancelled wait throws CancelledError and leaves the owner\'s lock alone', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-lock-'));
  try {
    const lock = path.join(out, '.videoinsight', 'locks', 'job1.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, String(process.ppid)); // a live process that is not us
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(withJobLock(out, 'job1', { signal: ac.signal }, async () => 1), { name: 'CancelledError' });
    assert.equal(fs.readFileSync(lock, 'utf8'), String(process.ppid));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('jobLockHolder: the live owner while a run holds the lock; null when none did or its process died', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-lock-'));
  try {
    assert.equal(jobLockHolder(out, 'job1'), null, 'never run');
    await withJobLock(out, 'job1', {}, async () => assert.equal(jobLockHolder(out, 'job1'), process.pid, 'held by this process'));
    assert.equal(jobLockHolder(out, 'job1'), null, 'released');
    // A process that has exited (as after kill -9) left its pid in the lock file.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(path.join(out, '.videoinsight', 'locks', 'job1.lock'), dead);
    assert.equal(jobLockHolder(out, 'job1'), null, 'a dead owner holds nothing');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('an empty lock file is one being made: a fresh one is waited for, an old one (a crash) is taken over', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-lock-'));
  try {
    const lock = path.join(out, '.videoinsight', 'locks', 'job1.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, ''); // another process between creating the file and writing its pid
    let ran = false;
    const run = withJobLock(out, 'job1', {}, async () => { ran = true; });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ran, false, 'a fresh empty lock is not taken over');
    assert.equal(fs.readFileSync(lock, 'utf8'), '', 'nor touched');
    fs.rmSync(lock); // its owner finished
    await run;
    assert.equal(ran, true);
    fs.writeFileSync(lock, '');
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(lock, old, old);
    const t0 = Date.now();
    assert.equal(await withJobLock(out, 'job1', {}, async () => 7), 7);
    assert.ok(Date.now() - t0 < 900, 'an old torn lock is taken over at once');
    assert.deepEqual(fs.readdirSync(path.dirname(lock)), [], 'no lock and no temp file left');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
