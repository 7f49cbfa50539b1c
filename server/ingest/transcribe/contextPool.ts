// whisper contexts for parallel chunks: one context runs one job at a time (the binding holds a
// mutex per context), so each chunk in flight needs its own. Extra contexts load on first need,
// so a short job never pays for them; a job waits for a free context otherwise.
import type { WhisperContext } from '@fugood/whisper.node/lib/binding';
import { throwIfCancelled } from '../../domain/errors';

export interface ContextSlot {
  context: WhisperContext;
  busy: boolean;
}

export class ContextPool {
  private readonly slots: ContextSlot[];
  private readonly waiters: Array<() => void> = [];
  private closed = false;

  constructor(
    first: WhisperContext,
    private readonly size: number,
    private readonly openContext: () => WhisperContext,
    private readonly log: (line: string) => void,
  ) {
    this.slots = [{ context: first, busy: false }];
  }

  /** A free context, marked busy; waits for one when all `size` are in use. */
  async acquire(signal: AbortSignal): Promise<ContextSlot> {
    for (;;) {
      if (this.closed) throw new Error('whisper engine is closed');
      throwIfCancelled(signal);
      const free = this.slots.find((slot) => !slot.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      if (this.slots.length < this.size) {
        const slot = { context: this.openContext(), busy: true };
        this.slots.push(slot);
        this.log(`whisper: loaded context ${this.slots.length} of ${this.size}`);
        return slot;
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.waiters.push(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  release(slot: ContextSlot): void {
    slot.busy = false;
    this.waiters.shift()?.();
  }

  /** Wakes every waiter (they then see the pool closed) and releases every context. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
    // release() is safe while a (stopped) pass still runs: the native session outlives it.
    await Promise.all(this.slots.map((slot) => slot.context.release().catch(() => {})));
  }
}
