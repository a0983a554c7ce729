export interface FlushOptions {
  /** Writes a batch of what waits; false when it failed (what it took is queued again). */
  flush: () => Promise<boolean>;
  /** True when a full batch waits. */
  full: () => boolean;
  /** True when anything waits. */
  waiting: () => boolean;
  intervalMs: number;
  /** The pause after `failures` failed flushes in a row. */
  retryMs: (failures: number) => number;
}

/**
 * When a queue written in batches off the hot path is flushed: one flush at a time, a full batch at once, anything
 * less within `intervalMs`, and after a failed flush nothing before `retryMs`. What is queued while a flush runs
 * waits for the next one: taken at once, a busy process would write a few items per database round trip, back to
 * back, instead of one batch per interval.
 */
export class FlushSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Failed flushes in a row. */
  failures = 0;

  constructor(private readonly options: FlushOptions) {}

  /** Call after queueing. */
  queued(): void {
    if (!this.running) this.next();
  }

  /** Flushes now, after the flush that runs (if one does); resolves when it has ended. */
  async now(): Promise<void> {
    while (this.running) await this.running;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.options.waiting()) return;
    this.running = this.options
      .flush()
      .then((ok) => {
        this.failures = ok ? 0 : this.failures + 1;
      })
      .finally(() => {
        this.running = undefined;
        this.next();
      });
    await this.running;
  }

  private next(): void {
    if (this.failures === 0 && this.options.full()) void this.now();
    else if (this.options.waiting())
      this.timer ??= setTimeout(
        () => void this.now(),
        this.failures === 0 ? this.options.intervalMs : this.options.retryMs(this.failures),
      ).unref();
  }
}
