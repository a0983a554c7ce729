import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db";
import { ledger } from "../db/schema";
import { getLogger } from "../logging/logger";
import type { ChargeQueue } from "./charges";
import { bookCharges } from "./ledger";
import type { Meter } from "./meter";

/**
 * Ends reservations whose lease ran out (their instance is gone). One whose charge reached the ledger is settled
 * with it; one that recorded a charge (a completed answer, or what a stream had delivered) is booked at that mark
 * and settled; any other is released. Booking and settling act once by request id, so sweepers may overlap.
 */
export async function sweepReservations(db: Db, meter: Meter, queue: ChargeQueue, now = Date.now()): Promise<number> {
  const expired = (await meter.expired(now)).filter((r) => !queue.has(r.id));
  if (expired.length === 0) return 0;
  const ids = expired.map((r) => r.id);
  const booked = await db
    .select({ reference: ledger.reference, amount: ledger.amountMicro })
    .from(ledger)
    .where(and(eq(ledger.kind, "charge"), inArray(ledger.reference, ids)));
  const costs = new Map(booked.map((row) => [row.reference!, -row.amount]));
  const toBook = expired.filter((r) => !costs.has(r.id) && r.mark && r.mark.costMicro > 0 && r.userId);
  await bookCharges(
    db,
    toBook.map((r) => ({ requestId: r.id, userId: r.userId, keyId: r.keyId, costMicro: r.mark!.costMicro, priceId: r.mark!.priceId, note: r.mark!.note })),
  );
  for (const r of toBook) costs.set(r.id, r.mark!.costMicro);
  await Promise.all(ids.map((id) => meter.settle(id, costs.get(id) ?? 0)));
  getLogger().warn({ count: ids.length, charged: costs.size, bookedNow: toBook.length }, "ended reservations left by a stopped instance");
  return ids.length;
}
