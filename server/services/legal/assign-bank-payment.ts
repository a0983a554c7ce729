import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { bankPayments, organizations } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { creditMeter } from "../credits/add-credits";
import { creditBankPayment, payInvoice } from "./credit-bank-payment";
import { LegalError } from "./legal-error";

export interface AssignBankPaymentInput {
  paymentId: string;
  orgId: string;
  /** An open invoice of that organization the payment pays (optional). */
  invoiceId?: string | null;
  adminId: string;
  source?: RequestSource;
}

/**
 * An admin's decision for an unmatched payment: credit it to an organization's wallet (and optionally against one
 * of its open invoices), once. Refuses with `payment_already_credited` for a matched or assigned payment,
 * `payment_not_found`, `organization_not_found` or `invoice_not_open`.
 */
export async function assignBankPayment(db: Db, input: AssignBankPaymentInput): Promise<{ creditedMicro: number; note: string }> {
  const outcome = await db.transaction(async (tx) => {
    const [payment] = await tx.select().from(bankPayments).where(eq(bankPayments.id, input.paymentId)).for("update");
    if (!payment) throw new LegalError("payment_not_found");
    if (payment.status !== "unmatched") throw new LegalError("payment_already_credited");
    const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.orgId));
    if (!org) throw new LegalError("organization_not_found");
    const invoice = input.invoiceId ? await payInvoice(tx, input.orgId, input.invoiceId, payment.amountMicro) : undefined;
    if (input.invoiceId && !invoice) throw new LegalError("invoice_not_open");
    const credit = await creditBankPayment(tx, {
      payment,
      orgId: input.orgId,
      invoice,
      actorId: input.adminId,
      source: input.source,
      status: "assigned",
    });
    await recordAuditEvent(tx, {
      kind: "admin.bank_payment_assigned",
      userId: credit.walletUserId,
      actorId: input.adminId,
      subject: payment.id,
      source: input.source,
      data: { orgId: input.orgId, invoiceId: input.invoiceId ?? null, amountMicro: payment.amountMicro, booked: credit.booked },
    });
    return { ...credit, amountMicro: payment.amountMicro };
  });
  const creditedMicro = outcome.booked ? outcome.amountMicro : 0;
  if (creditedMicro > 0)
    await creditMeter(outcome.walletUserId, creditedMicro).catch((err: unknown) =>
      getLogger().error({ err, paymentId: input.paymentId }, "bank payment not added to the cached balance"),
    );
  return { creditedMicro, note: outcome.note };
}
