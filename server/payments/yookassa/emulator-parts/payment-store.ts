import { ApiError } from "./api-error";
import type { YooKassaEmulatorShop } from "./types";

export type PaymentStatus = "pending" | "waiting_for_capture" | "succeeded" | "canceled";

export interface PaymentState {
  /** Creation order: sorts lists newest first and backs the list cursor. */
  seq: number;
  id: string;
  shop: YooKassaEmulatorShop;
  status: PaymentStatus;
  kopecks: number;
  currency: string;
  capture: boolean;
  description?: string;
  metadata: Record<string, string | null>;
  returnUrl?: string;
  receipt: boolean;
  createdAt: number;
  capturedAt?: number;
  expiresAt?: number;
  card?: string;
  threeDSecure?: boolean;
  cancellation?: { party: string; reason: string };
}

export type PaymentStore = ReturnType<typeof createPaymentStore>;

export function createPaymentStore() {
  const payments = new Map<string, PaymentState>();
  let seq = 0;

  return {
    add(payment: Omit<PaymentState, "seq">): PaymentState {
      const p = { ...payment, seq: ++seq };
      payments.set(p.id, p);
      return p;
    },
    get: (id: string) => payments.get(id),
    /** The payment, or the API's 404 when it does not exist or belongs to another shop than `shop`. */
    find(id: string, shop?: YooKassaEmulatorShop): PaymentState {
      const p = payments.get(id);
      if (!p || (shop && p.shop.shopId !== shop.shopId))
        throw new ApiError(404, "not_found", "Payment not found or forbidden", "payment_id");
      return p;
    },
    newestFirst: () => [...payments.values()].sort((a, b) => b.seq - a.seq),
  };
}
