// Progress for the terminal: a bar (cli-progress) on a TTY, plain lines otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../domain/types';
import { printable } from './safeOutput';
import { formatDuration } from '../domain/time';

export interface ProgressReporter {
  update(e: ProgressEvent): void;
  log(line: string): void;
  stop(): void;
}

function formatEta(sec: number | undefined): string {
  return sec === undefined || !Number.isFinite(sec) ? '' : formatDuration(sec);
}

/** Every message and log line is made printable first (titles and tool output are untrusted). */
export function createProgressReporter(stream: NodeJS.WriteStream, quiet: boolean): ProgressReporter {
  const raw = createRawReporter(stream, quiet);
  return {
    update: (e) => raw.update({ ...e, message: printable(e.message) }),
    log: (line) => raw.log(printable(line)),
    stop: () => raw.stop(),
  };
}

function createRawReporter(stream: NodeJS.WriteStream, quiet: boolean): ProgressReporter {
  if (quiet) return { update() {}, log: (l) => stream.write(l + '\n'), stop() {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: ' {bar} {percentage}% | {stage} | {message} {eta_text}', hideCursor: true, clearOnComplete: true, stream },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(e) {
        const payload = { stage: e.stage, message: e.message, eta_text: e.etaSec !== undefined ? `| ${formatEta(e.etaSec)} left` : '' };
        if (!started) {
          bar.start(100, 0, payload);
          started = true;
        }
        bar.update(Math.round(e.fraction * 100), payload);
      },
      log(line) {
        if (started) bar.stop();
        started = false;
        stream.write(line + '\n');
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = '';
  return {
    update(e) {
      // One line per stage change or 5 % step keeps logs readable.
      const pct = Math.floor(e.fraction * 20) * 5;
      const key = `${e.stage}:${pct}`;
      if (key === last) return;
      last = key;
      const eta = formatEta(e.etaSec);
      stream.write(`[${String(pct).padStart(3)}%] ${e.stage}: ${e.message}${eta ? ` (${eta} left)` : ''}\n`);
    },
    log: (line) => stream.write(line + '\n'),
    stop() {},
  };
}
