// `videoinsight`: the same pipeline the extension drives, headless.
// Exit 0 on success; otherwise non-zero and one line on stderr (the stack only with --verbose).
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_DURATION_SEC, deleteJob, generateNotes, listJobs, type NotesResult } from '../app/generateNotes';
import { type EngineChoice, type ProgressEvent, type QualityTier } from '../domain/types';
import { submitTeamJobs, teamNotes } from '../app/team/submit';
import { cancelTeamJob, listTeamJobs, resumeTeamJob, withTeamConnection } from '../app/team/teamJobs';
import { defaultWorkDir, runWorker } from '../app/team/worker';
import { UserError, CancelledError } from '../domain/errors';
import { listModels, modelsDir, pullModel, DEFAULT_MODEL_BASE_URL, type GpuPreference } from '../app/models';
import { SearchSession } from '../app/searchService';
import { withStoreErrors } from '../app/jobSafety';
import { formatClock } from '../domain/time';
import { createProgressReporter } from './progressReporter';
import { errorLine, jsonText, printable } from './safeOutput';
import fs from 'node:fs';
import { stripControls } from '../domain/terminalText';

import { VERSION } from '../domain/version';
let verbose = false;

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

function printJson(value: unknown): void {
  process.stdout.write(jsonText(value) + '\n');
}

function notesJson(r: NotesResult) {
  return {
    notesPath: r.notesPath, transcriptPath: r.transcriptPath, graphPath: r.graphPath, jobId: r.jobId,
    title: r.title, engine: r.engine, engineReason: r.engineReason, durationSec: r.durationSec,
    resumedChunks: r.resumedChunks, sections: r.sections,
  };
}

/** The shell's convention: 128 + the signal's number (SIGINT 2 → 130, SIGTERM 15 → 143). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };
let stoppedBy: NodeJS.Signals | null = null;

/** Ctrl-C or SIGTERM aborts the job cleanly: finished chunks stay in the store for the next run; a second one exits at once. */
function abortOnSignals(): AbortController {
  const ac = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(SIGNAL_EXIT[signal] ?? 130);
    stoppedBy = signal;
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return ac;
}

const program = new Command()
  .name('videoinsight')
  .description('Turn a video (URL, playlist or local file) into timestamped, searchable Markdown notes.')
  .version(VERSION)
  .option('--verbose', 'show stack traces and debug logs')
  // Usage errors are one line too, in the same form as every other error.
  .configureOutput({ outputError: (str, write) => write(`videoinsight: ${errorLine(str.replace(/^error: /, '').trim())} (see --help)\n`) })
  .hook('preAction', (cmd) => {
    verbose = Boolean(cmd.opts().verbose);
  });

program
  .command('notes')
  .description('make notes.md and transcript.md from a video URL, playlist or local media file')
  .argument('<source>', 'http(s) URL or path to a media file')
  .option('--out <dir>', 'notes root folder', 'notes')
  .addOption(new Option('--engine <engine>', 'speech-to-text engine').choices(['auto', 'whisper', 'captions', 'pocketsphinx']).default('auto'))
  .option('--model <name|path>', 'whisper model name (see `videoinsight models list`) or a ggml file')
  .option('--language <code>', 'spoken language ("auto" detects it)', 'auto')
  .option('--translate', 'translate speech to English (whisper)')
  .option('--threads <n>', 'CPU threads for whisper', positiveInt)
  .addOption(new Option('--quality <tier>', 'model size, analysis depth and parallelism').choices(['basic', 'standard', 'premium']).default('standard'))
  .addOption(new Option('--gpu <backend>', 'GPU preference for whisper').choices(['auto', 'cuda', 'vulkan', 'cpu']).default('auto'))
  .option('--yt-dlp <path>', 'yt-dlp binary (default: yt-dlp on PATH)')
  .option('--ffmpeg <path>', 'ffmpeg binary (default: ffmpeg on PATH)')
  .option('--no-index', 'do not add the notes to the search index now (search indexes on demand)')
  .option('--json', 'print one JSON object with the result')
  .option('--queue <postgres-url>', 'run it on the team\'s workers (PostgreSQL); the notes still land in --out')
  .option('--detach', 'with --queue: submit, print the job id and return')
  .option('--max-hours <h>', 'refuse a source longer than this', positiveNumber, DEFAULT_MAX_DURATION_SEC / 3600)
  .action(async (source: string, o: {
    out: string; engine: EngineChoice; model?: string; language: string; translate?: boolean; threads?: number;
    quality: QualityTier; gpu: GpuPreference; ytDlp?: string; ffmpeg?: string; index: boolean; json?: boolean;
    queue?: string; detach?: boolean; maxHours: number;
  }) => {
    const reporter = createProgressReporter(process.stderr, false);
    const ac = abortOnSignals();
    const req = {
      source, outDir: o.out, engine: o.engine, model: o.model, language: o.language, translate: o.translate ?? false,
      threads: o.threads, quality: o.quality, gpu: o.gpu, ytDlpPath: o.ytDlp, ffmpegPath: o.ffmpeg, skipIndex: !o.index,
      maxDurationSec: o.maxHours * 3600,
    };
    const hooks = { signal: ac.signal, onProgress: (e: ProgressEvent) => reporter.update(e), log: (line: string) => reporter.log(line) };
    if (o.detach && !o.queue) throw new UserError('--detach needs --queue (a local run has nothing to detach from)', 'EUSAGE');
    try {
      if (o.queue && o.detach) {
        const ids = await withStoreErrors(o.out, () => submitTeamJobs({ ...req, queueUrl: o.queue! }, hooks));
        reporter.stop();
        if (o.json) printJson({ jobIds: ids });
        else for (const id of ids) process.stdout.write(`${id}\n`);
        return;
      }
      const results = await withStoreErrors(o.out, () => (o.queue ? teamNotes({ ...req, queueUrl: o.queue }, hooks) : generateNotes(req, hooks)));
      reporter.stop();
      if (o.json) {
        printJson(results.length === 1 ? notesJson(results[0]) : { jobs: results.map(notesJson) });
      } else {
        for (const r of results) {
          process.stdout.write(`${printable(r.notesPath)}\n`);
          process.stderr.write(`  ${r.sections.length} sections, ${formatClock(r.durationSec)}, engine ${r.engine}; transcript: ${printable(r.transcriptPath)}\n`);
        }
      }
    } finally {
      reporter.stop();
    }
  });

program
  .command('search')
  .description('search every note under the notes root by meaning and by words')
  .argument('<query>', 'what to look for')
  .option('--out <dir>', 'notes root folder', 'notes')
  .option('-k <n>', 'how many results', positiveInt, 10)
  .option('--json', 'print one JSON object with the results')
  .action(async (query: string, o: { out: string; k: number; json?: boolean }) => {
    const outDir = path.resolve(o.out);
    // A mistyped --out is an error, not a new empty notes root with a store in it.
    if (!fs.existsSync(outDir)) throw new UserError(`no notes folder ${outDir}: pass the --out of an earlier \`videoinsight notes\` run`, 'EOUT');
    if (!fs.statSync(outDir).isDirectory()) throw new UserError(`--out ${outDir} is not a folder`, 'EOUT');
    const session = await withStoreErrors(outDir, () => SearchSession.open(outDir, { warn: (line) => process.stderr.write(`${printable(line)}\n`) }));
    try {
      const results = await withStoreErrors(outDir, async () => {
        await session.index();
        return session.search(query, { k: o.k });
      });
      if (o.json) {
        printJson({ query, results });
        return;
      }
      if (results.length === 0) process.stderr.write('no results\n');
      for (const r of results) {
        const at = r.startSec === null ? '' : ` [${formatClock(r.startSec)}]`;
        process.stdout.write(`${r.score.toFixed(3)}  ${printable(path.relative(process.cwd(), r.file))}:${r.line}${at}  ${printable(r.text).slice(0, 160)}\n`);
      }
    } finally {
      session.close();
    }
  });

const jobsCommand = program
  .command('jobs')
  .description('list the jobs under the notes root, or the team\'s jobs with --queue (the same notes command again resumes an unfinished one)')
  .option('--out <dir>', 'notes root folder', 'notes')
  .option('--queue <postgres-url>', 'list the team\'s jobs')
  .option('--json', 'print one JSON object')
  .action(async (o: { out: string; queue?: string; json?: boolean }) => {
    const jobs = o.queue ? await withTeamConnection(o.queue, listTeamJobs) : await withStoreErrors(o.out, () => listJobs(o.out));
    if (o.json) {
      printJson({ jobs });
      return;
    }
    if (jobs.length === 0) process.stderr.write(o.queue ? 'no team jobs\n' : `no jobs under ${printable(path.resolve(o.out))}\n`);
    for (const j of jobs) {
      process.stdout.write(`${j.id}  ${j.status.padEnd(9)}  ${j.engine ?? '-'}  ${printable(j.title ?? j.source)}${j.error ? `  (${errorLine(j.error)})` : ''}\n`);
    }
  });

/** `jobs cancel ID --queue URL`: commander hands a --queue after the id to `jobs` itself. */
function teamQueueOf(o: { queue?: string }): string {
  const queue = o.queue ?? (jobsCommand.opts() as { queue?: string }).queue;
  if (!queue) throw new UserError('cancel and resume are for team jobs: pass --queue postgres://… (a local run stops with Ctrl-C and resumes when run again)', 'EUSAGE');
  return queue;
}

jobsCommand
  .command('cancel')
  .description('cancel a team job: workers stop its chunks at once (resume keeps what is done)')
  .argument('<id>', 'job id (see `videoinsight jobs --queue …`)')
  .option('--queue <postgres-url>', 'the team\'s PostgreSQL')
  .action(async (id: string, o: { queue?: string }) => {
    await withTeamConnection(teamQueueOf(o), (conn) => cancelTeamJob(conn, id));
    process.stderr.write(`cancelled ${printable(id)}\n`);
  });
jobsCommand
  .command('resume')
  .description('run a failed or cancelled team job again from its checkpoints')
  .argument('<id>', 'job id (see `videoinsight jobs --queue …`)')
  .option('--queue <postgres-url>', 'the team\'s PostgreSQL')
  .action(async (id: string, o: { queue?: string }) => {
    const state = await withTeamConnection(teamQueueOf(o), (conn) => resumeTeamJob(conn, id));
    process.stderr.write(`${printable(id)}: ${state === 'resumed' ? 'queued again' : `already ${state}`}\n`);
  });

jobsCommand
  .command('delete')
  .description('delete a job of the notes root: its notes folder (unless another job writes there), its search passages and its store rows')
  .argument('<id>', 'job id (see `videoinsight jobs`)')
  .option('--out <dir>', 'notes root folder')
  .action(async (id: string, o: { out?: string }) => {
    // commander hands an --out after the id to `jobs` itself.
    const out = o.out ?? (jobsCommand.opts() as { out: string }).out;
    const r = await withStoreErrors(out, () => deleteJob(out, id));
    process.stderr.write(`deleted ${printable(id)}${r.removedFolder ? ` and ${printable(r.removedFolder)}` : ''}\n`);
  });

program
  .command('worker')
  .description('run team jobs from the PostgreSQL queue until SIGTERM/SIGINT (finishes or hands back its tasks, exits 0)')
  .requiredOption('--queue <postgres-url>', 'the team\'s PostgreSQL')
  .option('--concurrency <n>', 'tasks at once (default: what cores and memory allow)', positiveInt)
  .option('--work-dir <dir>', 'downloads, decoded audio and caches of this worker', defaultWorkDir())
  .option('--yt-dlp <path>', 'yt-dlp binary (default: yt-dlp on PATH)')
  .option('--ffmpeg <path>', 'ffmpeg binary (default: ffmpeg on PATH)')
  .action(async (o: { queue: string; concurrency?: number; workDir: string; ytDlp?: string; ffmpeg?: string }) => {
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (stop.signal.aborted) process.exit(SIGNAL_EXIT[signal] ?? 130);
      process.stderr.write(`worker: ${signal}: handing back running tasks\n`);
      stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    await runWorker({
      queueUrl: o.queue, concurrency: o.concurrency, workDir: path.resolve(o.workDir), ytDlpPath: o.ytDlp, ffmpegPath: o.ffmpeg,
      stop: stop.signal, log: (line) => process.stderr.write(`${printable(line)}\n`),
    });
  });

const models = program.command('models').description('whisper.cpp models: list what is installed, pull one');
models
  .command('list')
  .option('--json', 'print one JSON object')
  .action((o: { json?: boolean }) => {
    const list = listModels();
    if (o.json) {
      printJson({ dir: modelsDir(), models: list });
      return;
    }
    process.stderr.write(`models folder: ${modelsDir()}\n`);
    for (const m of list) process.stdout.write(`${m.present ? '*' : ' '} ${m.name}${m.sizeBytes ? `  ${(m.sizeBytes / 1e6).toFixed(0)} MB` : ''}\n`);
  });
models
  .command('pull')
  .argument('<name>', 'model name, e.g. base.en')
  .option('--base-url <url>', 'where models are downloaded from', DEFAULT_MODEL_BASE_URL)
  .action(async (name: string, o: { baseUrl: string }) => {
    const reporter = createProgressReporter(process.stderr, false);
    const ac = abortOnSignals();
    try {
      const file = await pullModel(name, {
        baseUrl: o.baseUrl, signal: ac.signal,
        onProgress: (done, total) => reporter.update({
          stage: 'transcribe', fraction: total ? done / total : 0, message: `${(done / 1e6).toFixed(1)} MB${total ? ` of ${(total / 1e6).toFixed(1)} MB` : ''}`,
        }),
      });
      reporter.stop();
      process.stdout.write(file + '\n');
    } finally {
      reporter.stop();
    }
  });

function fail(e: unknown): never {
  const err = e as Error & { code?: string };
  if (verbose && err?.stack) process.stderr.write(stripControls(err.stack) + '\n');
  const message = errorLine(String(err?.message ?? e).split('\n')[0] ?? '');
  process.stderr.write(`videoinsight: ${message}\n`);
  process.exit(err instanceof CancelledError ? SIGNAL_EXIT[stoppedBy ?? 'SIGINT'] ?? 130 : 1);
}

program.parseAsync(process.argv).then(
  // Native handles (onnxruntime, tfjs) can keep the event loop alive after the work is done.
  () => process.exit(0),
  fail,
);
