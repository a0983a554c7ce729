import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { topups } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { creditMeter } from "../credits/add-credits";
import { microToKopecks, parseKopecks } from "../../payments/yookassa/amount";
import type { YooKassaPayment } from "../../payments/yookassa/types";
import { bookTopupCredit } from "./credit-topup";
import { logOf, type TopupDeps, type TopupRow } from "./deps";

export type ApplyResult =
  | { result: "credited"; topupId: string; balanceMicro: number }
  | { result: "already_credited"; topupId: string }
  | { result: "canceled"; topupId: string; reason: string }
  | { result: "pending"; topupId: string }
  | { result: "rejected"; topupId: string; reason: string }
  | { result: "unknown_payment"; paymentId: string };

/**
 * Why a succeeded payment may not be credited to this top-up, or undefined when every rule of
 * payments-yookassa.md §8.1 step 5 holds. The amount credited is `amount` (what the payer paid), not
 * `income_amount` (after YooKassa's fee): the fee is ours, by decision.
 */
export function creditRefusal(topup: TopupRow, payment: YooKassaPayment, shopIsTest: boolean): string | undefined {
  if (payment.status !== "succeeded") return `status is ${payment.status}`;
  if (payment.paid !== true) return "paid is not true";
  if (payment.id !== topup.paymentId) return "payment id differs from the top-up's";
  if (payment.amount.currency !== "RUB") return `currency is ${payment.amount.currency}`;
  const paid = parseKopecks(payment.amount.value);
  const stored = microToKopecks(topup.amountMicro);
  if (paid === undefined || stored === undefined || paid !== stored)
    return `amount ${payment.amount.value} differs from the stored amount`;
  if (payment.metadata?.topup_id !== topup.id) return "metadata.topup_id does not name this top-up";
  if (payment.test !== shopIsTest) return `test flag ${payment.test} does not match the configured shop`;
  if (topup.test !== null && topup.test !== payment.test) return "test flag differs from the one stored at creation";
  return undefined;
}

/**
 * Applies what GET /payments/{id} returned (never a webhook body) to the local top-up that owns the payment:
 * credits it exactly once, or marks it canceled. Safe to run concurrently from the webhook, the return page
 * and the reconciler: the status update `where status <> 'credited'` is the once-only guard, and the ledger
 * row is written in the same transaction only when that update changed exactly one row.
 */
export async function applyPayment(deps: TopupDeps, payment: YooKassaPayment): Promise<ApplyResult> {
  const log = logOf(deps);
  const [topup] = await deps.db.select().from(topups).where(eq(topups.paymentId, payment.id));
  if (!topup) {
    log.warn({ paymentId: payment.id, status: payment.status }, "yookassa: payment of no local top-up, ignored");
    return { result: "unknown_payment", paymentId: payment.id };
  }

  if (payment.status === "succeeded") {
    const refusal = creditRefusal(topup, payment, await deps.payments.shopIsTest());
    if (refusal) {
      log.error({ topupId: topup.id, paymentId: payment.id, refusal }, "yookassa: succeeded payment not credited");
      return { result: "rejected", topupId: topup.id, reason: refusal };
    }
    const outcome = await deps.db.transaction(async (tx) => {
      const changed = await tx
        .update(topups)
        .set({ status: "credited", cancellationReason: null, updatedAt: sql`now()` })
        .where(and(eq(topups.id, topup.id), ne(topups.status, "credited")))
        .returning({ id: topups.id });
      if (changed.length !== 1) return undefined;
      const booked = await bookTopupCredit(tx, {
        userId: topup.userId,
        amountMicro: topup.amountMicro,
        reference: payment.id,
        note: `YooKassa top-up ${topup.id}`,
      });
      if (booked.booked)
        await recordAuditEvent(tx, {
          kind: "topup.credited",
          userId: topup.userId,
          actorId: null,
          subject: topup.id,
          data: { amountMicro: topup.amountMicro, paymentId: payment.id },
        });
      return booked;
    });
    if (!outcome) return { result: "already_credited", topupId: topup.id };
    // After the commit, as add-credits does: the gateway's cached balance counts the top-up at once.
    if (outcome.booked)
      await creditMeter(topup.userId, topup.amountMicro).catch((err: unknown) =>
        log.error({ err, topupId: topup.id }, "yookassa: top-up not added to the cached balance"),
      );
    if (!outcome.booked)
      log.error({ topupId: topup.id, paymentId: payment.id }, "yookassa: ledger already had this payment");
    log.info({ topupId: topup.id, paymentId: payment.id, amountMicro: topup.amountMicro }, "yookassa: top-up credited");
    return { result: "credited", topupId: topup.id, balanceMicro: outcome.balanceMicro };
  }

  if (payment.status === "canceled") {
    const reason = payment.cancellation_details?.reason ?? "canceled";
    await deps.db
      .update(topups)
      .set({ status: "canceled", cancellationReason: reason, updatedAt: sql`now()` })
      .where(and(eq(topups.id, topup.id), inArray(topups.status, ["new", "pending"])));
    if (topup.status === "credited") {
      // Final states never change at YooKassa (§3), so this means something is badly wrong.
      log.error({ topupId: topup.id, paymentId: payment.id }, "yookassa: credited top-up reported canceled");
    }
    return { result: "canceled", topupId: topup.id, reason };
  }

  // pending, or waiting_for_capture (cannot happen with capture: true): never credit before succeeded.
  if (payment.status === "waiting_for_capture") {
    log.warn(
      { topupId: topup.id, paymentId: payment.id },
      "yookassa: payment waits for capture although capture was true",
    );
  }
  return { result: "pending", topupId: topup.id };
}
