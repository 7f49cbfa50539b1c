// Under load (issue 10): 4 different notes jobs (real CLI processes, pocketsphinx on real speech)
// into one notes root at once, while this process searches that root's store 10 times a second
// for the length of the jobs. Against each alone in the same session: one such job by itself, and
// the same search loop with no job running. Reports p50/p95 search latency, job wall times, and
// any search or job error (no SQLITE_BUSY may reach anyone).
// Run: node esbuild.mjs && node --import tsx bench/under-load.ts
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SearchSession } from '../server/app/searchService';
import { makeSpeechWithSilences } from '../test/helpers/media';

const root = path.resolve(__dirname, '..');
const BIN = path.join(root, 'bin', 'videoinsight.js');
const QUERIES = ['ask not what your country can do', 'freedom', 'the torch has been passed', 'citizens of the world', 'what together we can do'];
const SEARCH_HZ = 10;

function runJob(input: string, out: string): Promise<{ ms: number; code: number | null; stderr: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'notes', input, '--out', out, '--engine', 'pocketsphinx', '--json'], {
    env: { ...process.env, VIDEOINSIGHT_MODELS_DIR: path.join(root, 'test', '.no-models') }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((r) => child.on('close', (code) => r({ ms: performance.now() - t0, code, stderr })));
}

/** Searches at SEARCH_HZ until `until` resolves (or for `forMs`); latencies in ms and errors. */
async function searchLoop(session: SearchSession, until: Promise<unknown>): Promise<{ lat: number[]; errors: string[] }> {
  let done = false;
  void until.then(() => (done = true));
  const lat: number[] = [];
  const errors: string[] = [];
  for (let i = 0; !done; i++) {
    const tick = performance.now();
    try {
      await session.search(QUERIES[i % QUERIES.length]!, { k: 10 });
    } catch (e) {
      errors.push((e as Error).message);
    }
    lat.push(performance.now() - tick);
    const wait = 1000 / SEARCH_HZ - (performance.now() - tick);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return { lat, errors };
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
const f = (x: number) => x.toFixed(1);

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-load-'));
  try {
    // Four different talks (different lengths and pauses, so four different jobs), ~1 min each.
    const inputs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const file = path.join(tmp, `talk-${i}.wav`);
      await makeSpeechWithSilences(file, { copies: 4 + (i % 2), gapSec: 2 + i });
      inputs.push(file);
    }
    // A notes root with something to search: one talk done first (its notes are indexed).
    const out = path.join(tmp, 'notes');
    const seed = await runJob(inputs[4]!, out);
    if (seed.code !== 0) throw new Error(seed.stderr);
    const session = SearchSession.open(out);
    await session.index();
    await session.search('warm up the embedder');

    // Alone: the search loop for 10 s with nothing else running; one job with nothing else running.
    const searchAlone = await searchLoop(session, new Promise((r) => setTimeout(r, 10_000)));
    const aloneOut = path.join(tmp, 'alone');
    const jobAlone = await runJob(inputs[0]!, aloneOut);
    if (jobAlone.code !== 0) throw new Error(jobAlone.stderr);

    // Under load: 4 jobs at once into `out`, the search loop on the same store meanwhile.
    const t0 = performance.now();
    const jobs = Promise.all(inputs.slice(0, 4).map((input) => runJob(input, out)));
    const [results, searchLoad] = await Promise.all([jobs, searchLoop(session, jobs)]);
    const wall = performance.now() - t0;
    session.close();

    const failed = results.filter((r) => r.code !== 0);
    const busy = [...searchLoad.errors, ...results.map((r) => r.stderr)].filter((t) => /SQLITE_BUSY|database is locked/i.test(t)).length;
    const jobMs = results.map((r) => r.ms);
    console.log(`cores ${os.cpus().length}; search at ${SEARCH_HZ}/s; jobs: pocketsphinx, ${inputs.length - 1} talks of ~45-60 s`);
    console.log(`search alone   : n=${searchAlone.lat.length} p50 ${f(pct(searchAlone.lat, 50))} ms, p95 ${f(pct(searchAlone.lat, 95))} ms, errors ${searchAlone.errors.length}`);
    console.log(`search + 4 jobs: n=${searchLoad.lat.length} p50 ${f(pct(searchLoad.lat, 50))} ms, p95 ${f(pct(searchLoad.lat, 95))} ms, errors ${searchLoad.errors.length}`);
    console.log(`p95 ratio (load / alone): ${(pct(searchLoad.lat, 95) / pct(searchAlone.lat, 95)).toFixed(2)}`);
    console.log(`job alone: ${f(jobAlone.ms / 1000)} s; under load: ${jobMs.map((m) => f(m / 1000)).join(', ')} s (all four done in ${f(wall / 1000)} s)`);
    console.log(`job time ratio (mean under load / alone): ${(jobMs.reduce((a, b) => a + b, 0) / jobMs.length / jobAlone.ms).toFixed(2)}; 4 jobs' wall / (4 × alone): ${(wall / (4 * jobAlone.ms)).toFixed(2)}`);
    console.log(`failed jobs ${failed.length}; SQLITE_BUSY / locked seen ${busy}`);
    for (const r of failed) console.log(`  failed: ${r.stderr.trim().split('\n').at(-1)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
