import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { topups, users } from "../../db/schema";
import { newId } from "../../ids";
import { formatKopecks, microToKopecks } from "../../payments/yookassa/amount";
import { YooKassaError } from "../../payments/yookassa/client";
import type { CreatePaymentRequest } from "../../payments/yookassa/types";
import { applyPayment } from "./apply-payment";
import { logOf, type TopupDeps, type TopupRow } from "./deps";
import { TOPUP_MAX_MICRO, TOPUP_MIN_MICRO } from "./topup-limits";

export type TopupInputCode = "amount_not_kopecks" | "amount_too_small" | "amount_too_large";

export class TopupInputError extends Error {
  constructor(readonly code: TopupInputCode) {
    super(code);
    this.name = "TopupInputError";
  }
}

/** YooKassa refused or could not be reached; the top-up stays `new` and the reconciler settles it. */
export class TopupProviderError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "TopupProviderError";
  }
}

export function validateTopupAmount(amountMicro: number): void {
  if (!Number.isSafeInteger(amountMicro) || microToKopecks(amountMicro) === undefined)
    throw new TopupInputError("amount_not_kopecks");
  if (amountMicro < TOPUP_MIN_MICRO) throw new TopupInputError("amount_too_small");
  if (amountMicro > TOPUP_MAX_MICRO) throw new TopupInputError("amount_too_large");
}

/** The page YooKassa sends the payer back to; it carries our top-up id (YooKassa adds nothing to it, §2.3). */
export function topupReturnUrl(returnUrlBase: string, topupId: string): string {
  return `${returnUrlBase.replace(/\/+$/, "")}/billing/topup?id=${encodeURIComponent(topupId)}`;
}

/** The POST /payments body, built only from stored fields (§8.1 step 2). */
export function paymentRequestFor(
  topup: Pick<TopupRow, "id" | "amountMicro">,
  returnUrl: string,
  options: { email?: string; receipt?: { vatCode: number; paymentSubject?: string; paymentMode?: string } } = {},
): CreatePaymentRequest {
  const kopecks = microToKopecks(topup.amountMicro);
  if (kopecks === undefined) throw new TopupInputError("amount_not_kopecks");
  const amount = { value: formatKopecks(kopecks), currency: "RUB" };
  const description = `Пополнение баланса XRouter, заявка ${topup.id}`.slice(0, 128);
  const body: CreatePaymentRequest = {
    amount,
    capture: true,
    confirmation: { type: "redirect", return_url: returnUrl },
    description,
    metadata: { topup_id: topup.id },
  };
  if (options.receipt && options.email) {
    // 54-FZ receipt (§2.4): one advance item for the whole amount; subject/mode for a top-up are UNCONFIRMED (tax question).
    body.receipt = {
      customer: { email: options.email },
      items: [
        {
          description: "Пополнение баланса XRouter",
          quantity: 1,
          amount,
          vat_code: options.receipt.vatCode,
          payment_subject: options.receipt.paymentSubject ?? "payment",
          payment_mode: options.receipt.paymentMode ?? "advance",
          measure: "piece",
        },
      ],
    };
  }
  return body;
}

export interface CreateTopupInput {
  userId: string;
  amountMicro: number;
  /** Origin of the portal, e.g. https://xrouter.example.ru; the return page is <base>/billing/topup?id=… */
  returnUrlBase: string;
}

/**
 * §8.1 steps 1–3: validate, store the top-up with a fresh UUID v4 idempotence key BEFORE any network call,
 * create the payment with that key (the client resends the same bytes on network errors and 500), then
 * store the payment id and confirmation URL and mark the top-up pending.
 */
export async function createTopup(
  deps: TopupDeps,
  input: CreateTopupInput,
): Promise<{ topup: TopupRow; confirmationUrl: string }> {
  validateTopupAmount(input.amountMicro);
  const log = logOf(deps);
  const [row] = await deps.db
    .insert(topups)
    .values({
      id: newId("top"),
      userId: input.userId,
      amountMicro: input.amountMicro,
      status: "new",
      idempotenceKey: randomUUID(),
    })
    .returning();
  const topup = row!;
  const receipt = deps.payments.settings.receipt;
  let email: string | undefined;
  if (receipt) {
    const [user] = await deps.db.select({ email: users.email }).from(users).where(eq(users.id, input.userId));
    email = user?.email;
  }
  const body = paymentRequestFor(topup, topupReturnUrl(input.returnUrlBase, topup.id), { email, receipt });

  let payment;
  try {
    payment = await deps.payments.createPayment(body, topup.idempotenceKey);
  } catch (err) {
    log.error(
      { topupId: topup.id, err: err instanceof Error ? err.message : String(err) },
      "yookassa: creating the payment failed",
    );
    if (err instanceof YooKassaError) throw new TopupProviderError(err.message, err);
    throw err;
  }
  const confirmationUrl = payment.confirmation?.confirmation_url;
  const [updated] = await deps.db
    .update(topups)
    .set({
      paymentId: payment.id,
      status: "pending",
      confirmationUrl: confirmationUrl ?? null,
      test: payment.test,
      updatedAt: sql`now()`,
    })
    .where(and(eq(topups.id, topup.id), eq(topups.status, "new")))
    .returning();
  if (payment.status !== "pending") await applyPayment(deps, payment);
  if (!confirmationUrl)
    throw new TopupProviderError(`payment ${payment.id} has no confirmation URL (status ${payment.status})`, undefined);
  log.info({ topupId: topup.id, paymentId: payment.id, amountMicro: topup.amountMicro }, "yookassa: payment created");
  return { topup: updated ?? topup, confirmationUrl };
}
