// The two errors every layer shares. A UserError is printed as one line (no stack); a
// CancelledError is the one way any stage reports that its AbortSignal fired.

/** A user-facing failure: the CLI prints `message` as one line, no stack. */
export class UserError extends Error {
  constructor(message: string, readonly code: string = 'EUSER') {
    super(message);
    this.name = 'UserError';
  }
}

const CANCELLED = 'cancelled: finished work is kept; run the same command again to resume';

/** Thrown by any stage whose AbortSignal fired. The CLI exits 130 on it. */
export class CancelledError extends UserError {
  constructor(message: string = CANCELLED) {
    super(message, 'ECANCELLED');
    this.name = 'CancelledError';
  }
}

/** The one cancellation check: throws CancelledError when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/**
 * True when `error` means "stopped because cancelled": our CancelledError, any error once the signal
 * fired (a killed yt-dlp exits non-zero), or a library's AbortError (fetch, child_process, timers).
 */
export function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  if (error instanceof CancelledError || signal?.aborted === true) return true;
  return error instanceof Error && error.name === 'AbortError' && signal === undefined;
}
