import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db";
import { ledger } from "../db/schema";
import { getLogger } from "../logging/logger";
import type { ChargeQueue } from "./charges";
import type { Meter } from "./meter";

/**
 * Releases reservations whose instance is gone. A reservation whose charge reached the ledger before the
 * crash is settled with that charge (so the cached balance follows the ledger); any other is released.
 */
export async function sweepReservations(db: Db, meter: Meter, queue: ChargeQueue, now = Date.now()): Promise<number> {
  const ids = (await meter.expired(now)).filter((id) => !queue.has(id));
  if (ids.length === 0) return 0;
  const booked = await db
    .select({ reference: ledger.reference, amount: ledger.amountMicro })
    .from(ledger)
    .where(and(eq(ledger.kind, "charge"), inArray(ledger.reference, ids)));
  const costs = new Map(booked.map((row) => [row.reference!, -row.amount]));
  await Promise.all(ids.map((id) => meter.settle(id, costs.get(id) ?? 0)));
  getLogger().warn({ count: ids.length, charged: costs.size }, "released reservations left by a stopped instance");
  return ids.length;
}
