import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { invoices } from "../../db/schema";
import { LegalError } from "./legal-error";

/**
 * Cancels an organization's open invoice (status `issued`); a paid, expired or cancelled one is refused with
 * `invoice_not_open`, another organization's is `invoice_not_found`. A payment quoting it later lands unmatched.
 */
export async function cancelInvoice(db: Db, orgId: string, invoiceId: string): Promise<void> {
  const cancelled = await db
    .update(invoices)
    .set({ status: "cancelled" })
    .where(and(eq(invoices.id, invoiceId), eq(invoices.orgId, orgId), eq(invoices.status, "issued")))
    .returning({ id: invoices.id });
  if (cancelled.length > 0) return;
  const [exists] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.id, invoiceId), eq(invoices.orgId, orgId)));
  throw new LegalError(exists ? "invoice_not_open" : "invoice_not_found");
}
