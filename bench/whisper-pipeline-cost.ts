// Pipeline cost: wall time of `videoinsight notes --engine whisper` divided by the wall time of the
// bare binding transcribing the same audio in one transcribeData call, same model, same build
// (backend) and same threads. Input: jfk.wav repeated with pauses between, ~30 % silence.
// Goal (issue 2): ≤ 0.6. With whisper.cpp's no-weights test model the cost is almost all encoder
// passes (one per 30 s window or per chunk), so the figure says how many passes the pipeline
// spends, not how a real model's decoding compares; pass --model for a real model.
// Run: node --import tsx bench/whisper-pipeline-cost.ts [--model PATH] [--threads N] [--reps N]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseBackend, loadedBackendModule, probeBackends } from '../server/ingest/transcribe/gpuBackend';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? (process.argv[index + 1] as string) : fallback;
}

const root = path.resolve(__dirname, '..');
const fixtures = path.resolve(root, '../shared/fixtures/whisper.cpp');
const modelPath = path.resolve(argument('model', path.join(fixtures, 'for-tests-ggml-tiny.en.bin')));
const threads = Number(argument('threads', '2'));
const reps = Number(argument('reps', '4'));
const pausesSec = [4, 5, 4, 5, 4, 5, 4, 5];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr?.toString().slice(-500)}`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-bench-whisper-'));
  try {
    // jfk, pause, jfk, pause, ... as one WAV (16 kHz mono), plus the same samples as raw PCM for the binding.
    const inputs: string[] = [];
    const filters: string[] = [];
    for (let rep = 0; rep < reps; rep++) {
      inputs.push('-i', path.join(fixtures, 'jfk.wav'));
      inputs.push('-f', 'lavfi', '-t', String(pausesSec[rep % pausesSec.length]), '-i', 'anullsrc=r=16000:cl=mono');
      filters.push(`[${rep * 2}:a][${rep * 2 + 1}:a]`);
    }
    const wavPath = path.join(dir, 'speech with pauses.wav');
    run('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...inputs, '-filter_complex', `${filters.join('')}concat=n=${reps * 2}:v=0:a=1[out]`, '-map', '[out]', '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', wavPath]);
    const pcmPath = path.join(dir, 'audio.s16le');
    run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', wavPath, '-f', 's16le', '-ar', '16000', '-ac', '1', pcmPath]);
    const pcm = fs.readFileSync(pcmPath);
    const durationSec = pcm.length / 2 / 16000;
    const silenceSec = pausesSec.slice(0, reps).reduce((sum, value) => sum + value, 0);

    // Bare binding: one call over everything, on the build the engine would choose.
    const { backend } = chooseBackend('auto', await probeBackends());
    const nativeModule = loadedBackendModule(backend);
    if (!nativeModule) throw new Error('no whisper.cpp build loaded');
    nativeModule.WhisperContext.toggleNativeLog(true, () => {});
    const context = new nativeModule.WhisperContext({ filePath: modelPath, useGpu: backend !== 'cpu' });
    const bareStart = performance.now();
    await context.transcribeData(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength), { language: 'en', maxThreads: threads, temperature: 0 }).promise;
    const bareSec = (performance.now() - bareStart) / 1000;
    await context.release();
    nativeModule.WhisperContext.toggleNativeLog(false);

    // The pipeline, as a user runs it (the built CLI when present, else the TypeScript entry).
    const builtCli = path.join(root, 'dist', 'cli.js');
    const cliArgs = fs.existsSync(builtCli) ? [builtCli] : ['--import', 'tsx', path.join(root, 'server', 'cli', 'main.ts')];
    const pipelineStart = performance.now();
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [...cliArgs, 'notes', wavPath, '--out', path.join(dir, 'notes'), '--engine', 'whisper', '--model', modelPath, '--threads', String(threads), '--no-index', '--json'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        cwd: root,
      });
      child.on('close', resolve);
    });
    const pipelineSec = (performance.now() - pipelineStart) / 1000;
    if (exitCode !== 0) throw new Error(`videoinsight notes exited with ${exitCode}`);

    const ratio = pipelineSec / bareSec;
    const report = {
      date: new Date().toISOString(),
      machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB, Node ${process.version}`,
      model: path.basename(modelPath),
      // The build chosen; on a machine without a GPU device a GPU build still computes on the CPU.
      build: backend,
      cli: path.relative(root, cliArgs[cliArgs.length - 1] as string),
      threads,
      audioSec: Number(durationSec.toFixed(1)),
      silenceShare: Number((silenceSec / durationSec).toFixed(2)),
      bareBindingSec: Number(bareSec.toFixed(1)),
      pipelineSec: Number(pipelineSec.toFixed(1)),
      ratio: Number(ratio.toFixed(2)),
      goal: 0.6,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
