// Team mode (issue 8) on a throwaway PostgreSQL 15 cluster:
// A. Per-chunk overhead of the queue path against the local runner, transcription left out (the
//    same for both): local = read the chunk's samples from the PCM file + commit its transcript to
//    SQLite; team = FLAC-encode + store + queue (planner side), then fetch + take + load + FLAC-decode
//    + commit with the task's completion (worker side). Real speech (jfk.wav tiled to 30 s chunks).
// B. Throughput of 1 vs 2 worker processes (`videoinsight worker --concurrency 1`) draining 20 short
//    pocketsphinx jobs (jfk.wav, 11 s, each a distinct file), submitted with --detach beforehand.
// Run: node --import tsx bench/team-queue.ts
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SAMPLE_RATE } from '../server/domain/audio';
import { encodeFlac, decodeFlac } from '../server/ingest/flacCodec';
import { pcmBytesToSamples, readChunkSamples, readPcmBytes } from '../server/ingest/pcmFile';
import { openDatabase } from '../server/store/database';
import { SqliteCheckpointStore } from '../server/store/sqliteCheckpointStore';
import { TeamConnection } from '../server/app/team/teamConnection';
import { startPgCluster } from '../test/helpers/pgCluster';

const root = path.resolve(__dirname, '..');
const JFK = path.resolve(root, '../shared/fixtures/whisper.cpp/jfk.wav');
const CHUNKS = 60;
const CHUNK_SEC = 30;
const ms = (t0: number) => performance.now() - t0;

function transcriptOf(idx: number) {
  return {
    chunkIndex: idx, language: 'en',
    segments: Array.from({ length: 6 }, (_, i) => ({ startSec: idx * CHUNK_SEC + i * 5, endSec: idx * CHUNK_SEC + i * 5 + 4.5, text: `ask not what your country can do for you ${i}` })),
  };
}

async function partA(url: string, tmp: string): Promise<void> {
  // 30 min of real speech: jfk.wav looped, 16 kHz mono s16le.
  const pcm = path.join(tmp, 'speech.s16le');
  execFileSync('ffmpeg', ['-v', 'error', '-stream_loop', '-1', '-i', JFK, '-t', String(CHUNKS * CHUNK_SEC), '-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1', pcm]);
  const chunks = Array.from({ length: CHUNKS }, (_, i) => ({ index: i, startSample: i * CHUNK_SEC * SAMPLE_RATE, endSample: (i + 1) * CHUNK_SEC * SAMPLE_RATE, hasSpeech: true }));

  const db = openDatabase(path.join(tmp, 'local.sqlite'));
  const local = new SqliteCheckpointStore(db);
  await local.startJob('j', 's', {});
  await local.saveChunks('j', chunks);
  let t0 = performance.now();
  for (const c of chunks) {
    await readChunkSamples(pcm, c);
    await local.saveChunkTranscript('j', transcriptOf(c.index));
  }
  const localMs = ms(t0) / CHUNKS;
  db.close();

  const conn = await TeamConnection.open(url, { supervise: false });
  try {
    await conn.team.claimJob('j', 's', '{}', async () => undefined);
    await conn.checkpoints.saveChunks('j', chunks);
    let flacBytes = 0;
    t0 = performance.now();
    for (const c of chunks) {
      const flac = await encodeFlac(await readPcmBytes(pcm, c.startSample, c.endSample));
      flacBytes += flac.length;
      await conn.team.saveChunkAudio('j', c.index, 'flac', flac);
      await conn.queue.send('chunk', { jobId: 'j', chunk: c.index }, { leaseSec: 600 });
    }
    const uploadMs = ms(t0) / CHUNKS;
    let decodeMs = 0;
    t0 = performance.now();
    for (let n = 0; n < CHUNKS; n++) {
      const task = (await conn.queue.fetch('chunk'))!;
      const idx = task.data.chunk!;
      await conn.team.takeChunk('j', idx);
      await conn.checkpoints.getJob('j');
      await conn.checkpoints.loadChunks('j');
      const audio = (await conn.team.loadChunkAudio('j', idx))!;
      const d0 = performance.now();
      pcmBytesToSamples(await decodeFlac(audio.bytes));
      decodeMs += ms(d0);
      await conn.team.commitChunk('j', transcriptOf(idx), async (exec) => conn.queue.complete(task, exec));
    }
    const workerMs = ms(t0) / CHUNKS;
    const pcmBytes = CHUNKS * CHUNK_SEC * SAMPLE_RATE * 2;
    console.log(`A. per chunk (${CHUNK_SEC} s of speech, ${CHUNKS} chunks):`);
    console.log(`   local runner (read samples + SQLite commit): ${localMs.toFixed(1)} ms`);
    console.log(`   team planner side (FLAC encode + store + queue): ${uploadMs.toFixed(1)} ms`);
    console.log(`   team worker side (fetch + take + load + FLAC decode + commit with completion): ${workerMs.toFixed(1)} ms, of which FLAC decode ${(decodeMs / CHUNKS).toFixed(1)} ms`);
    console.log(`   team / local, worker side: ${(workerMs / localMs).toFixed(1)}×; FLAC size / PCM size: ${(flacBytes / pcmBytes).toFixed(3)}`);
  } finally {
    await conn.close();
  }
}

async function drain(url: string, workers: number, tmp: string, files: string[]): Promise<number> {
  const env = { ...process.env, VIDEOINSIGHT_MODELS_DIR: path.join(tmp, 'no-models') };
  for (const f of files) {
    execFileSync(process.execPath, [path.join(root, 'bin/videoinsight.js'), 'notes', f, '--engine', 'pocketsphinx', '--queue', url, '--detach', '--out', path.join(tmp, 'out')], { env, stdio: 'ignore' });
  }
  const conn = await TeamConnection.open(url, { supervise: false, poolSize: 1 });
  const procs: ChildProcess[] = [];
  const t0 = performance.now();
  try {
    for (let i = 0; i < workers; i++) {
      procs.push(spawn(process.execPath, [path.join(root, 'bin/videoinsight.js'), 'worker', '--queue', url, '--concurrency', '1', '--work-dir', path.join(tmp, `w${workers}-${i}`)], { env, stdio: 'ignore' }));
    }
    for (;;) {
      const jobs = await conn.checkpoints.listJobs();
      if (jobs.length === files.length && jobs.every((j) => j.status !== 'running')) {
        if (jobs.some((j) => j.status !== 'done')) throw new Error(`a job failed: ${JSON.stringify(jobs.filter((j) => j.status !== 'done'))}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return ms(t0) / 1000;
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => p.on('exit', r))));
    await conn.close();
  }
}

async function partB(cluster: Awaited<ReturnType<typeof startPgCluster>>, tmp: string): Promise<void> {
  const files: string[] = [];
  for (let i = 0; i < 20; i++) {
    const f = path.join(tmp, `talk-${i}.wav`);
    // Distinct files (a different tail of silence each): 20 jobs, not one.
    execFileSync('ffmpeg', ['-v', 'error', '-i', JFK, '-af', `apad=pad_dur=${(0.1 * (i + 1)).toFixed(1)}`, f]);
    files.push(f);
  }
  // ABBA order, so a machine whose load drifts during the run favours neither.
  const times: Record<number, number[]> = { 1: [], 2: [] };
  for (const [i, workers] of [1, 2, 2, 1].entries()) {
    const sec = await drain(await cluster.createDatabase(`drain${i}`), workers, tmp, files);
    times[workers]!.push(sec);
    console.log(`   drain ${i + 1}: ${workers} worker(s) ${sec.toFixed(1)} s (load average ${os.loadavg()[0]!.toFixed(1)})`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const one = mean(times[1]!);
  const two = mean(times[2]!);
  console.log(`B. 20 pocketsphinx jobs (jfk.wav, 11 s each): 1 worker ${one.toFixed(1)} s, 2 workers ${two.toFixed(1)} s (means of two), speed-up ${(one / two).toFixed(2)}× on ${os.availableParallelism()} cores`);
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-bench-team-'));
  const cluster = await startPgCluster();
  try {
    await partA(await cluster.createDatabase('overhead'), tmp);
    if (!process.argv.includes('--overhead-only')) await partB(cluster, tmp);
  } finally {
    await cluster.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
