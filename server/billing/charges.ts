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
const MAX_BATCH = 500;

/** Queues settled requests, books them in batches off the hot path, then settles their reservations. */
export class ChargeQueue {
  private queue: Charge[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly getDb: () => Promise<Db>,
    private readonly meter: Meter,
  ) {}

  /** True while a charge for the request waits in this process (the sweeper leaves it alone). */
  has(requestId: string): boolean {
    return this.queue.some((c) => c.requestId === requestId);
  }

  enqueue(charge: Charge): void {
    this.queue.push(charge);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  async flush(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.flushing = this.book(batch);
    await this.flushing;
    this.flushing = undefined;
    if (this.queue.length > 0) this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  private async book(batch: Charge[]): Promise<void> {
    try {
      await bookCharges(await this.getDb(), batch);
    } catch (err) {
      // The reservations stay held while the charges wait, so nothing can be overspent meanwhile.
      getLogger().error({ err, count: batch.length }, "could not book charges; retrying");
      this.queue.unshift(...batch);
      return;
    }
    await Promise.all(batch.map((c) => this.meter.settle(c.requestId, c.costMicro)));
    try {
      await checkLowBalance(await this.getDb(), [...new Set(batch.map((c) => c.userId))]);
    } catch (err) {
      getLogger().warn({ err }, "low-balance check failed");
    }
  }
}
