import { FlushSchedule } from "../core/flush-schedule";
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
  private readonly schedule = new FlushSchedule({
    flush: () => this.flushBatch(),
    full: () => this.queue.length >= MAX_BATCH,
    waiting: () => this.queue.length > 0 || this.unsettled.length > 0,
    intervalMs: FLUSH_MS,
    retryMs: (failures) => Math.min(MAX_RETRY_MS, FLUSH_MS * 2 ** failures),
  });

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
    this.schedule.queued();
  }

  /** Books and settles one batch; never rejects. */
  flush(): Promise<void> {
    return this.schedule.now();
  }

  /** Flushes until nothing waits or the time is up (a graceful stop); true when everything was booked. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length + this.unsettled.length > 0 && Date.now() < deadline) {
      await this.flush();
      if (this.schedule.failures > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, FLUSH_MS * 2 ** this.schedule.failures)));
    }
    return this.queue.length + this.unsettled.length === 0;
  }

  /** False when booking or settling failed (what failed waits again). */
  private async flushBatch(): Promise<boolean> {
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
    if (booked) await runChargesBookedHooks(await this.getDb(), [...new Set(batch.map((c) => c.userId))]);
    return !failed;
  }
}
