import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { bankPayments, organizations } from "../../db/schema";

/** Stored bank payments for the admin page, newest first: by default the unmatched ones waiting for a decision. */
export function listBankPayments(db: Db, options: { status?: "matched" | "unmatched" | "assigned"; limit?: number } = {}) {
  return db
    .select({
      id: bankPayments.id,
      importId: bankPayments.importId,
      docNumber: bankPayments.docNumber,
      docDate: bankPayments.docDate,
      payerName: bankPayments.payerName,
      payerInn: bankPayments.payerInn,
      payerAccount: bankPayments.payerAccount,
      amountMicro: bankPayments.amountMicro,
      purpose: bankPayments.purpose,
      status: bankPayments.status,
      creditedMicro: bankPayments.creditedMicro,
      note: bankPayments.note,
      orgId: bankPayments.orgId,
      orgName: organizations.name,
      invoiceId: bankPayments.invoiceId,
      createdAt: bankPayments.createdAt,
    })
    .from(bankPayments)
    .leftJoin(organizations, eq(organizations.id, bankPayments.orgId))
    .where(eq(bankPayments.status, options.status ?? "unmatched"))
    .orderBy(desc(bankPayments.createdAt))
    .limit(options.limit ?? 200);
}
