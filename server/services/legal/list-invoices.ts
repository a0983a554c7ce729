import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { invoices } from "../../db/schema";
import { invoiceNumberText } from "../../legal/match-payments";

/** An organization's invoices, newest first, with status and what has been paid. */
export async function listInvoices(db: Db, orgId: string, limit = 100) {
  const rows = await db
    .select({
      id: invoices.id,
      year: invoices.year,
      number: invoices.number,
      amountMicro: invoices.amountMicro,
      paidMicro: invoices.paidMicro,
      vatBasisPoints: invoices.vatBasisPoints,
      status: invoices.status,
      issuedAt: invoices.issuedAt,
      expiresAt: invoices.expiresAt,
    })
    .from(invoices)
    .where(eq(invoices.orgId, orgId))
    .orderBy(desc(invoices.issuedAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, numberText: invoiceNumberText(row.year, row.number) }));
}
