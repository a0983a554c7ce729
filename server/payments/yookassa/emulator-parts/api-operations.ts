import { invalid, resourceNotFound } from "./api-error";
import { parseCreatePaymentRequest } from "./create-payment-request";
import { isObject, parseAmount } from "./field-validation";
import { paymentId } from "./ids-and-timestamps";
import { listPayments } from "./list-payments";
import type { PaymentLifecycle } from "./payment-lifecycle";
import type { PaymentState, PaymentStore } from "./payment-store";
import type { YooKassaEmulatorShop } from "./types";

export interface ApiOperationDeps {
  store: PaymentStore;
  lifecycle: PaymentLifecycle;
  render: (p: PaymentState) => Record<string, unknown>;
  now: () => number;
}

export type ApiOperation = (
  shop: YooKassaEmulatorShop,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
) => unknown;

/** The /v3 endpoints for an authenticated shop: returns the 200 body or throws an ApiError. */
export function createApiOperations({ store, lifecycle, render, now }: ApiOperationDeps): ApiOperation {
  function createPayment(shop: YooKassaEmulatorShop, body: unknown) {
    const request = parseCreatePaymentRequest(shop, body);
    const createdAt = now();
    return render(store.add({ id: paymentId(createdAt), shop, status: "pending", ...request, createdAt }));
  }

  function capture(p: PaymentState, body: unknown) {
    if (p.status !== "waiting_for_capture") throw invalid("Payment can not be captured in current status.");
    let kopecks: number | undefined;
    if (isObject(body) && body.amount !== undefined) {
      kopecks = parseAmount(body.amount, "amount").kopecks;
      if (kopecks > p.kopecks) throw invalid("Illegal amount for capture", "amount");
    }
    return render(lifecycle.capture(p, kopecks));
  }

  function cancel(p: PaymentState) {
    if (p.status !== "waiting_for_capture") throw invalid("Payment can not be canceled in current status");
    return render(lifecycle.cancel(p, "merchant", "canceled_by_merchant"));
  }

  return (shop, method, path, query, body) => {
    if (method === "GET" && path === "/v3/me") return me(shop);
    if (method === "GET" && path === "/v3/payments") {
      const own = store.newestFirst().filter((p) => p.shop.shopId === shop.shopId);
      return listPayments(own, query, render);
    }
    if (method === "POST" && path === "/v3/payments") return createPayment(shop, body);
    const m = /^\/v3\/payments\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
    if (m) {
      const p = store.find(decodeURIComponent(m[1]!), shop);
      if (method === "GET" && !m[2]) return render(p);
      if (method === "POST" && m[2] === "capture") return capture(p, body);
      if (method === "POST" && m[2] === "cancel") return cancel(p);
    }
    throw resourceNotFound();
  };
}

function me(shop: YooKassaEmulatorShop) {
  return {
    account_id: shop.shopId,
    status: "enabled",
    test: shop.test,
    fiscalization_enabled: shop.fiscalization ?? false,
    fiscalization: { enabled: shop.fiscalization ?? false, provider: "avanpost" },
    payment_methods: ["bank_card", "yoo_money"],
  };
}
