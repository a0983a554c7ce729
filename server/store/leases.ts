/**
 * How long what an instance holds in the shared store (billing holds, concurrency places) stays held without
 * renewal. Live instances renew well before that; a dead instance's holds run out within one lease.
 * XROUTER_LEASE_MS sets both at boot; tests shorten both. One object per process (on globalThis): the server
 * bundle and Next's routes are separate module graphs, and either may hold a lease.
 */
export const leaseSettings = ((globalThis as { __xrouterLeaseSettings?: { leaseMs: number; renewEveryMs: number } }).__xrouterLeaseSettings ??= {
  leaseMs: 30_000,
  renewEveryMs: 10_000,
});

/**
 * What this process holds under a lease, by id: renewed together, in one call, every `renewEveryMs` while
 * anything is held. A failed renewal is tried again at the next interval (the lease outlasts two of them).
 */
export class LeaseKeeper<T> {
  private readonly held = new Map<string, T>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly renew: (items: T[]) => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  hold(id: string, item: T): void {
    this.held.set(id, item);
    this.timer ??= setInterval(() => this.renewAll(), leaseSettings.renewEveryMs).unref();
  }

  drop(id: string): void {
    this.held.delete(id);
  }

  has(id: string): boolean {
    return this.held.has(id);
  }

  /** What is held now. */
  values(): IterableIterator<T> {
    return this.held.values();
  }

  private renewAll(): void {
    if (this.held.size > 0) {
      this.renew([...this.held.values()]).catch(this.onError);
      return;
    }
    // Stopped at the first interval with nothing held, not at each drop: under light load every request would
    // otherwise start and clear a timer.
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
