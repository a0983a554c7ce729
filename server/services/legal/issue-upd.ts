import { and, asc, eq, sql } from "drizzle-orm";
import { KOPECK_MICRO, roundToKopecks } from "../../core/format/rub";
import { addDays } from "../../core/format/time";
import type { Db } from "../../db";
import { closingDocuments, organizations } from "../../db/schema";
import { newId } from "../../ids";
import { roundLinesToKopecks } from "../../legal/documents/money";
import { vatIncluded } from "../../legal/vat";
import { monthRange } from "../billing/statement-period";
import type { ClosingDocumentData } from "./closing-document-data";
import { getOrgRequisites } from "./get-org-requisites";
import { getSellerRequisites } from "./get-seller-requisites";
import { LegalError } from "./legal-error";
import { monthCharges } from "./month-charges";
import { takeDocumentNumber } from "./take-document-number";
import { vatRateFor } from "./vat-rate-for";

export type ClosingDocument = typeof closingDocuments.$inferSelect;

export interface IssueUpdInput {
  orgId: string;
  /** YYYY-MM, a Moscow-time month. */
  month: string;
  /** Issue a correction of the month's УПД instead (when its charges changed since the latest document). */
  correction?: boolean;
  now?: Date;
}

/**
 * Refuses a month that is not over in Moscow time (`month_not_over`): its charges are not final, and a document once
 * issued never changes. Throws a RangeError for a month that is not YYYY-MM.
 */
export function assertMonthOver(month: string, now: Date = new Date()): void {
  const range = monthRange(month);
  if (!range) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  if (range.to.getTime() > now.getTime()) throw new LegalError("month_not_over");
}

/** The last day of a month (YYYY-MM-DD). */
const lastDay = (month: string) => addDays(`${addDays(`${month}-01`, 32).slice(0, 7)}-01`, -1);

/**
 * The month's УПД for an organization: its charges in the month summed exactly, rounded once half-up to kopecks;
 * VAT inside it at the rate of the document's date (the month's last day); the appendix by model and key rounded by
 * largest remainder so its lines add up to the total. Numbered in the year's gapless series inside this transaction.
 *
 * One per organization and month: asked again, it returns the one issued (`created: false`). Documents never
 * change; `correction` issues a new one referring to the month's УПД (`nothing_to_correct` when the amount is
 * what the latest document says). Refuses with `month_not_over`, `requisites_missing`, `seller_requisites_missing` or
 * `no_charges`.
 */
export async function issueUpd(db: Db, input: IssueUpdInput): Promise<{ document: ClosingDocument; created: boolean }> {
  assertMonthOver(input.month, input.now);
  return db.transaction(async (tx) => {
    // The organization's row lock queues concurrent issues for it (the job on one instance, an admin on another).
    const [org] = await tx
      .select({ walletUserId: organizations.walletUserId })
      .from(organizations)
      .where(eq(organizations.id, input.orgId))
      .for("update");
    if (!org) throw new LegalError("organization_not_found");
    const chain = await tx
      .select()
      .from(closingDocuments)
      .where(and(eq(closingDocuments.orgId, input.orgId), eq(closingDocuments.period, input.month)))
      .orderBy(asc(closingDocuments.issuedAt), asc(closingDocuments.id));
    const root = chain.find((document) => document.kind === "upd");
    const latest = chain.at(-1);
    if (root && !input.correction) return { document: root, created: false };
    if (!root && input.correction) throw new LegalError("document_not_found");

    const buyer = await getOrgRequisites(tx, input.orgId);
    if (!buyer) throw new LegalError("requisites_missing");
    const seller = await getSellerRequisites(tx);
    if (!seller) throw new LegalError("seller_requisites_missing");
    const { lines, totalMicro } = await monthCharges(tx, org.walletUserId, input.month);
    const amountMicro = roundToKopecks(totalMicro);
    if (latest ? amountMicro === latest.amountMicro : amountMicro <= 0) throw new LegalError(latest ? "nothing_to_correct" : "no_charges");

    const date = lastDay(input.month);
    const rateBasisPoints = seller.vatStatus === "vat" ? await vatRateFor(tx, date) : 0;
    const vatMicro = vatIncluded(amountMicro / KOPECK_MICRO, rateBasisPoints) * KOPECK_MICRO;
    const rounded = roundLinesToKopecks(lines.map((line) => line.amountMicro));
    const { updatedAt: _updatedAt, ...buyerSnapshot } = buyer;
    const year = Number(input.month.slice(0, 4));
    const data: ClosingDocumentData = {
      date,
      rateBasisPoints,
      exactMicro: totalMicro,
      lines: lines.map((line, i) => ({ ...line, roundedMicro: rounded[i]! })),
      buyer: buyerSnapshot,
      seller,
      ...(root &&
        latest && {
          correction: {
            ordinal: chain.length,
            root: { number: root.number, date: (root.data as ClosingDocumentData).date },
            replaces: { amountMicro: latest.amountMicro, vatMicro: latest.vatMicro },
          },
        }),
    };
    const number = await takeDocumentNumber(tx, root ? "upd_correction" : "upd", year);
    const [document] = await tx
      .insert(closingDocuments)
      .values({
        id: newId("cdoc"),
        orgId: input.orgId,
        kind: root ? "upd_correction" : "upd",
        year,
        number,
        period: input.month,
        amountMicro,
        vatMicro,
        correctsId: latest?.id ?? null,
        data,
        issuedAt: input.now ?? sql`now()`,
      })
      .returning();
    return { document: document!, created: true };
  });
}
