import { Agent, type Dispatcher, request } from "undici";
import { iso } from "./ids-and-timestamps";
import type { WebhookDelivery, YooKassaEmulatorShop } from "./types";

/**
 * [GH-DOCS 2022] offsets in seconds. The emulator sends the first delivery at once and retries at these
 * offsets; whether the immediate attempt counts among YooKassa's "7 deliveries" is UNCONFIRMED.
 */
const WEBHOOK_RETRY_OFFSETS_S = [10, 42, 84, 168, 672, 5376, 86016];

export interface WebhookOptions {
  /** The emulator-wide URL; a shop's own `webhookUrl` wins. */
  url?: string;
  /** Multiplies the retry schedule. */
  timeScale: number;
  retries: boolean;
  sourceAddress?: string;
  now: () => number;
}

export type Webhooks = ReturnType<typeof createWebhooks>;

export const notificationBody = (event: string, object: unknown) =>
  JSON.stringify({ type: "notification", event, object });

/** Notifications (§5): unsigned, only 200 counts, retried on the schedule whatever the later status. */
export function createWebhooks(options: WebhookOptions) {
  let defaultUrl = options.url;
  const dispatcher: Dispatcher = new Agent(
    options.sourceAddress ? { connect: { localAddress: options.sourceAddress } } : {},
  );
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  const deliveries: WebhookDelivery[] = [];

  async function post(url: string, body: string): Promise<number | "error"> {
    try {
      const res = await request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        dispatcher,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      await res.body.dump();
      return res.statusCode;
    } catch {
      return "error";
    }
  }

  const urlFor = (shop: YooKassaEmulatorShop) => shop.webhookUrl ?? defaultUrl;

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
    return promise;
  }

  function retryLater(attempt: number, send: () => void): void {
    const delay =
      WEBHOOK_RETRY_OFFSETS_S[attempt - 1]! * 1000 * options.timeScale -
      (attempt > 1 ? WEBHOOK_RETRY_OFFSETS_S[attempt - 2]! * 1000 * options.timeScale : 0);
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        send();
      },
      Math.max(0, delay),
    );
    timer.unref();
    timers.add(timer);
  }

  return {
    deliveries,
    urlFor,
    defaultUrl: () => defaultUrl,
    setDefaultUrl(url: string | undefined) {
      defaultUrl = url;
    },

    /** Notifies the shop's webhook of a payment event: at once, then on the retry schedule until it answers 200. */
    send(shop: YooKassaEmulatorShop, paymentId: string, event: string, object: unknown): void {
      const url = urlFor(shop);
      if (!url) return;
      const body = notificationBody(event, object);
      const attempt = (n: number) =>
        track(
          post(url, body).then((status) => {
            deliveries.push({ event, paymentId, attempt: n, status, at: iso(options.now()) });
            if (status === 200 || !options.retries || n > WEBHOOK_RETRY_OFFSETS_S.length) return;
            retryLater(n, () => void attempt(n + 1));
          }),
        );
      void attempt(1);
    },

    /** Posts `body` once, without retries, and records it as attempt 0. */
    async sendOnce(url: string, body: string, event: string, paymentId?: string): Promise<number | "error"> {
      const status = await track(post(url, body));
      deliveries.push({
        event,
        ...(paymentId !== undefined ? { paymentId } : {}),
        attempt: 0,
        status,
        at: iso(options.now()),
      });
      return status;
    },

    /** Resolves when no delivery is in flight (scheduled retries may still be waiting). */
    async settle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    cancelRetries() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
    close: () => dispatcher.close(),
  };
}
