import { and, eq, exists, gte, lt, notExists } from "drizzle-orm";
import type { Db } from "../../db";
import { closingDocuments, ledger, organizations } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import { lastMonths, monthRange } from "../billing/statement-period";
import { assertMonthOver, issueUpd } from "./issue-upd";
import { LegalError } from "./legal-error";
import { mailClosingDocuments } from "./mail-closing-documents";

/** The Moscow-time month before the one `now` falls in (YYYY-MM): the month the job closes. */
export const previousMonth = (now: Date) => lastMonths(now, 2)[1]!;

/**
 * The monthly job (the lease holder runs it hourly; each run is a no-op once the month is closed): a УПД for every
 * organization with charges in the previous Moscow month that has none yet, then the mail for every document not yet
 * mailed. An organization without requisites is skipped (and taken up by a later run once they are saved). A month
 * given that is not over yet is refused (`month_not_over`).
 */
export async function issueMonthClosingDocuments(db: Db, options: { now?: Date; month?: string } = {}) {
  const now = options.now ?? new Date();
  const month = options.month ?? previousMonth(now);
  assertMonthOver(month, now);
  const range = monthRange(month)!;
  const due = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        exists(
          db
            .select({ id: ledger.id })
            .from(ledger)
            .where(and(eq(ledger.userId, organizations.walletUserId), eq(ledger.kind, "charge"), gte(ledger.createdAt, range.from), lt(ledger.createdAt, range.to))),
        ),
        notExists(
          db
            .select({ id: closingDocuments.id })
            .from(closingDocuments)
            .where(and(eq(closingDocuments.orgId, organizations.id), eq(closingDocuments.period, month))),
        ),
      ),
    )
    .orderBy(organizations.createdAt, organizations.id);
  const issued: string[] = [];
  const skipped: { orgId: string; reason: string }[] = [];
  for (const { id } of due) {
    try {
      const { document, created } = await issueUpd(db, { orgId: id, month, now: options.now });
      if (created) issued.push(document.id);
    } catch (err) {
      if (!(err instanceof LegalError)) throw err;
      skipped.push({ orgId: id, reason: err.code });
    }
  }
  if (skipped.length) getLogger().info({ month, skipped }, "closing documents: organizations skipped");
  const mailed = await mailClosingDocuments(db);
  return { month, issued, skipped, mailed };
}
