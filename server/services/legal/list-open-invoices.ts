import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { invoices, organizations } from "../../db/schema";
import { invoiceNumberText } from "../../legal/match-payments";

/** Every organization's open (issued) invoices, oldest first: what an admin may assign an unmatched payment to. */
export async function listOpenInvoices(db: Db) {
  const rows = await db
    .select({
      id: invoices.id,
      orgId: invoices.orgId,
      orgName: organizations.name,
      year: invoices.year,
      number: invoices.number,
      amountMicro: invoices.amountMicro,
      paidMicro: invoices.paidMicro,
      issuedAt: invoices.issuedAt,
    })
    .from(invoices)
    .innerJoin(organizations, eq(organizations.id, invoices.orgId))
    .where(eq(invoices.status, "issued"))
    .orderBy(asc(invoices.issuedAt))
    .limit(500);
  return rows.map((row) => ({ ...row, numberText: invoiceNumberText(row.year, row.number) }));
}
