// Pipeline memory: peak RSS of `videoinsight notes` on a 3-hour input divided by the peak on a
// 10-minute input (issue 2 goal: ≤ 1.2). Both are mostly silence with real speech bursts (jfk.wav
// every 5 minutes), so they run fast; the pocketsphinx engine transcribes the bursts.
// Also times a re-run of the finished 3-hour job (goal: ≤ 2 s).
// Peak RSS is GNU time's %M (the largest of the CLI and its children: ffmpeg, pocketsphinx).
// Run: node --import tsx bench/pipeline-memory.ts
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeSpeechWithSilences } from '../test/helpers/media';

const root = path.resolve(__dirname, '..');
const GAP_SEC = 300;

function runCli(args: string[]): { peakMb: number; wallSec: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(root, 'bin/videoinsight.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, VIDEOINSIGHT_MODELS_DIR: path.join(os.tmpdir(), 'vi-no-models') },
  });
  const wallSec = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`videoinsight failed: ${r.stderr}`);
  const peakKb = Number(r.stderr.trim().split('\n').pop());
  return { peakMb: peakKb / 1024, wallSec };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-bench-mem-'));
  try {
    const rows: string[] = [];
    const results: Record<string, { peakMb: number; wallSec: number }> = {};
    for (const [name, minutes] of [['10 min', 10], ['3 h', 180]] as const) {
      const input = path.join(dir, `${minutes}min.wav`);
      const copies = Math.max(1, Math.round((minutes * 60 - GAP_SEC) / (GAP_SEC + 11)));
      const layout = await makeSpeechWithSilences(input, { copies, gapSec: GAP_SEC });
      const out = path.join(dir, `out-${minutes}`);
      const first = runCli(['notes', input, '--out', out, '--engine', 'pocketsphinx', '--no-index']);
      results[name] = first;
      rows.push(`| ${name} (${(layout.durationSec / 60).toFixed(1)} min, ${copies} bursts) | ${first.peakMb.toFixed(0)} MB | ${first.wallSec.toFixed(1)} s |`);
      if (minutes === 180) {
        const again = runCli(['notes', input, '--out', out, '--engine', 'pocketsphinx', '--no-index']);
        rows.push(`| 3 h, re-run of the finished job | ${again.peakMb.toFixed(0)} MB | ${again.wallSec.toFixed(2)} s |`);
      }
    }
    console.log(`date: ${new Date().toISOString()}  machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg()[0].toFixed(1)}`);
    console.log('| input | peak RSS | wall |\n|---|---|---|');
    for (const r of rows) console.log(r);
    console.log(`peak RSS ratio 3 h / 10 min: ${(results['3 h'].peakMb / results['10 min'].peakMb).toFixed(2)} (goal ≤ 1.2)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
