import { sendJson, startEmulatorServer } from "../../providers/emulator/server";
import { resourceNotFound } from "./emulator-parts/api-error";
import { createApiHandler } from "./emulator-parts/api-handler";
import { createApiOperations } from "./emulator-parts/api-operations";
import { createCheckoutHandler } from "./emulator-parts/checkout-page";
import { createFaultQueue } from "./emulator-parts/faults";
import { createIdempotenceStore } from "./emulator-parts/idempotence";
import { isObject } from "./emulator-parts/field-validation";
import { createPaymentLifecycle } from "./emulator-parts/payment-lifecycle";
import { createPaymentStore, type PaymentState } from "./emulator-parts/payment-store";
import { renderPayment } from "./emulator-parts/render-payment";
import type {
  ApiCall,
  RunningYooKassaEmulator,
  YooKassaEmulatorOptions,
  YooKassaEmulatorShop,
} from "./emulator-parts/types";
import { createWebhooks, notificationBody } from "./emulator-parts/webhooks";

export type {
  RunningYooKassaEmulator,
  WebhookDelivery,
  YooKassaEmulatorFault,
  YooKassaEmulatorOptions,
  YooKassaEmulatorShop,
} from "./emulator-parts/types";

/**
 * A local emulator of the YooKassa API v3 subset used for balance top-ups, built from the checklist in
 * /work/shared/payments-yookassa.md §9: Basic auth per shop, the Idempotence-Key store, request validation,
 * UUID-shaped ids and millisecond UTC timestamps, the payment state machine with test hooks, lists with cursors,
 * GET /me, unsigned webhook notifications with the retry schedule, fault injection, and a stand-in for the hosted
 * confirmation page at `<emulator>/checkout/{paymentId}`. API paths live under `/v3` like the real host.
 * Each concern lives in its own module under ./emulator-parts/; this file wires them together.
 */

export const YOOKASSA_EMULATOR_DEFAULT_SHOP: YooKassaEmulatorShop = {
  shopId: "100500",
  secretKey: "test_emulatorSecretKey0000000000000000000000",
  test: true,
};

export async function startYooKassaEmulator(options: YooKassaEmulatorOptions = {}): Promise<RunningYooKassaEmulator> {
  const now = options.now ?? Date.now;
  const shops = (options.shops ?? [YOOKASSA_EMULATOR_DEFAULT_SHOP]).map((s) => ({
    ...s,
    fiscalization: s.fiscalization ?? options.fiscalization ?? false,
  }));
  let base = "";
  const render = (p: PaymentState) => renderPayment(p, base);

  const webhooks = createWebhooks({
    url: options.webhookUrl,
    timeScale: options.webhookTimeScale ?? 1,
    retries: options.webhookRetries ?? true,
    sourceAddress: options.webhookSourceAddress,
    now,
  });
  const store = createPaymentStore();
  const lifecycle = createPaymentLifecycle(now, (p, event) => webhooks.send(p.shop, p.id, event, render(p)));
  const faults = createFaultQueue();
  const calls: ApiCall[] = [];
  const handleApi = createApiHandler({
    shops,
    faults,
    idempotence: createIdempotenceStore({
      scope: options.idempotencyScope ?? "shop",
      compare: options.compareBodies ?? "json",
      replayErrors: options.replayErrors ?? false,
      now,
    }),
    operate: createApiOperations({ store, lifecycle, render, now }),
    calls,
  });
  const handleCheckout = createCheckoutHandler(store, lifecycle);

  const server = await startEmulatorServer(async (req, raw, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    if (url.pathname.startsWith("/checkout/")) return handleCheckout(req, raw, res, url);
    if (url.pathname.startsWith("/v3/")) return handleApi(req, raw, res, url);
    sendJson(res, 404, resourceNotFound().toBody());
  }, options.port ?? 0);
  base = server.url;

  return {
    url: server.url,
    apiUrl: `${server.url}/v3`,
    shops,
    violations: server.violations,
    close: async () => {
      webhooks.cancelRetries();
      await server.close();
      await webhooks.close();
    },
    setWebhookUrl(url, shopId) {
      if (shopId) {
        const shop = shops.find((s) => s.shopId === shopId);
        if (shop) shop.webhookUrl = url;
      } else webhooks.setDefaultUrl(url);
    },
    payment: (id) => {
      const p = store.get(id);
      return p ? render(p) : undefined;
    },
    payments: () => store.newestFirst().map(render),
    pay: (id, card) => render(lifecycle.pay(store.find(id), card)),
    abandon(id) {
      const p = store.find(id);
      if (p.status !== "pending") throw new Error(`payment ${id} is ${p.status}, not pending`);
      return render(lifecycle.cancel(p, "yoo_money", "expired_on_confirmation"));
    },
    expireCapture(id) {
      const p = store.find(id);
      if (p.status !== "waiting_for_capture") throw new Error(`payment ${id} is ${p.status}, not waiting_for_capture`);
      return render(lifecycle.cancel(p, "yoo_money", "expired_on_capture"));
    },
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    async notify(id, event) {
      const p = store.find(id);
      const url = webhooks.urlFor(p.shop);
      if (!url) throw new Error("no webhook URL configured");
      const name = event ?? (p.status === "pending" ? "payment.waiting_for_capture" : `payment.${p.status}`);
      return webhooks.sendOnce(url, notificationBody(name, render(p)), name, p.id);
    },
    async deliver(body, url) {
      const target = url ?? webhooks.defaultUrl();
      if (!target) throw new Error("no webhook URL configured");
      const event = isObject(body) && typeof body.event === "string" ? body.event : "(raw)";
      return webhooks.sendOnce(target, typeof body === "string" ? body : JSON.stringify(body), event);
    },
    deliveries: webhooks.deliveries,
    settle: () => webhooks.settle(),
    calls,
  };
}
