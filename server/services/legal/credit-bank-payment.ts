import { and, eq, sql } from "drizzle-orm";
import { bookCredit, type LedgerTx } from "../../billing/ledger";
import { formatRub } from "../../core/format/rub";
import { bankPayments, invoices, organizations } from "../../db/schema";
import { shortDate } from "../../legal/documents/dates";
import { invoiceNumberText, type PaymentOutcome } from "../../legal/match-payments";
import { recordAuditEvent } from "../audit/record-event";
import type { RequestSource } from "../audit/kinds";

export interface PaymentToCredit {
  id: string;
  docNumber: string;
  docDate: string;
  payerName: string | null;
  amountMicro: number;
}

/** What a credit did to an invoice: how it stands against what was due, and its paidMicro after. */
export interface InvoicePayment {
  invoiceId: string;
  numberText: string;
  outcome: PaymentOutcome;
  paidMicro: number;
  amountMicro: number;
}

const rub = (micro: number) => formatRub(micro, "ru");

/**
 * Applies a payment to an issued invoice of `orgId` (locked for the rest of the transaction): paidMicro grows by the
 * whole payment; paid once it reaches the amount. Undefined when the invoice is no longer open (paid, cancelled,
 * expired) or not the organization's: the payment then credits the wallet without an invoice.
 */
export async function payInvoice(tx: LedgerTx, orgId: string, invoiceId: string, amountMicro: number): Promise<InvoicePayment | undefined> {
  const [invoice] = await tx
    .select({ year: invoices.year, number: invoices.number, amountMicro: invoices.amountMicro, paidMicro: invoices.paidMicro })
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.orgId, orgId), eq(invoices.status, "issued")))
    .for("update");
  if (!invoice) return undefined;
  const due = invoice.amountMicro - invoice.paidMicro;
  const paidMicro = invoice.paidMicro + amountMicro;
  await tx
    .update(invoices)
    .set({ paidMicro, ...(paidMicro >= invoice.amountMicro && { status: "paid" as const }) })
    .where(eq(invoices.id, invoiceId));
  return {
    invoiceId,
    numberText: invoiceNumberText(invoice.year, invoice.number),
    outcome: amountMicro === due ? "exact" : amountMicro < due ? "part" : "over",
    paidMicro,
    amountMicro: invoice.amountMicro,
  };
}

/** The note on the ledger row and the payment: which payment, which invoice, and how it stood against the invoice. */
export function bankPaymentNote(payment: PaymentToCredit, invoice: InvoicePayment | undefined): string {
  const order = `п/п № ${payment.docNumber} от ${shortDate(payment.docDate)}${payment.payerName ? `, ${payment.payerName}` : ""}`;
  if (!invoice) return `Банковский перевод: ${order}`;
  const head = `Оплата счёта № ${invoice.numberText}: ${order}`;
  if (invoice.outcome === "part")
    return `${head}. Частичная оплата: оплачено ${rub(invoice.paidMicro)} из ${rub(invoice.amountMicro)}, зачислено ${rub(payment.amountMicro)}`;
  if (invoice.outcome === "over")
    return `${head}. Переплата ${rub(invoice.paidMicro - invoice.amountMicro)}: зачислена вся сумма ${rub(payment.amountMicro)}`;
  return head;
}

/**
 * Credits a stored bank payment to an organization's wallet inside the caller's transaction (the one that wrote or
 * locked the payment row): ledger kind `topup`, reference `bank:<payment id>` (so exactly once), an audit event.
 * The caller tells the meter after the commit (creditMeter).
 */
export async function creditBankPayment(
  tx: LedgerTx,
  input: { payment: PaymentToCredit; orgId: string; invoice?: InvoicePayment; actorId: string | null; source?: RequestSource; status: "matched" | "assigned" },
): Promise<{ booked: boolean; walletUserId: string; note: string }> {
  const [org] = await tx.select({ walletUserId: organizations.walletUserId }).from(organizations).where(eq(organizations.id, input.orgId));
  if (!org) throw new Error(`no organization ${input.orgId}`);
  const note = bankPaymentNote(input.payment, input.invoice);
  const { booked } = await bookCredit(tx, {
    userId: org.walletUserId,
    kind: "topup",
    amountMicro: input.payment.amountMicro,
    reference: `bank:${input.payment.id}`,
    note,
  });
  await tx
    .update(bankPayments)
    .set({
      status: input.status,
      orgId: input.orgId,
      invoiceId: input.invoice?.invoiceId ?? null,
      creditedMicro: sql`${bankPayments.creditedMicro} + ${booked ? input.payment.amountMicro : 0}`,
      note,
    })
    .where(eq(bankPayments.id, input.payment.id));
  if (booked)
    await recordAuditEvent(tx, {
      kind: "bank.payment_credited",
      userId: org.walletUserId,
      actorId: input.actorId,
      subject: input.payment.id,
      source: input.source,
      data: { orgId: input.orgId, amountMicro: input.payment.amountMicro, invoiceId: input.invoice?.invoiceId ?? null, note },
    });
  return { booked, walletUserId: org.walletUserId, note };
}
