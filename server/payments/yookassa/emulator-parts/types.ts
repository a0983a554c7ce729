import type { RunningEmulator } from "../../../providers/emulator/server";

export interface YooKassaEmulatorShop {
  shopId: string;
  secretKey: string;
  test: boolean;
  /** The shop sends 54-FZ receipts through YooKassa, so every payment needs `receipt` (§2.4). */
  fiscalization?: boolean;
  /** Overrides the emulator-wide webhook URL for this shop (a test shop has its own settings, §5.1). */
  webhookUrl?: string;
}

export interface YooKassaEmulatorOptions {
  /** 0 (default) picks a free port on 127.0.0.1. */
  port?: number;
  shops?: YooKassaEmulatorShop[];
  /** Where notifications go; none are sent without one. */
  webhookUrl?: string;
  /** Default for shops that do not say. */
  fiscalization?: boolean;
  /** Multiplies the webhook retry schedule (1 = real seconds; 0.001 turns 10 s into 10 ms). */
  webhookTimeScale?: number;
  /** Retry failed deliveries on the schedule (default true). */
  webhookRetries?: boolean;
  /** Source address for webhook deliveries, so IP allow-list code can be exercised. */
  webhookSourceAddress?: string;
  /** Idempotence keys per shop (default) or global: which one YooKassa does is UNCONFIRMED. */
  idempotencyScope?: "shop" | "global";
  /** Also store 4xx answers under the key and replay them (UNCONFIRMED in the docs; default false). */
  replayErrors?: boolean;
  /** How "the same request" is judged: parsed JSON (default) or identical bytes. UNCONFIRMED which one. */
  compareBodies?: "json" | "bytes";
  /** Clock for timestamps and the 24 h key TTL. */
  now?: () => number;
}

/** A fault for the next `times` matching API calls (after authentication). */
export interface YooKassaEmulatorFault {
  method?: "GET" | "POST";
  /** Exact pathname (e.g. "/v3/payments") or a pattern. */
  path?: string | RegExp;
  /** 500 (outcome unknown), 429 (with retry_after) or the legacy 202 "processing". */
  status?: 500 | 429 | 202;
  /** For 500: run the operation first, so a replay with the same key returns the real result (§6.2). */
  afterProcessing?: boolean;
  /** Destroy the connection without an answer (before or, with afterProcessing, after the operation). */
  drop?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** retry_after in milliseconds for 429/202. */
  retryAfterMs?: number;
  /** How many calls it hits (default 1). */
  times?: number;
}

export interface WebhookDelivery {
  event: string;
  paymentId?: string;
  attempt: number;
  /** The HTTP status the receiver answered, or "error" when it could not be reached. */
  status: number | "error";
  at: string;
}

export interface RunningYooKassaEmulator extends RunningEmulator {
  /** Base of the API, `<url>/v3`: what YOOKASSA_API_URL points at. */
  apiUrl: string;
  shops: YooKassaEmulatorShop[];
  setWebhookUrl(url: string | undefined, shopId?: string): void;
  /** The current wire object of a payment (as GET /payments/{id} shows it), or undefined. */
  payment(paymentId: string): Record<string, unknown> | undefined;
  payments(): Record<string, unknown>[];
  /** The payer pays on the confirmation page with a test card (§7 table decides the outcome). */
  pay(paymentId: string, card?: string): Record<string, unknown>;
  /** The payer never confirms: canceled, yoo_money / expired_on_confirmation. */
  abandon(paymentId: string): Record<string, unknown>;
  /** The capture window passes: canceled, yoo_money / expired_on_capture. */
  expireCapture(paymentId: string): Record<string, unknown>;
  injectFault(fault: YooKassaEmulatorFault): void;
  clearFaults(): void;
  /** One extra delivery of the current snapshot (a duplicate), no retries; resolves with the receiver's status. */
  notify(paymentId: string, event?: string): Promise<number | "error">;
  /** Posts any body (object → JSON, string → as is) once to the webhook URL: forged or malformed notifications. */
  deliver(body: unknown, url?: string): Promise<number | "error">;
  deliveries: WebhookDelivery[];
  /** Resolves when no delivery is in flight (scheduled retries may still be waiting). */
  settle(): Promise<void>;
  /** API calls seen, newest last (for assertions on retries). */
  calls: ApiCall[];
}

export interface ApiCall {
  method: string;
  path: string;
  idempotenceKey?: string;
  /** The status answered, or 0 when the connection was dropped. */
  status: number;
}
