import type { PaymentState } from "./payment-store";
import { cardOutcome, DEFAULT_TEST_CARD } from "./test-cards";

/** 7 days for cards [GH-DOCS 2022]. */
const CARD_CAPTURE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type PaymentLifecycle = ReturnType<typeof createPaymentLifecycle>;

/**
 * The payment state machine (§3). Every transition tells `onEvent` (which sends the notification); callers check
 * that the transition is allowed in the current status, since the API and the test hooks refuse it differently.
 */
export function createPaymentLifecycle(now: () => number, onEvent: (p: PaymentState, event: string) => void) {
  function cancel(p: PaymentState, party: string, reason: string): PaymentState {
    p.status = "canceled";
    p.cancellation = { party, reason };
    p.expiresAt = undefined;
    onEvent(p, "payment.canceled");
    return p;
  }

  return {
    /** The payer pays with a test card (§7 table decides the outcome); a payment past pending is left as it is. */
    pay(p: PaymentState, card = DEFAULT_TEST_CARD): PaymentState {
      if (p.status !== "pending") return p;
      const number = card.replace(/\D/g, "");
      const outcome = cardOutcome(number);
      p.card = number;
      if (outcome.status === "canceled") {
        p.status = "canceled";
        p.cancellation = { party: outcome.party, reason: outcome.reason };
        onEvent(p, "payment.canceled");
        return p;
      }
      p.threeDSecure = outcome.threeDSecure;
      if (p.capture) {
        p.status = "succeeded";
        p.capturedAt = now();
        onEvent(p, "payment.succeeded");
      } else {
        p.status = "waiting_for_capture";
        p.expiresAt = now() + CARD_CAPTURE_WINDOW_MS;
        onEvent(p, "payment.waiting_for_capture");
      }
      return p;
    },

    /** Captures a payment waiting for capture, for `kopecks` when given (at most the authorized amount). */
    capture(p: PaymentState, kopecks?: number): PaymentState {
      if (kopecks !== undefined) p.kopecks = kopecks;
      p.status = "succeeded";
      p.capturedAt = now();
      p.expiresAt = undefined;
      onEvent(p, "payment.succeeded");
      return p;
    },

    cancel,
  };
}
