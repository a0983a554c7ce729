import { eq, sql } from "drizzle-orm";
import type { Db } from "../db";
import { ledger, users } from "../db/schema";

/**
 * The one module that writes ledger rows: every balance change (charges, credits, top-ups, promo codes) goes
 * through here, so each row's balance after and the user's balance move together. A test keeps it the only one.
 */

/** A transaction of the database (the credits below run inside their caller's). */
export type LedgerTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface LedgerEntry {
  userId: string;
  kind: "topup" | "charge" | "refund" | "adjustment" | "promo";
  /** Signed: credits positive, charges negative. */
  amountMicro: number;
  /** Idempotency: the ledger's unique (kind, reference) books an entry once. */
  reference?: string;
  note?: string;
  keyId?: string;
  /** Back-dates the row (tests of statements and periods only). */
  createdAt?: Date;
}

/** Moves the balance and writes its ledger row, inside the caller's transaction; returns the balance after. */
export async function writeLedgerRow(tx: LedgerTx, entry: LedgerEntry): Promise<number> {
  const [updated] = await tx
    .update(users)
    .set({ balanceMicro: sql`${users.balanceMicro} + ${entry.amountMicro}` })
    .where(eq(users.id, entry.userId))
    .returning({ balance: users.balanceMicro });
  if (!updated) throw new Error(`no user ${entry.userId}`);
  await tx.insert(ledger).values({
    userId: entry.userId,
    kind: entry.kind,
    amountMicro: entry.amountMicro,
    balanceAfterMicro: updated.balance,
    reference: entry.reference,
    note: entry.note,
    keyId: entry.keyId,
    ...(entry.createdAt ? { createdAt: entry.createdAt } : {}),
  });
  return updated.balance;
}

/**
 * Books a credit (top-up, promo, refund, adjustment) inside the caller's transaction. A row that already exists
 * for its kind and reference books nothing; the unique (kind, reference) index stays the last guard against a
 * concurrent one (the caller sees its 23505).
 */
export async function bookCredit(tx: LedgerTx, entry: LedgerEntry): Promise<{ booked: boolean; balanceMicro: number }> {
  if (entry.reference) {
    const [existing] = await tx
      .select({ id: ledger.id })
      .from(ledger)
      .where(sql`${ledger.kind} = ${entry.kind} and ${ledger.reference} = ${entry.reference}`);
    if (existing) {
      const [user] = await tx.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, entry.userId));
      return { booked: false, balanceMicro: user?.balance ?? 0 };
    }
  }
  return { booked: true, balanceMicro: await writeLedgerRow(tx, entry) };
}

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
  // One JSON parameter (a native JSON.stringify) rather than one array per column, whose elements pg escapes one
  // by one in JavaScript.
  const input = JSON.stringify(
    rows.map((c, i) => ({ reference: c.requestId, user_id: c.userId, key_id: c.keyId, cost: c.costMicro, price_id: c.priceId, note: c.note, ord: i + 1 })),
  );
  await db.execute(sql`
    with input as (
      select * from json_to_recordset(${input}::json)
        as t(reference text, user_id text, key_id text, cost bigint, price_id bigint, note text, ord int)
    ),
    -- The batch's own references in the index condition: whatever the planner believes of the ledger's size, the
    -- lookup is bounded by the batch (a plain anti join on stale statistics read every charge row).
    booked as (
      select l.reference from ledger l where l.kind = 'charge' and l.reference = any(array(select reference from input))
    ),
    fresh as (
      select i.* from input i where not exists (select 1 from booked b where b.reference = i.reference)
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
