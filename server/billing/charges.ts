import { sql } from "drizzle-orm";
import type { Db } from "../db";
import { getLogger } from "../logging/logger";
import { checkLowBalance } from "../services/billing/low-balance";
import type { Meter } from "./meter";

export interface Charge {
  /** The request id; the ledger's unique (kind, reference) makes a charge book once whatever retries. */
  requestId: string;
  userId: string;
  keyId: string;
  costMicro: number;
  priceId: number;
  note: string;
}

/**
 * Books charges in one statement per batch (rows inserted in batch order, so ledger ids follow the running
 * balance; the user row lock orders concurrent batches): ledger rows with the balance after each, and the balances, move
 * together; charges already booked are skipped. Returns the request ids booked now or before.
 */
export async function bookCharges(db: Db, charges: Charge[]): Promise<void> {
  const unique = new Map(charges.filter((c) => c.costMicro > 0).map((c) => [c.requestId, c]));
  const rows = [...unique.values()];
  if (rows.length === 0) return;
  const param = <T>(pick: (c: Charge) => T) => sql.param(rows.map(pick));
  await db.execute(sql`
    with input as (
      select * from unnest(${param((c) => c.requestId)}::text[], ${param((c) => c.userId)}::text[],
        ${param((c) => c.keyId)}::text[], ${param((c) => c.costMicro)}::bigint[], ${param((c) => c.priceId)}::bigint[],
        ${param((c) => c.note)}::text[]) with ordinality as t(reference, user_id, key_id, cost, price_id, note, ord)
    ),
    fresh as (
      select i.* from input i
      where not exists (select 1 from ledger l where l.kind = 'charge' and l.reference = i.reference)
    ),
    totals as (select user_id, sum(cost) as total from fresh group by user_id),
    updated as (
      update users u set balance_micro = u.balance_micro - t.total from totals t where u.id = t.user_id
      returning u.id, u.balance_micro
    )
    insert into ledger (user_id, kind, amount_micro, balance_after_micro, reference, note, key_id, price_id)
    select f.user_id, 'charge', -f.cost,
      up.balance_micro + coalesce(sum(f.cost) over (partition by f.user_id order by f.ord desc
        rows between unbounded preceding and 1 preceding), 0),
      f.reference, f.note, f.key_id, f.price_id
    from fresh f join updated up on up.id = f.user_id
    order by f.user_id, f.ord`);
}

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
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.schedule(FLUSH_MS);
  }

  /** Books and settles one batch; never rejects. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 && this.unsettled.length === 0) return;
    this.flushing = this.flushBatch().finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0 || this.unsettled.length > 0)
        this.schedule(this.failures === 0 ? FLUSH_MS : Math.min(MAX_RETRY_MS, FLUSH_MS * 2 ** this.failures));
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
    if (booked) {
      try {
        await checkLowBalance(await this.getDb(), [...new Set(batch.map((c) => c.userId))]);
      } catch (err) {
        log.warn({ err }, "low-balance check failed");
      }
    }
  }
}
