import { formatKopecks } from "../amount";
import { cardType } from "./test-cards";
import { iso } from "./ids-and-timestamps";
import type { PaymentState } from "./payment-store";

/** An illustrative 3.5% fee for income_amount; YooKassa's real fee depends on the contract. */
const FEE_PER_MILLE = 35;

/**
 * The wire object of a payment; which fields appear depends on the status (§9 "Field presence by status").
 * `baseUrl` is the emulator's own, where the confirmation page lives.
 */
export function renderPayment(p: PaymentState, baseUrl: string): Record<string, unknown> {
  const paid = p.status === "waiting_for_capture" || p.status === "succeeded";
  const amount = { value: formatKopecks(p.kopecks), currency: p.currency };
  const out: Record<string, unknown> = { id: p.id, status: p.status, paid, amount };
  if (p.status === "succeeded") {
    const fee = Math.round((p.kopecks * FEE_PER_MILLE) / 1000);
    // When income_amount appears is UNCONFIRMED; the emulator shows it once the payment has succeeded.
    out.income_amount = { value: formatKopecks(p.kopecks - fee), currency: p.currency };
  }
  if (p.description !== undefined) out.description = p.description;
  out.recipient = { account_id: p.shop.shopId, gateway_id: `${p.shop.shopId}1` };
  if (p.card) {
    out.payment_method = {
      type: "bank_card",
      id: p.id,
      saved: false,
      status: "inactive",
      title: `Bank card *${p.card.slice(-4)}`,
      card: {
        first6: p.card.slice(0, 6),
        last4: p.card.slice(-4),
        expiry_month: "12",
        expiry_year: String(new Date(p.createdAt).getUTCFullYear() + 3),
        card_type: cardType(p.card),
        issuer_country: "RU",
      },
    };
  }
  if (p.capturedAt !== undefined) out.captured_at = iso(p.capturedAt);
  out.created_at = iso(p.createdAt);
  if (p.status === "waiting_for_capture" && p.expiresAt !== undefined) out.expires_at = iso(p.expiresAt);
  if (p.status === "pending" && p.returnUrl !== undefined) {
    // Whether confirmation stays after the payment leaves pending is UNCONFIRMED; here it is shown only while pending.
    out.confirmation = { type: "redirect", confirmation_url: `${baseUrl}/checkout/${p.id}` };
  }
  out.test = p.shop.test;
  if (p.status === "succeeded") out.refunded_amount = { value: "0.00", currency: p.currency };
  out.refundable = p.status === "succeeded";
  if (p.receipt)
    out.receipt_registration =
      p.status === "succeeded" ? "succeeded" : p.status === "canceled" ? "canceled" : "pending";
  out.metadata = { ...p.metadata };
  if (p.cancellation) out.cancellation_details = { ...p.cancellation };
  if (paid && p.card) {
    out.authorization_details = {
      rrn: String(100_000_000_000 + p.seq),
      auth_code: String(100_000 + (p.seq % 900_000)),
      three_d_secure: { applied: p.threeDSecure ?? false },
    };
  }
  return out;
}
