import { getLogger } from "../logging/logger";
import type { Store } from "../store";
import { leaseSettings } from "../store/leases";

/**
 * Which instance runs the background jobs: the one holding a single lease in the shared store. Every instance
 * asks for it every `renewEveryMs`; the holder's ask renews it. When the holder dies its lease runs out within
 * `leaseMs`, and the next ask of another instance takes it over: within `leaseMs + renewEveryMs` (40 s by
 * default). A holder counts itself as holding for one renewal interval less than the store does, so two
 * instances never both believe they hold it; the jobs are idempotent besides, so an overlap would cost only work.
 */
export class JobLease {
  private validUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    readonly holder = crypto.randomUUID(),
    private readonly key = "jobs:lease",
  ) {}

  /** Takes or renews the lease; true when this instance holds it now. */
  async renew(): Promise<boolean> {
    const asked = Date.now();
    const { leaseMs, renewEveryMs } = leaseSettings;
    const held = await this.store.leasePlace(this.key, this.holder, 1, leaseMs).catch((err: unknown) => {
      getLogger().warn({ err }, "could not renew the background jobs' lease");
      return false;
    });
    const was = this.held();
    this.validUntil = held ? asked + leaseMs - renewEveryMs : 0;
    if (held !== was)
      getLogger().info(
        { holder: this.holder },
        held ? "this instance runs the background jobs" : "another instance runs the background jobs",
      );
    return held;
  }

  /** True while this instance holds the lease (a job checks it before each run). */
  held(): boolean {
    return Date.now() < this.validUntil;
  }

  /** Asks now, then every renewal interval. */
  async start(): Promise<void> {
    this.timer ??= setInterval(() => void this.renew(), leaseSettings.renewEveryMs).unref();
    await this.renew();
  }

  /** Stops asking and gives the lease back, so another instance takes over at its next ask (a graceful stop). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.held()) return;
    this.validUntil = 0;
    await this.store.releasePlace(this.key, this.holder);
  }
}
