// Team mode end to end on a real PostgreSQL 15 (a throwaway cluster) with real worker processes
// (`videoinsight worker`) and real submitters (`videoinsight notes --queue`):
// - a pocketsphinx job fanned out over two workers, one killed with -9 mid-chunk (its whole process
//   group, as a machine dying) and another started, and PostgreSQL restarted mid-job: the job
//   completes, its notes are byte for byte those of a local run, and only the killed chunk was
//   taken twice;
// - two submitters of the same source at once make one job and the same notes;
// - cancel stops the job's chunks on the workers, resume finishes it, --detach returns the id;
// - a URL source (yt-dlp against a loopback server) is downloaded by a worker, whose keyframes land
//   beside the submitter's notes: notes and frames as a local run makes them;
// - a bad, unreachable or wrong-password queue URL and a newer schema: one line, exit non-zero,
//   the password never printed; a worker stops on SIGTERM with exit 0.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO, runCli, startCli, type CliResult } from '../helpers/cli';
import { startPgCluster, type PgCluster } from '../helpers/pgCluster';
import { startStaticServer, videoPage } from '../helpers/staticServer';

let cluster: PgCluster;
let tmp: string;
let sample: string;
const children = new Set<ChildProcess>();

const BIN = path.join(REPO, 'bin', 'videoinsight.js');
/** Leases short enough for a test, long enough for pocketsphinx on a ~30 s chunk on a busy 2-core machine. */
const TEAM_ENV = { VIDEOINSIGHT_TEAM_LEASE_SEC: '45', VIDEOINSIGHT_TEAM_MAINTENANCE_SEC: '1' };

before(async () => {
  cluster = await startPgCluster();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-team-'));
  sample = execFileSync(process.execPath, [path.join(REPO, 'scripts/make-sample.mjs'), path.join(tmp, 'media')], { encoding: 'utf8' }).trim();
});

after(async () => {
  for (const c of children) killGroup(c);
  await cluster?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A worker in its own process group, so a test can kill it together with its engine's children. */
function startWorker(url: string, name: string, extra: string[] = []): ChildProcess & { log: () => string } {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--concurrency', '1', '--work-dir', path.join(tmp, name), ...extra], {
    env: { ...process.env, VIDEOINSIGHT_MODELS_DIR: path.join(REPO, 'test', '.no-models'), ...TEAM_ENV },
    stdio: ['ignore', 'ignore', 'pipe'], detached: true,
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  children.add(child);
  child.on('exit', () => children.delete(child));
  return Object.assign(child, { log: () => log });
}

function killGroup(c: ChildProcess): void {
  try {
    process.kill(-c.pid!, 'SIGKILL');
  } catch {
    /* gone already */
  }
}

function exited(c: ChildProcess): Promise<number | null> {
  return c.exitCode !== null ? Promise.resolve(c.exitCode) : new Promise((resolve) => c.on('exit', (code) => resolve(code)));
}

function finished(c: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  c.stdout!.on('data', (d) => (stdout += d));
  c.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => c.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Retries through a database restart. */
async function attempts(url: string): Promise<{ idx: number; attempts: number; done: boolean }[]> {
  try {
    return await query(url, 'SELECT idx, attempts, done FROM videoinsight.chunks ORDER BY idx');
  } catch {
    return [];
  }
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 240_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function notesFiles(out: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.videoinsight') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(out, p), fs.readFileSync(p));
    }
  };
  walk(out);
  return files;
}

function assertSameNotes(local: string, team: string): void {
  const a = notesFiles(local);
  const b = notesFiles(team);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [name, bytes] of a) {
    if (name.endsWith('.md') || name.endsWith('.json')) assert.ok(bytes.equals(b.get(name)!), `${name} differs`);
  }
}

test('kill -9 a worker mid-chunk and restart PostgreSQL: the job completes, notes identical to a local run, only the killed chunk redone', async () => {
  const url = await cluster.createDatabase('fanout');
  const localOut = path.join(tmp, 'local');
  const local = await runCli(['notes', sample, '--engine', 'pocketsphinx', '--out', localOut, '--no-index']);
  assert.equal(local.code, 0, local.stderr);

  const a = startWorker(url, 'wa');
  const b = startWorker(url, 'wb');
  const teamOut = path.join(tmp, 'team');
  const submitter = startCli(['notes', sample, '--engine', 'pocketsphinx', '--queue', url, '--out', teamOut, '--no-index'], { env: TEAM_ENV });
  const done = finished(submitter);
  children.add(submitter);
  let ended: CliResult | null = null;
  void done.then((r) => (ended = r));

  // Both workers hold a chunk: kill one of them (and its pocketsphinx) without warning.
  const before = await waitFor('two chunks in progress', async () => {
    if (ended) throw new Error(`the submitter ended early: ${JSON.stringify(ended)}; workers: ${a.log()} ${b.log()}`);
    const rows = await attempts(url);
    return rows.filter((r) => r.attempts > 0 && !r.done).length >= 2 && rows;
  });
  killGroup(a);
  assert.equal(await exited(a), null); // killed by a signal
  const c = startWorker(url, 'wc');
  await waitFor('the new worker up', async () => /lane\(s\) on/.test(c.log()), 60_000);
  // The database goes away and comes back while the workers and the submitter are connected.
  await cluster.restart();

  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /transcribe: transcribed \d of \d chunks/);
  assertSameNotes(localOut, teamOut);
  const rows = await attempts(url);
  const speech = rows.filter((x) => x.attempts > 0);
  assert.ok(rows.every((x) => x.done));
  // Exactly one chunk was taken twice: the one the killed worker held.
  assert.deepEqual(speech.filter((x) => x.attempts > 1).length, 1, JSON.stringify({ before, rows, a: a.log(), b: b.log(), c: c.log() }));
  assert.ok(speech.every((x) => x.attempts <= 2), JSON.stringify(rows));
  const jobs = await query<{ status: string }>(url, 'SELECT status FROM videoinsight.jobs');
  assert.deepEqual(jobs.map((j) => j.status), ['done']);

  // A worker asked to stop finishes cleanly.
  b.kill('SIGTERM');
  c.kill('SIGTERM');
  assert.deepEqual([await exited(b), await exited(c)], [0, 0], `${b.log()}\n${c.log()}`);
  assert.match(b.log(), /worker: 1 lane\(s\) on postgres:\/\/\*\*\*@127\.0\.0\.1/);
});

test('two submitters of the same source at once: one job, the same notes; credentials never printed', async () => {
  const base = await cluster.createDatabase('dedupe');
  const url = await cluster.setPassword('teamuser', 'S3cret-pw', 'dedupe');
  assert.ok(url.includes('S3cret-pw'));
  const w = startWorker(url, 'wd');
  const one = startCli(['notes', sample, '--queue', url, '--out', path.join(tmp, 'one'), '--json', '--no-index'], { env: TEAM_ENV });
  const two = startCli(['notes', sample, '--queue', url, '--out', path.join(tmp, 'two'), '--json', '--no-index'], { env: TEAM_ENV });
  const [r1, r2] = await Promise.all([finished(one), finished(two)]);
  assert.equal(r1.code, 0, r1.stderr);
  assert.equal(r2.code, 0, r2.stderr);
  const j1 = JSON.parse(r1.stdout) as { jobId: string; engine: string };
  const j2 = JSON.parse(r2.stdout) as { jobId: string };
  assert.equal(j1.jobId, j2.jobId);
  assert.equal(j1.engine, 'captions');
  assertSameNotes(path.join(tmp, 'one'), path.join(tmp, 'two'));
  const list = await runCli(['jobs', '--queue', url, '--json']);
  assert.equal(list.code, 0, list.stderr);
  assert.equal((JSON.parse(list.stdout) as { jobs: unknown[] }).jobs.length, 1);
  for (const out of [r1.stderr, r2.stderr, list.stderr, list.stdout, w.log()]) assert.ok(!out.includes('S3cret-pw'), out);
  assert.match(r1.stderr + r2.stderr, /submitted/);
  assert.match(r1.stderr + r2.stderr, /already (running, joined|finished)/);
  assert.ok(base.length > 0);
  w.kill('SIGTERM');
  assert.equal(await exited(w), 0);
});

test('cancel stops the chunks on the workers at once; resume finishes the job; --detach prints the id', async () => {
  const url = await cluster.createDatabase('cancel');
  const out = path.join(tmp, 'cancel-out');
  const detached = await runCli(['notes', sample, '--engine', 'pocketsphinx', '--queue', url, '--out', out, '--detach'], { env: TEAM_ENV });
  assert.equal(detached.code, 0, detached.stderr);
  const jobId = detached.stdout.trim();
  assert.match(jobId, /^[0-9a-f]{16}$/);
  const w = startWorker(url, 'wx');
  await waitFor('a chunk in progress', async () => (await attempts(url)).some((r) => r.attempts > 0 && !r.done));
  const t0 = Date.now();
  const cancel = await runCli(['jobs', 'cancel', jobId, '--queue', url]);
  assert.equal(cancel.code, 0, cancel.stderr);
  // The running pocketsphinx is stopped: no chunk lands after the cancel settles.
  await waitFor('pocketsphinx stopped', async () => !psList().includes('pocketsphinx'), 15_000);
  assert.ok(Date.now() - t0 < 15_000);
  const doneAtCancel = (await attempts(url)).filter((r) => r.done).length;
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal((await attempts(url)).filter((r) => r.done).length, doneAtCancel);
  const listed = await runCli(['jobs', '--queue', url]);
  assert.match(listed.stdout, new RegExp(`${jobId}\\s+cancelled`));

  const resume = await runCli(['jobs', 'resume', jobId, '--queue', url]);
  assert.equal(resume.code, 0, resume.stderr);
  // Joining the job again follows it to the end and writes the notes.
  const r = await runCli(['notes', sample, '--engine', 'pocketsphinx', '--queue', url, '--out', out, '--json', '--no-index'], { env: TEAM_ENV });
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as { jobId: string; sections: unknown[]; notesPath: string };
  assert.equal(res.jobId, jobId);
  assert.ok(res.sections.length >= 1);
  assert.ok(fs.readFileSync(res.notesPath, 'utf8').includes('[0:'));
  w.kill('SIGTERM');
  assert.equal(await exited(w), 0);
});

test('a URL source: a worker downloads it and cuts the keyframes; the notes and their frames equal a local run', async () => {
  const url = await cluster.createDatabase('web');
  const site = path.join(tmp, 'site');
  fs.mkdirSync(site, { recursive: true });
  fs.copyFileSync(sample, path.join(site, 'lecture.mp4'));
  const srt = fs.readFileSync(sample.replace(/\.mp4$/, '.en.srt'), 'utf8');
  fs.writeFileSync(path.join(site, 'lecture.vtt'), 'WEBVTT\n\n' + srt.replace(/(\d\d:\d\d:\d\d),(\d\d\d)/g, '$1.$2'));
  const server = await startStaticServer(site, {
    routes: { '/talk.html': { contentType: 'text/html', body: videoPage({ title: 'Energy lecture', src: '/lecture.mp4', tracks: [{ src: '/lecture.vtt', lang: 'en' }] }) } },
  });
  const w = startWorker(url, 'wweb');
  try {
    const local = await runCli(['notes', server.url('/talk.html'), '--out', path.join(tmp, 'web-local'), '--no-index']);
    assert.equal(local.code, 0, local.stderr);
    const team = await runCli(['notes', server.url('/talk.html'), '--queue', url, '--out', path.join(tmp, 'web-team'), '--json', '--no-index'], { env: TEAM_ENV });
    assert.equal(team.code, 0, team.stderr);
    assert.equal((JSON.parse(team.stdout) as { engine: string }).engine, 'captions');
    assertSameNotes(path.join(tmp, 'web-local'), path.join(tmp, 'web-team'));
    const frames = [...notesFiles(path.join(tmp, 'web-team')).keys()].filter((f) => f.includes('/frames/'));
    assert.ok(frames.length >= 2, frames.join(' '));
  } finally {
    w.kill('SIGTERM');
    await exited(w);
    await server.close();
  }
});

test('a submitter that went away mid-upload: the next submitter of the same file plans it and the job finishes', async () => {
  const url = await cluster.createDatabase('abandoned');
  const first = await runCli(['notes', sample, '--queue', url, '--out', path.join(tmp, 'ab1'), '--detach'], { env: TEAM_ENV });
  assert.equal(first.code, 0, first.stderr);
  // As if it had been killed before its plan was complete, and a while ago.
  await query(url, "DELETE FROM videoinsight.stages WHERE stage = 'planned'");
  await query(url, 'UPDATE videoinsight.jobs SET updated_at = 0');
  const second = startCli(['notes', sample, '--queue', url, '--out', path.join(tmp, 'ab2'), '--json', '--no-index'], { env: { ...TEAM_ENV, VIDEOINSIGHT_TEAM_ABANDONED_SEC: '1' } });
  children.add(second);
  let stderr = '';
  second.stderr!.on('data', (d) => (stderr += d));
  const done = finished(second);
  await waitFor('the take-over', async () => /planning it from here/.test(stderr), 60_000);
  const w = startWorker(url, 'wab');
  const r = await done;
  assert.equal(r.code, 0, stderr);
  assert.equal((JSON.parse(r.stdout) as { jobId: string }).jobId, first.stdout.trim());
  w.kill('SIGTERM');
  assert.equal(await exited(w), 0);
});

function psList(): string {
  return execFileSync('ps', ['-eo', 'comm'], { encoding: 'utf8' });
}

test('bad queue URLs and a newer schema: one line, exit non-zero, no password printed', async () => {
  const url = await cluster.createDatabase('bad');
  const withPw = await cluster.setPassword('pwuser', 'Right-pw', 'bad');
  const wrongPw = withPw.replace('Right-pw', 'Wrong-pw');
  const unreachable = `postgres://someone:Hidden-pw@127.0.0.1:${await freePortOf()}/x`;
  const cases: [string[], RegExp][] = [
    [['jobs', '--queue', 'http://example.invalid/x'], /not a PostgreSQL URL/],
    [['jobs', '--queue', unreachable], /cannot reach PostgreSQL at postgres:\/\/\*\*\*@127\.0\.0\.1/],
    [['worker', '--queue', unreachable], /cannot reach PostgreSQL/],
    [['notes', sample, '--queue', unreachable, '--out', path.join(tmp, 'bad-out')], /cannot reach PostgreSQL/],
    [['jobs', '--queue', wrongPw], /refused the login/],
    [['jobs', '--queue', url.replace(/\/bad$/, '/nosuchdb')], /does not exist/],
  ];
  for (const [args, expected] of cases) {
    const r = await runCli(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, expected);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    for (const secret of ['Hidden-pw', 'Wrong-pw', 'Right-pw']) assert.ok(!r.stderr.includes(secret), r.stderr);
  }
  // A database a newer VideoInsight migrated.
  const ok = await runCli(['jobs', '--queue', url]);
  assert.equal(ok.code, 0, ok.stderr);
  await query(url, "UPDATE videoinsight.meta SET value = '999' WHERE key = 'schema_version'");
  const newer = await runCli(['worker', '--queue', url]);
  assert.notEqual(newer.code, 0);
  assert.match(newer.stderr, /schema version 999, newer than/);
  assert.equal(newer.stderr.trim().split('\n').length, 1, newer.stderr);
});

async function freePortOf(): Promise<number> {
  const { freePort } = await import('../helpers/pgCluster');
  return freePort();
}
