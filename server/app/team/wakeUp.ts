// Sleep until a notification fires or the time is up (whichever first): how workers wait for tasks
// and submitters for progress without polling the database faster than once a second.
export class WakeUp {
  private waiters: (() => void)[] = [];

  fire(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.push(done);
    });
  }
}
