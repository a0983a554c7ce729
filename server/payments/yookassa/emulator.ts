import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Agent, type Dispatcher, request } from "undici";
import { type RunningEmulator, sendJson, sleep, startEmulatorServer } from "../../providers/emulator/server";
import { formatKopecks, parseKopecks, RUB_AMOUNT_PATTERN } from "./amount";
import { cardOutcome, cardType, DEFAULT_TEST_CARD } from "./emulator-cards";

/**
 * A local emulator of the YooKassa API v3 subset used for balance top-ups, built from the checklist in
 * /work/shared/payments-yookassa.md §9: Basic auth per shop, the Idempotence-Key store, request validation,
 * UUID-shaped ids and millisecond UTC timestamps, the payment state machine with test hooks, lists with cursors,
 * GET /me, unsigned webhook notifications with the retry schedule, fault injection, and a stand-in for the hosted
 * confirmation page at `<emulator>/checkout/{paymentId}`. API paths live under `/v3` like the real host.
 */

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

export const YOOKASSA_EMULATOR_DEFAULT_SHOP: YooKassaEmulatorShop = {
  shopId: "100500",
  secretKey: "test_emulatorSecretKey0000000000000000000000",
  test: true,
};

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
  calls: { method: string; path: string; idempotenceKey?: string; status: number }[];
}

type Status = "pending" | "waiting_for_capture" | "succeeded" | "canceled";

interface PaymentState {
  seq: number;
  id: string;
  shop: YooKassaEmulatorShop;
  status: Status;
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

interface StoredAnswer {
  fingerprint: string;
  createdAt: number;
  status: number;
  body: unknown;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly parameter?: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }

  toBody() {
    return {
      type: "error",
      id: randomUUID(),
      code: this.code,
      description: this.description,
      ...(this.parameter ? { parameter: this.parameter } : {}),
      ...(this.retryAfter !== undefined ? { retry_after: this.retryAfter } : {}),
    };
  }
}

const invalid = (description: string, parameter?: string) =>
  new ApiError(400, "invalid_request", description, parameter);

/** [SPEC CurrencyCode] */
const CURRENCIES = ["RUB", "EUR", "USD", "KZT", "BYN", "UAH", "UZS", "TRY", "INR", "MDL", "AZN", "AMD"];
const CONFIRMATION_TYPES = ["redirect", "external", "qr", "embedded", "mobile_application"];
const IDEMPOTENCE_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * [GH-DOCS 2022] offsets in seconds. The emulator sends the first delivery at once and retries at these
 * offsets; whether the immediate attempt counts among YooKassa's "7 deliveries" is UNCONFIRMED.
 */
const WEBHOOK_RETRY_OFFSETS_S = [10, 42, 84, 168, 672, 5376, 86016];
/** An illustrative 3.5% fee for income_amount; YooKassa's real fee depends on the contract. */
const FEE_PER_MILLE = 35;

const iso = (ms: number) => new Date(ms).toISOString();
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** 36-char UUID-shaped payment id; the `000f` group mirrors observed payment ids (the pattern is UNCONFIRMED). */
function paymentId(now: number): string {
  const time = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, "0")
    .slice(-8);
  return `${time}-000f-5000-${"89a"[randomBytes(1)[0]! % 3]}000-${hex(6)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseAmount(value: unknown, parameter: string): { kopecks: number; currency: string } {
  if (!isObject(value)) throw invalid("Amount is missing or illegal", parameter);
  const { currency } = value;
  if (typeof currency !== "string" || !CURRENCIES.includes(currency))
    throw invalid("Currency code is illegal", `${parameter}.currency`);
  // §2.1: a string with exactly two decimals for RUB; numeric JSON is refused (whether the API accepts it is UNCONFIRMED).
  if (typeof value.value !== "string" || !RUB_AMOUNT_PATTERN.test(value.value)) {
    throw invalid("Amount value is illegal", `${parameter}.value`);
  }
  const kopecks = parseKopecks(value.value);
  if (kopecks === undefined || kopecks <= 0) throw invalid("Amount value is illegal", `${parameter}.value`);
  return { kopecks, currency };
}

function validateReceipt(receipt: unknown): void {
  // Wording [3P] "Receipt is missing or illegal" is UNCONFIRMED.
  const fail = (parameter = "receipt") => invalid("Receipt is missing or illegal", parameter);
  if (!isObject(receipt)) throw fail();
  const customer = receipt.customer;
  const email = isObject(customer) ? customer.email : undefined;
  const phone = isObject(customer) ? customer.phone : undefined;
  const emailOk = typeof email === "string" && email.length <= 254 && /^[^@\s]+@[^@\s]+$/.test(email);
  const phoneOk = typeof phone === "string" && /^[0-9]{4,15}$/.test(phone);
  if (!emailOk && !phoneOk) throw fail("receipt.customer");
  const items = receipt.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) throw fail("receipt.items");
  items.forEach((item: unknown, i) => {
    const at = `receipt.items[${i}]`;
    if (!isObject(item)) throw fail(at);
    if (typeof item.description !== "string" || item.description.length < 1 || item.description.length > 128) {
      throw fail(`${at}.description`);
    }
    const quantity = typeof item.quantity === "string" ? Number(item.quantity) : item.quantity;
    if (typeof quantity !== "number" || !Number.isFinite(quantity) || quantity <= 0) throw fail(`${at}.quantity`);
    parseAmount(item.amount, `${at}.amount`);
    if (
      typeof item.vat_code !== "number" ||
      !Number.isInteger(item.vat_code) ||
      item.vat_code < 1 ||
      item.vat_code > 12
    ) {
      throw fail(`${at}.vat_code`);
    }
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startYooKassaEmulator(options: YooKassaEmulatorOptions = {}): Promise<RunningYooKassaEmulator> {
  const now = options.now ?? Date.now;
  const shops = (options.shops ?? [YOOKASSA_EMULATOR_DEFAULT_SHOP]).map((s) => ({
    ...s,
    fiscalization: s.fiscalization ?? options.fiscalization ?? false,
  }));
  let webhookUrl = options.webhookUrl;
  const timeScale = options.webhookTimeScale ?? 1;
  const retries = options.webhookRetries ?? true;
  const scope = options.idempotencyScope ?? "shop";
  const compare = options.compareBodies ?? "json";
  const webhookDispatcher: Dispatcher = new Agent(
    options.webhookSourceAddress ? { connect: { localAddress: options.webhookSourceAddress } } : {},
  );

  const payments = new Map<string, PaymentState>();
  const idempotence = new Map<string, StoredAnswer>();
  let faults: (YooKassaEmulatorFault & { left: number })[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  const deliveries: WebhookDelivery[] = [];
  const calls: RunningYooKassaEmulator["calls"] = [];
  let seq = 0;
  let base = "";

  // ---- rendering: which fields appear depends on the status (§9 "Field presence by status") ----

  function render(p: PaymentState): Record<string, unknown> {
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
      out.confirmation = { type: "redirect", confirmation_url: `${base}/checkout/${p.id}` };
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

  // ---- webhooks (§5): unsigned, only 200 counts, retried on the schedule whatever the later status ----

  function webhookFor(shop: YooKassaEmulatorShop): string | undefined {
    return shop.webhookUrl ?? webhookUrl;
  }

  async function post(url: string, body: string): Promise<number | "error"> {
    try {
      const res = await request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        dispatcher: webhookDispatcher,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      await res.body.dump();
      return res.statusCode;
    } catch {
      return "error";
    }
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
    return promise;
  }

  function emit(p: PaymentState, event: string): void {
    const url = webhookFor(p.shop);
    if (!url) return;
    const body = JSON.stringify({ type: "notification", event, object: render(p) });
    const attempt = (n: number) =>
      track(
        post(url, body).then((status) => {
          deliveries.push({ event, paymentId: p.id, attempt: n, status, at: iso(now()) });
          if (status === 200 || !retries || n > WEBHOOK_RETRY_OFFSETS_S.length) return;
          const delay =
            WEBHOOK_RETRY_OFFSETS_S[n - 1]! * 1000 * timeScale -
            (n > 1 ? WEBHOOK_RETRY_OFFSETS_S[n - 2]! * 1000 * timeScale : 0);
          const timer = setTimeout(
            () => {
              timers.delete(timer);
              void attempt(n + 1);
            },
            Math.max(0, delay),
          );
          timer.unref();
          timers.add(timer);
        }),
      );
    void attempt(1);
  }

  // ---- state machine (§3) ----

  function find(id: string, shop?: YooKassaEmulatorShop): PaymentState {
    const p = payments.get(id);
    if (!p || (shop && p.shop.shopId !== shop.shopId))
      throw new ApiError(404, "not_found", "Payment not found or forbidden", "payment_id");
    return p;
  }

  function pay(id: string, card = DEFAULT_TEST_CARD): PaymentState {
    const p = find(id);
    if (p.status !== "pending") return p;
    const number = card.replace(/\D/g, "");
    const outcome = cardOutcome(number);
    p.card = number;
    if (outcome.status === "canceled") {
      p.status = "canceled";
      p.cancellation = { party: outcome.party, reason: outcome.reason };
      emit(p, "payment.canceled");
      return p;
    }
    p.threeDSecure = outcome.threeDSecure;
    if (p.capture) {
      p.status = "succeeded";
      p.capturedAt = now();
      emit(p, "payment.succeeded");
    } else {
      p.status = "waiting_for_capture";
      p.expiresAt = now() + 7 * 24 * 60 * 60 * 1000; // 7 days for cards [GH-DOCS 2022]
      emit(p, "payment.waiting_for_capture");
    }
    return p;
  }

  function cancel(p: PaymentState, party: string, reason: string): PaymentState {
    p.status = "canceled";
    p.cancellation = { party, reason };
    p.expiresAt = undefined;
    emit(p, "payment.canceled");
    return p;
  }

  // ---- API operations ----

  function createPayment(shop: YooKassaEmulatorShop, body: unknown): Record<string, unknown> {
    if (!isObject(body)) throw invalid("Request body is not a JSON object");
    const { kopecks, currency } = parseAmount(body.amount, "amount");
    if (body.capture !== undefined && typeof body.capture !== "boolean")
      throw invalid("Capture must be boolean", "capture");
    if (body.description !== undefined) {
      if (typeof body.description !== "string") throw invalid("Description is illegal", "description");
      if (body.description.length > 128) throw invalid("Description is too long. Max. length is 128", "description");
    }
    let metadata: Record<string, string | null> = {};
    if (body.metadata !== undefined && body.metadata !== null) {
      if (!isObject(body.metadata)) throw invalid("Metadata is illegal", "metadata");
      const entries = Object.entries(body.metadata);
      if (entries.length > 16) throw invalid("Metadata object is limited to 16 keys", "metadata");
      for (const [key, value] of entries) {
        if (key.length > 32)
          throw invalid("The key names length in metadata object is limited to 32 characters", "metadata");
        // Non-string values are refused here; what the API does with numbers is UNCONFIRMED.
        if (value !== null && typeof value !== "string")
          throw invalid("Metadata values must be strings", `metadata.${key}`);
        if (typeof value === "string" && value.length > 512) {
          throw invalid("The key values length in metadata object is limited to 512 characters", "metadata");
        }
      }
      metadata = body.metadata as Record<string, string | null>;
    }
    const methods = ["payment_method_data", "payment_method_id", "payment_token"].filter((k) => body[k] !== undefined);
    if (methods.length > 1)
      throw invalid("Request should contain only one of: payment_method_data, payment_method_id, payment_token");
    if (body.payment_method_data !== undefined) {
      const data = body.payment_method_data;
      if (!isObject(data) || typeof data.type !== "string")
        throw invalid("Payment method data is illegal", "payment_method_data.type");
      if (isObject(data.card))
        throw new ApiError(403, "forbidden", "Forbidden to send raw bank card data", "payment_method_data.card");
    }
    let returnUrl: string | undefined;
    if (body.confirmation !== undefined) {
      const c = body.confirmation;
      if (!isObject(c) || typeof c.type !== "string" || !CONFIRMATION_TYPES.includes(c.type)) {
        throw invalid("Confirmation type is illegal", "confirmation.type");
      }
      if (c.type !== "redirect")
        throw invalid(`The emulator only supports the redirect confirmation`, "confirmation.type");
      if (c.return_url === undefined || c.return_url === null || c.return_url === "") {
        throw invalid("Return url is missing", "confirmation.return_url");
      }
      if (typeof c.return_url !== "string" || c.return_url.length > 2048 || !URL.canParse(c.return_url)) {
        throw invalid("Return url is illegal", "confirmation.return_url");
      }
      returnUrl = c.return_url;
    } else if (methods.length === 0 || body.payment_method_data !== undefined) {
      // With nothing to charge automatically the payer must confirm somewhere; the exact rule and text are UNCONFIRMED.
      const type = isObject(body.payment_method_data) ? String(body.payment_method_data.type) : "bank_card";
      throw invalid(`Missing confirmation type for payment method type: ${type}`, "confirmation");
    }
    if (shop.fiscalization || body.receipt !== undefined) validateReceipt(body.receipt);
    const created = now();
    const p: PaymentState = {
      seq: ++seq,
      id: paymentId(created),
      shop,
      status: "pending",
      kopecks,
      currency,
      capture: body.capture === true, // §2.1: capture defaults to false
      description: body.description as string | undefined,
      metadata,
      returnUrl,
      receipt: body.receipt !== undefined,
      createdAt: created,
    };
    payments.set(p.id, p);
    return render(p);
  }

  function listPayments(shop: YooKassaEmulatorShop, query: URLSearchParams): Record<string, unknown> {
    let limit = 10;
    if (query.has("limit")) {
      const raw = query.get("limit")!;
      limit = Number(raw);
      if (!/^\d+$/.test(raw) || limit < 1 || limit > 100) throw invalid("Limit must be between 1 and 100", "limit");
    }
    const filters: ((p: PaymentState) => boolean)[] = [];
    for (const field of ["created_at", "captured_at"] as const) {
      for (const op of ["gte", "gt", "lte", "lt"] as const) {
        const raw = query.get(`${field}.${op}`);
        if (raw === null) continue;
        const at = Date.parse(raw);
        if (Number.isNaN(at)) throw invalid("Date is illegal", `${field}.${op}`);
        filters.push((p) => {
          const v = field === "created_at" ? p.createdAt : p.capturedAt;
          if (v === undefined) return false;
          return op === "gte" ? v >= at : op === "gt" ? v > at : op === "lte" ? v <= at : v < at;
        });
      }
    }
    const status = query.get("status");
    if (status !== null) filters.push((p) => p.status === status);
    const method = query.get("payment_method");
    if (method !== null) filters.push((p) => method === "bank_card" && p.card !== undefined);
    let after = Number.POSITIVE_INFINITY;
    const cursor = query.get("cursor");
    if (cursor !== null) {
      const decoded = Number(Buffer.from(cursor, "base64url").toString("utf8"));
      if (!Number.isInteger(decoded)) throw invalid("Cursor is illegal", "cursor");
      after = decoded;
    }
    const matching = [...payments.values()]
      .filter((p) => p.shop.shopId === shop.shopId && p.seq < after && filters.every((f) => f(p)))
      .sort((a, b) => b.seq - a.seq); // newest first
    const page = matching.slice(0, limit);
    const out: Record<string, unknown> = { type: "list", items: page.map(render) };
    if (matching.length > limit) out.next_cursor = Buffer.from(String(page.at(-1)!.seq)).toString("base64url");
    return out;
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

  function operate(
    shop: YooKassaEmulatorShop,
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): unknown {
    if (method === "GET" && path === "/v3/me") return me(shop);
    if (method === "GET" && path === "/v3/payments") return listPayments(shop, query);
    if (method === "POST" && path === "/v3/payments") return createPayment(shop, body);
    const m = /^\/v3\/payments\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
    if (m) {
      const p = find(decodeURIComponent(m[1]!), shop);
      if (method === "GET" && !m[2]) return render(p);
      if (method === "POST" && m[2] === "capture") {
        if (p.status !== "waiting_for_capture") throw invalid("Payment can not be captured in current status.");
        if (isObject(body) && body.amount !== undefined) {
          const { kopecks } = parseAmount(body.amount, "amount");
          if (kopecks > p.kopecks) throw invalid("Illegal amount for capture", "amount");
          p.kopecks = kopecks;
        }
        p.status = "succeeded";
        p.capturedAt = now();
        p.expiresAt = undefined;
        emit(p, "payment.succeeded");
        return render(p);
      }
      if (method === "POST" && m[2] === "cancel") {
        if (p.status !== "waiting_for_capture") throw invalid("Payment can not be canceled in current status");
        return render(cancel(p, "merchant", "canceled_by_merchant"));
      }
    }
    throw new ApiError(404, "not_found", "Resource not found");
  }

  function authenticate(req: IncomingMessage): YooKassaEmulatorShop {
    const header = req.headers.authorization ?? "";
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (match) {
      const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const shop = shops.find((s) => s.shopId === decoded.slice(0, colon) && s.secretKey === decoded.slice(colon + 1));
      if (colon > 0 && shop) return shop;
    }
    // Description text is [3P]; the exact wording is UNCONFIRMED.
    throw new ApiError(
      401,
      "invalid_credentials",
      "Error in shopId or secret key. Check their validity. You can reissue the key in the Merchant Profile",
    );
  }

  function takeFault(method: string, path: string): YooKassaEmulatorFault | undefined {
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method === method) &&
        (!f.path || (typeof f.path === "string" ? f.path === path : f.path.test(path))),
    );
    if (!fault) return undefined;
    fault.left--;
    faults = faults.filter((f) => f.left > 0);
    return fault;
  }

  /** Runs one API call through the idempotency store; returns the status and body to send. */
  function api(req: IncomingMessage, shop: YooKassaEmulatorShop, path: string, query: URLSearchParams, raw: string) {
    const method = req.method ?? "GET";
    const run = (): { status: number; body: unknown } => {
      let parsed: unknown;
      if (method === "POST" && raw.trim() !== "") {
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw invalid("Request body is not valid JSON");
        }
      }
      return { status: 200, body: operate(shop, method, path, query, parsed) };
    };
    if (method !== "POST") return run();

    const key = req.headers["idempotence-key"];
    if (typeof key !== "string" || key === "") throw invalid("Idempotence key is empty", "Idempotence-Key");
    if (key.length > 64) throw invalid("Idempotence key is too long. Max. length is 64", "Idempotence-Key");
    // [SPEC] pattern [0-9a-zA-Z+-_.]{1,64}, read as letters, digits and + - _ . (the literal range reading is ambiguous).
    if (!/^[0-9a-zA-Z+\-_.]{1,64}$/.test(key)) throw invalid("Idempotence key is illegal", "Idempotence-Key");
    let canonical = raw;
    if (compare === "json") {
      try {
        canonical = canonicalJson(JSON.parse(raw));
      } catch {
        canonical = raw;
      }
    }
    const fingerprint = `${method} ${path}\n${canonical}`;
    const storeKey = scope === "shop" ? `${shop.shopId}\n${key}` : key;
    const stored = idempotence.get(storeKey);
    if (stored && now() - stored.createdAt < IDEMPOTENCE_TTL_MS) {
      // Text seen in practice; UNCONFIRMED wording.
      if (stored.fingerprint !== fingerprint) throw invalid("Idempotence key duplicated", "Idempotence-Key");
      return { status: stored.status, body: stored.body };
    }
    try {
      const answer = run();
      idempotence.set(storeKey, { fingerprint, createdAt: now(), ...answer });
      return answer;
    } catch (err) {
      if (err instanceof ApiError && options.replayErrors && err.status < 500) {
        idempotence.set(storeKey, { fingerprint, createdAt: now(), status: err.status, body: err.toBody() });
      }
      throw err;
    }
  }

  async function handleApi(req: IncomingMessage, raw: string, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const key = typeof req.headers["idempotence-key"] === "string" ? req.headers["idempotence-key"] : undefined;
    const answer = (status: number, body: unknown) => {
      calls.push({ method, path: url.pathname, idempotenceKey: key, status });
      sendJson(res, status, body);
    };
    try {
      const shop = authenticate(req);
      const fault = takeFault(method, url.pathname);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault && !fault.afterProcessing) {
        if (fault.drop) {
          calls.push({ method, path: url.pathname, idempotenceKey: key, status: 0 });
          req.socket.destroy();
          return;
        }
        if (fault.status === 202) {
          // Legacy asynchronous answer (§6.3).
          return answer(202, {
            type: "processing",
            description: "Request accepted, but not processed yet. Retry again with the same Idempotence-Key",
            retry_after: fault.retryAfterMs ?? 1800,
          });
        }
        if (fault.status === 429) {
          return answer(
            429,
            new ApiError(429, "too_many_requests", "Too many requests", undefined, fault.retryAfterMs ?? 1000).toBody(),
          );
        }
        if (fault.status === 500) {
          return answer(500, new ApiError(500, "internal_server_error", "Internal server error").toBody());
        }
      }
      const result = api(req, shop, url.pathname, url.searchParams, raw);
      if (fault?.afterProcessing) {
        if (fault.drop) {
          calls.push({ method, path: url.pathname, idempotenceKey: key, status: 0 });
          req.socket.destroy();
          return;
        }
        return answer(500, new ApiError(500, "internal_server_error", "Internal server error").toBody());
      }
      answer(result.status, result.body);
    } catch (err) {
      if (err instanceof ApiError) return answer(err.status, err.toBody());
      throw err;
    }
  }

  // ---- the hosted confirmation page stand-in ----

  function checkoutPage(p: PaymentState): string {
    const amount = `${formatKopecks(p.kopecks)} ${p.currency === "RUB" ? "₽" : p.currency}`;
    const body =
      p.status === "pending"
        ? `<form method="post">
  <label for="card">Card number</label>
  <input id="card" name="card" value="${DEFAULT_TEST_CARD}" inputmode="numeric" autocomplete="off">
  <div class="actions">
    <button type="submit" formaction="/checkout/${p.id}/pay" data-testid="emulator-pay">Pay</button>
    <button type="submit" formaction="/checkout/${p.id}/cancel" data-testid="emulator-cancel" class="secondary">Cancel</button>
  </div>
</form>`
        : `<p data-testid="emulator-status">Payment ${escapeHtml(p.status)}.</p>${
            p.returnUrl ? `<p><a href="${escapeHtml(p.returnUrl)}">Back to the shop</a></p>` : ""
          }`;
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>YooKassa emulator — payment ${escapeHtml(p.id)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#0f172a}
.card{border:1px solid #cbd5e1;border-radius:.5rem;padding:1.25rem}input{width:100%;padding:.5rem;margin:.25rem 0 1rem;box-sizing:border-box}
.actions{display:flex;gap:.5rem}button{padding:.5rem 1rem;border-radius:.375rem;border:0;background:#4f46e5;color:#fff;font-size:1rem;cursor:pointer}
button.secondary{background:#e2e8f0;color:#0f172a}.muted{color:#64748b;font-size:.875rem}</style></head>
<body><div class="card">
<p class="muted">YooKassa emulator (test shop ${escapeHtml(p.shop.shopId)}) — stands in for the hosted confirmation page</p>
<h1 data-testid="emulator-amount">${escapeHtml(amount)}</h1>
${p.description ? `<p>${escapeHtml(p.description)}</p>` : ""}
${body}
</div></body></html>`;
  }

  function handleCheckout(req: IncomingMessage, raw: string, res: ServerResponse, url: URL): void {
    const m = /^\/checkout\/([^/]+)(?:\/(pay|cancel))?$/.exec(url.pathname);
    const p = m ? payments.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !p) {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><p>Payment not found</p>");
      return;
    }
    if (req.method === "POST" && m[2]) {
      if (p.status === "pending") {
        if (m[2] === "pay") pay(p.id, new URLSearchParams(raw).get("card") ?? DEFAULT_TEST_CARD);
        else cancel(p, "yoo_money", "expired_on_confirmation");
      }
      res.writeHead(303, { location: p.returnUrl ?? `/checkout/${p.id}` });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(checkoutPage(p));
  }

  const server = await startEmulatorServer(async (req, raw, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    if (url.pathname.startsWith("/checkout/")) return handleCheckout(req, raw, res, url);
    if (url.pathname.startsWith("/v3/")) return handleApi(req, raw, res, url);
    sendJson(res, 404, new ApiError(404, "not_found", "Resource not found").toBody());
  }, options.port ?? 0);
  base = server.url;

  return {
    url: server.url,
    apiUrl: `${server.url}/v3`,
    shops,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await server.close();
      await webhookDispatcher.close();
    },
    setWebhookUrl(url, shopId) {
      if (shopId) {
        const shop = shops.find((s) => s.shopId === shopId);
        if (shop) shop.webhookUrl = url;
      } else webhookUrl = url;
    },
    payment: (id) => {
      const p = payments.get(id);
      return p ? render(p) : undefined;
    },
    payments: () => [...payments.values()].sort((a, b) => b.seq - a.seq).map(render),
    pay: (id, card) => render(pay(id, card)),
    abandon(id) {
      const p = find(id);
      if (p.status !== "pending") throw new Error(`payment ${id} is ${p.status}, not pending`);
      return render(cancel(p, "yoo_money", "expired_on_confirmation"));
    },
    expireCapture(id) {
      const p = find(id);
      if (p.status !== "waiting_for_capture") throw new Error(`payment ${id} is ${p.status}, not waiting_for_capture`);
      return render(cancel(p, "yoo_money", "expired_on_capture"));
    },
    injectFault: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    clearFaults: () => {
      faults = [];
    },
    async notify(id, event) {
      const p = find(id);
      const url = webhookFor(p.shop);
      if (!url) throw new Error("no webhook URL configured");
      const name = event ?? (p.status === "pending" ? "payment.waiting_for_capture" : `payment.${p.status}`);
      const status = await track(post(url, JSON.stringify({ type: "notification", event: name, object: render(p) })));
      deliveries.push({ event: name, paymentId: p.id, attempt: 0, status, at: iso(now()) });
      return status;
    },
    async deliver(body, url) {
      const target = url ?? webhookUrl;
      if (!target) throw new Error("no webhook URL configured");
      const status = await track(post(target, typeof body === "string" ? body : JSON.stringify(body)));
      const event = isObject(body) && typeof body.event === "string" ? body.event : "(raw)";
      deliveries.push({ event, attempt: 0, status, at: iso(now()) });
      return status;
    },
    deliveries,
    async settle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    calls,
  };
}
