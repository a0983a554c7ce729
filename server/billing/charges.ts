import type { Db } from "../db";
import { getLogger } from "../logging/logger";
import { runChargesBookedHooks } from "./hooks";
import { bookCharges, type Charge } from "./ledger";
import type { Meter } from "./meter";

const FLUSH_MS = 200;
const MAX_RETRY_MS = 5_000;
const MAX_BATCH = 500;

interface Queued extends Charge {
  queuedAt: number;
}

/** What waits in the queue: a backlog that only grows, or an old charge, means the booking is stuck. */
export interface ChargeBacklog {
  /** Charges not yet booked, plus booked ones whose reservation is not yet settled. */
  waiting: number;
  /** Age of the oldest waiting charge, 0 when none waits. */
  oldestMs: number;
}

/**
 * Queues settled requests and books them in batches off the hot path, then settles their reservations. Booking
 * and settling are retried separately (both act once, by request id), with a growing pause while they fail; the
 * loop outlives any error. Each charge is also marked on its reservation before it is queued (see Meter.mark),
 * so what this process loses in a crash the sweeper books from the store.
 */
export class ChargeQueue {
  private queue: Queued[] = [];
  /** Booked charges whose settle has not reached the meter yet. */
  private unsettled: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly getDb: () => Promise<Db>,
    private readonly meter: Meter,
  ) {}

  /** True while a charge for the request waits in this process (the sweeper leaves it alone). */
  has(requestId: string): boolean {
    return this.queue.some((c) => c.requestId === requestId) || this.unsettled.some((c) => c.requestId === requestId);
  }

  backlog(now = Date.now()): ChargeBacklog {
    const waiting = this.queue.length + this.unsettled.length;
    const oldest = Math.min(this.queue[0]?.queuedAt ?? now, this.unsettled[0]?.queuedAt ?? now);
    return { waiting, oldestMs: now - oldest };
  }

  enqueue(charge: Charge): void {
    this.queue.push({ ...charge, queuedAt: Date.now() });
    if (!this.flushing) this.scheduleNext();
  }

  /** Books and settles one batch; never rejects. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 && this.unsettled.length === 0) return;
    this.flushing = this.flushBatch().finally(() => {
      this.flushing = undefined;
      this.scheduleNext();
    });
    await this.flushing;
  }

  /** Flushes until nothing waits or the time is up (a graceful stop); true when everything was booked. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length + this.unsettled.length > 0 && Date.now() < deadline) {
      await this.flush();
      if (this.failures > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, FLUSH_MS * 2 ** this.failures)));
    }
    return this.queue.length + this.unsettled.length === 0;
  }

  /**
   * A full batch is booked now, anything less within FLUSH_MS, and after a failure everything waits for the backoff.
   * Charges queued while a batch is booked wait for this too: taken at once, a busy gateway would book a few
   * charges per database round trip, back to back.
   */
  private scheduleNext(): void {
    if (this.queue.length >= MAX_BATCH && this.failures === 0) void this.flush();
    else if (this.queue.length > 0 || this.unsettled.length > 0)
      this.schedule(this.failures === 0 ? FLUSH_MS : Math.min(MAX_RETRY_MS, FLUSH_MS * 2 ** this.failures));
  }

  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => void this.flush(), ms).unref();
  }

  private async flushBatch(): Promise<void> {
    const log = getLogger();
    let failed = false;
    let booked = false;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (batch.length > 0) {
      try {
        await bookCharges(await this.getDb(), batch);
        this.unsettled.push(...batch);
        booked = true;
      } catch (err) {
        // The reservations stay held (and leased) while the charges wait, so nothing can be overspent meanwhile.
        log.error({ err, count: batch.length }, "could not book charges; retrying");
        this.queue.unshift(...batch);
        failed = true;
      }
    }
    const settling = this.unsettled.splice(0, this.unsettled.length);
    const results = await Promise.allSettled(settling.map((c) => this.meter.settle(c.requestId, c.costMicro)));
    const retry = settling.filter((_, i) => results[i]!.status === "rejected");
    if (retry.length > 0) {
      const err = (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as unknown;
      log.error({ err, count: retry.length }, "could not settle booked charges; retrying");
      this.unsettled.unshift(...retry);
      failed = true;
    }
    this.failures = failed ? this.failures + 1 : 0;
    if (booked) await runChargesBookedHooks(await this.getDb(), [...new Set(batch.map((c) => c.userId))]);
  }
}
