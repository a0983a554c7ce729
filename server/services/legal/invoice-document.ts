import { KOPECK_MICRO } from "../../core/format/rub";
import { addDays, dayInZone } from "../../core/format/time";
import { shortDate } from "../../legal/documents/dates";
import { rubText, vatRateText } from "../../legal/documents/money";
import type { InvoiceDocument } from "../../legal/documents/invoice-pdf";
import { vatIncluded } from "../../legal/vat";
import type { invoices } from "../../db/schema";
import type { Requisites } from "../../legal/requisites";
import type { SellerRequisites } from "./get-seller-requisites";
import { invoiceNumberText } from "../../legal/match-payments";

/** How long an invoice may be paid: the day of issue and this many calendar days after it (Moscow time). */
export const INVOICE_VALID_DAYS = 10;

type InvoiceRow = Pick<typeof invoices.$inferSelect, "year" | "number" | "amountMicro" | "vatBasisPoints" | "issuedAt" | "expiresAt" | "buyer" | "seller">;

/** The payment purpose printed on the invoice and in its QR: names the number, by which the payment is matched. */
export function invoicePurpose(row: InvoiceRow): string {
  const number = invoiceNumberText(row.year, row.number);
  const vat =
    row.vatBasisPoints > 0
      ? `в т.ч. НДС ${vatRateText(row.vatBasisPoints)} ${rubText(vatIncluded(row.amountMicro / KOPECK_MICRO, row.vatBasisPoints) * KOPECK_MICRO)} руб.`
      : "НДС не облагается";
  return `Оплата по счёту № ${number} от ${shortDate(dayInZone(row.issuedAt))} за доступ к API языковых моделей, ${vat}`;
}

/** What the PDF prints of an issued invoice: only its own snapshots, so it reads the same whatever changes later. */
export function invoiceDocument(row: InvoiceRow): InvoiceDocument {
  const seller = row.seller as SellerRequisites;
  const buyer = row.buyer as Requisites;
  const date = dayInZone(row.issuedAt);
  return {
    number: invoiceNumberText(row.year, row.number),
    date,
    validUntil: addDays(date, INVOICE_VALID_DAYS),
    seller: {
      name: seller.name,
      inn: seller.inn,
      kpp: seller.kpp,
      address: seller.address,
      bankName: seller.bankName,
      bik: seller.bik,
      account: seller.account,
      corrAccount: seller.corrAccount,
    },
    buyer: { name: buyer.name, inn: buyer.inn, kpp: buyer.kpp, address: buyer.address },
    amountMicro: row.amountMicro,
    vatBasisPoints: row.vatBasisPoints > 0 ? row.vatBasisPoints : null,
    purpose: invoicePurpose(row),
  };
}
