import { addDays, dayInZone, startOfDayInZone } from "../../core/format/time";
import type { Db } from "../../db";
import { invoices } from "../../db/schema";
import { newId } from "../../ids";
import { getOrgRequisites } from "./get-org-requisites";
import { getSellerRequisites } from "./get-seller-requisites";
import { INVOICE_VALID_DAYS } from "./invoice-document";
import { invoiceNumberText } from "../../legal/match-payments";
import { takeDocumentNumber } from "./take-document-number";
import { LegalError } from "./legal-error";
import { vatRateFor } from "./vat-rate-for";

export interface IssueInvoiceInput {
  orgId: string;
  /** Whole kopecks, VAT included (the rub-input helper's AMOUNT_RULES). */
  amountMicro: number;
  userId: string;
  now?: Date;
}

/**
 * Issues a numbered invoice: the next number of the year (gapless, taken in this transaction), the buyer's and the
 * seller's requisites copied in, the VAT rate of the day of issue (Moscow). Refuses with `requisites_missing` or
 * `seller_requisites_missing` until both are saved.
 */
export async function issueInvoice(db: Db, input: IssueInvoiceInput) {
  const now = input.now ?? new Date();
  const day = dayInZone(now);
  const year = Number(day.slice(0, 4));
  return db.transaction(async (tx) => {
    const buyer = await getOrgRequisites(tx, input.orgId);
    if (!buyer) throw new LegalError("requisites_missing");
    const seller = await getSellerRequisites(tx);
    if (!seller) throw new LegalError("seller_requisites_missing");
    const vatBasisPoints = seller.vatStatus === "vat" ? await vatRateFor(tx, day) : 0;
    const number = await takeDocumentNumber(tx, "invoice", year);
    const { updatedAt: _updatedAt, ...buyerSnapshot } = buyer;
    const [row] = await tx
      .insert(invoices)
      .values({
        id: newId("inv"),
        year,
        number,
        orgId: input.orgId,
        amountMicro: input.amountMicro,
        vatBasisPoints,
        buyer: buyerSnapshot,
        seller,
        issuedByUserId: input.userId,
        issuedAt: now,
        // Valid through the last day, Moscow time.
        expiresAt: startOfDayInZone(addDays(day, INVOICE_VALID_DAYS + 1)),
      })
      .returning();
    return { ...row!, numberText: invoiceNumberText(year, number) };
  });
}
