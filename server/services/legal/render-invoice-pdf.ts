import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { invoices } from "../../db/schema";
import { invoicePdf } from "../../legal/documents/invoice-pdf";
import { invoiceDocument } from "./invoice-document";
import { invoiceNumberText } from "../../legal/match-payments";

/** An organization's invoice as a PDF (from its own snapshots); undefined when the organization has no such invoice. */
export async function renderInvoicePdf(db: Db, orgId: string, invoiceId: string): Promise<{ pdf: Uint8Array; filename: string } | undefined> {
  const [row] = await db.select().from(invoices).where(and(eq(invoices.id, invoiceId), eq(invoices.orgId, orgId)));
  if (!row) return undefined;
  return { pdf: await invoicePdf(invoiceDocument(row)), filename: `xrouter-invoice-${invoiceNumberText(row.year, row.number)}.pdf` };
}
