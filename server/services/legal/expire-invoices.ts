import { and, eq, lte } from "drizzle-orm";
import type { Db } from "../../db";
import { invoices } from "../../db/schema";

/**
 * Marks issued invoices past their last day expired (the lease holder's job); returns how many. A part-paid invoice
 * stays open: the buyer paid against it, and the rest may still come by the same invoice's number.
 */
export async function expireInvoices(db: Db, now = new Date()): Promise<number> {
  const expired = await db
    .update(invoices)
    .set({ status: "expired" })
    .where(and(eq(invoices.status, "issued"), eq(invoices.paidMicro, 0), lte(invoices.expiresAt, now)))
    .returning({ id: invoices.id });
  return expired.length;
}
