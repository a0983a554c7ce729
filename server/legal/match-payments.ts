import { defineMessages, type Locale } from "../core/locale";

/** An invoice's number as printed and as a buyer copies it into the purpose: «СЧ-2026-000017». */
export function invoiceNumberText(year: number, number: number): string {
  return `СЧ-${year}-${String(number).padStart(6, "0")}`;
}

/** The printed number as buyers copy it: «СЧ-2026-000017», «сч 2026/17», with a Latin C too; groups: year, number. */
export const INVOICE_NUMBER_RE = /(?<![\p{L}\d])[СсCc][Чч]\s*[-–—]?\s*(\d{4})\s*[-–—/]\s*0*(\d{1,9})(?!\d)/u;
const PRINTED = new RegExp(INVOICE_NUMBER_RE.source, "gu");
/** «счёт № 17 от 05.12.2026», «по счету №17», «сч. 17», «счет на оплату N 17 от 5.12.26». */
const WORDED =
  /(?<![\p{L}\d])сч(?:[её]т(?:у|а|ом|ов|ам)?|\.)?\s*(?:на\s+оплату\s*)?(?:№|N|No|#|номер)?\s*0*(\d{1,9})(?![\d-])(?:\s*от\s*\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2})(?!\d))?/giu;

export interface InvoiceReference {
  /** Absent when the buyer wrote only the number (and no date after «от»). */
  year?: number;
  number: number;
}

/** The invoice numbers a payment purpose names, printed ones first. */
export function findInvoiceReferences(purpose: string): InvoiceReference[] {
  const found: InvoiceReference[] = [];
  for (const match of purpose.matchAll(PRINTED)) found.push({ year: Number(match[1]), number: Number(match[2]) });
  // Without the printed numbers, so «сч 2026/17» is not read again as invoice 2026.
  for (const match of purpose.replace(PRINTED, " ").matchAll(WORDED)) {
    const year = match[2] ? Number(match[2].length === 2 ? `20${match[2]}` : match[2]) : undefined;
    found.push({ year, number: Number(match[1]) });
  }
  return found;
}

/** What matching needs of a parsed incoming document (a `StatementDocument` fits). */
export interface IncomingPayment {
  number: string;
  date: string;
  payerAccount: string;
  payerInn: string | null;
  amountMicro: number;
  purpose: string;
}

/** An issued, not fully paid invoice. */
export interface OpenInvoice {
  id: string;
  year: number;
  number: number;
  buyerInn: string;
  amountMicro: number;
  paidMicro: number;
}

/** bank_payments' unique (docNumber, docDate, payerAccount): the same payment in two files is booked once. */
export function paymentKey(payment: Pick<IncomingPayment, "number" | "date" | "payerAccount">): string {
  return `${payment.number}|${payment.date}|${payment.payerAccount}`;
}

export type PaymentOutcome = "exact" | "part" | "over";
export type UnmatchedReason = "duplicate" | "no_invoice_number" | "invoice_not_found" | "inn_mismatch" | "ambiguous";

export type PaymentMatch<P extends IncomingPayment = IncomingPayment> =
  | {
      status: "matched";
      payment: P;
      key: string;
      invoiceId: string;
      /** Against what was still due: exact, part (the invoice stays issued) or over (paid, the excess credited too). */
      outcome: PaymentOutcome;
      /** The whole payment goes to the wallet. */
      creditMicro: number;
      /** The invoice's paidMicro after this payment. */
      paidMicro: number;
    }
  | { status: "unmatched"; payment: P; key: string; reason: UnmatchedReason };

/**
 * Decides each incoming payment: matched when its purpose names an open invoice AND the payer's ИНН is the
 * invoice buyer's; otherwise unmatched with the reason (left for an admin to assign). A payment whose key was
 * booked before (`bookedKeys`) or appears earlier in the list is a duplicate. Payments to one invoice in the
 * same file add up, so the second half of a split payment comes out exact.
 */
export function matchPayments<P extends IncomingPayment>(
  payments: readonly P[],
  invoices: readonly OpenInvoice[],
  bookedKeys: ReadonlySet<string> = new Set(),
): PaymentMatch<P>[] {
  const seen = new Set(bookedKeys);
  const paid = new Map(invoices.map((invoice) => [invoice.id, invoice.paidMicro]));
  return payments.map((payment): PaymentMatch<P> => {
    const key = paymentKey(payment);
    const unmatched = (reason: UnmatchedReason) => ({ status: "unmatched" as const, payment, key, reason });
    if (seen.has(key)) return unmatched("duplicate");
    seen.add(key);

    const references = findInvoiceReferences(payment.purpose);
    if (!references.length) return unmatched("no_invoice_number");
    const named = invoices.filter((invoice) =>
      references.some((ref) => ref.number === invoice.number && (ref.year === undefined || ref.year === invoice.year)),
    );
    if (!named.length) return unmatched("invoice_not_found");
    const theirs = named.filter((invoice) => invoice.buyerInn === payment.payerInn);
    if (!theirs.length) return unmatched("inn_mismatch");
    if (theirs.length > 1) return unmatched("ambiguous");

    const invoice = theirs[0]!;
    const before = paid.get(invoice.id)!;
    const due = invoice.amountMicro - before;
    paid.set(invoice.id, before + payment.amountMicro);
    const outcome = payment.amountMicro === due ? "exact" : payment.amountMicro < due ? "part" : "over";
    return {
      status: "matched",
      payment,
      key,
      invoiceId: invoice.id,
      outcome,
      creditMicro: payment.amountMicro,
      paidMicro: before + payment.amountMicro,
    };
  });
}

export const matchMessages = defineMessages({
  ru: {
    exact: "Оплачен полностью",
    part: "Частичная оплата",
    over: "Переплата: зачислена вся сумма",
    duplicate: "Платёж уже загружен (тот же номер, дата и счёт плательщика)",
    no_invoice_number: "В назначении платежа нет номера счёта",
    invoice_not_found: "Счёт из назначения платежа не найден среди неоплаченных",
    inn_mismatch: "ИНН плательщика не совпадает с ИНН покупателя по счёту",
    ambiguous: "Назначение платежа подходит к нескольким счетам",
  },
  en: {
    exact: "Paid in full",
    part: "Part payment",
    over: "Overpayment: the whole amount credited",
    duplicate: "Already imported (same number, date and payer account)",
    no_invoice_number: "The payment purpose names no invoice",
    invoice_not_found: "The invoice in the purpose is not among the open ones",
    inn_mismatch: "The payer's INN is not the invoice buyer's",
    ambiguous: "The purpose fits more than one invoice",
  },
});

export function paymentMatchText(match: PaymentMatch, locale: Locale): string {
  return matchMessages[locale][match.status === "matched" ? match.outcome : match.reason];
}
