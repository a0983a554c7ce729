import type { z } from "zod";
import { UpstreamError } from "../../core/upstream-error";
import { upstreamRequest } from "../../providers/http";
import {
  type CreatePaymentRequest,
  meSchema,
  type PaymentListQuery,
  paymentListSchema,
  paymentSchema,
  type YooKassaErrorBody,
  type YooKassaMe,
  type YooKassaPayment,
  type YooKassaPaymentList,
} from "./types";

/** Where and as whom to call YooKassa; passed in (never read from config here) so tests and demo mode can point it anywhere. */
export interface YooKassaSettings {
  shopId: string;
  secretKey: string;
  /** e.g. https://api.yookassa.ru/v3 (no trailing slash needed). */
  apiUrl: string;
  /** Whether the shop is a test shop; left out, the client asks GET /me once (see `shopIsTest`). */
  test?: boolean;
  /**
   * Fiscalization (54-FZ): when set, every payment carries a receipt with the payer's e-mail. Which vat_code,
   * payment_subject and payment_mode a balance top-up needs is a tax question: UNCONFIRMED, ask the accountant.
   */
  receipt?: { vatCode: number; paymentSubject?: string; paymentMode?: string };
}

export interface YooKassaClientOptions {
  /** Attempts per call on network errors, 500, 429 and 202 "processing" (same bytes, same key). Default 3. */
  attempts?: number;
  /** Pause between attempts when the answer names none; default 1000 ms. (§6.2 suggests once a minute for 500.) */
  retryDelayMs?: number;
  /** Upper bound for a server-suggested pause (`retry_after`, milliseconds). Default 5000 ms. */
  maxRetryDelayMs?: number;
  /** Milliseconds to wait for response headers; YooKassa answers within 30 s or gives 500 (§6.2). Default 35 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Any failure talking to YooKassa. */
export class YooKassaError extends Error {
  constructor(
    message: string,
    /** True when the outcome is unknown and the same request (same key, same bytes) may be repeated. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "YooKassaError";
  }
}

/** YooKassa answered with an error body (§6.1). */
export class YooKassaApiError extends YooKassaError {
  readonly code: string;
  readonly description: string | undefined;
  readonly parameter: string | undefined;
  /** The error id to quote to YooKassa support. */
  readonly errorId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly status: number,
    body: Partial<YooKassaErrorBody>,
  ) {
    super(
      `YooKassa HTTP ${status} ${body.code ?? "error"}${body.description ? `: ${body.description}` : ""}${body.parameter ? ` (${body.parameter})` : ""}`,
      status === 500 || status === 429 || status === 202 || status >= 502,
    );
    this.name = "YooKassaApiError";
    this.code = body.code ?? `http_${status}`;
    this.description = body.description;
    this.parameter = body.parameter;
    this.errorId = body.id;
    this.retryAfterMs = typeof body.retry_after === "number" ? body.retry_after : undefined;
  }
}

/** YooKassa could not be reached or timed out: the outcome of a POST is unknown. */
export class YooKassaNetworkError extends YooKassaError {
  constructor(message: string) {
    super(message, true);
    this.name = "YooKassaNetworkError";
  }
}

/** A 200 whose body is not what the API reference describes. */
export class YooKassaProtocolError extends YooKassaError {
  constructor(message: string) {
    super(message, false);
    this.name = "YooKassaProtocolError";
  }
}

export interface YooKassaClient {
  readonly settings: YooKassaSettings;
  /**
   * POST /payments. `idempotenceKey` is the key stored with the top-up before this call; the body is
   * serialized once and retries resend exactly those bytes with that key (§1.3, §8.1 step 3).
   */
  createPayment(body: CreatePaymentRequest, idempotenceKey: string): Promise<YooKassaPayment>;
  /** Resends a request body serialized earlier, byte for byte (for a later retry of the same operation). */
  createPaymentRaw(bodyJson: string, idempotenceKey: string): Promise<YooKassaPayment>;
  /** GET /payments/{id}: the only source of truth about a payment. */
  getPayment(paymentId: string): Promise<YooKassaPayment>;
  /** GET /payments (one page, newest first). */
  listPayments(query?: PaymentListQuery): Promise<YooKassaPaymentList>;
  /** GET /me: credentials check, test flag, fiscalization. */
  getMe(): Promise<YooKassaMe>;
  /** Whether the configured shop is a test shop: `settings.test`, else GET /me once. */
  shopIsTest(): Promise<boolean>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createYooKassaClient(settings: YooKassaSettings, options: YooKassaClientOptions = {}): YooKassaClient {
  const apiUrl = settings.apiUrl.replace(/\/+$/, "");
  const attempts = Math.max(1, options.attempts ?? 3);
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 35_000;
  const sleep = options.sleep ?? defaultSleep;
  const authorization = `Basic ${Buffer.from(`${settings.shopId}:${settings.secretKey}`, "utf8").toString("base64")}`;
  let testFlag: Promise<boolean> | undefined = settings.test === undefined ? undefined : Promise.resolve(settings.test);

  async function call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    post?: { body: string; idempotenceKey: string },
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = { authorization, accept: "application/json" };
    if (post) {
      headers["content-type"] = "application/json";
      headers["idempotence-key"] = post.idempotenceKey;
    }
    let lastError: YooKassaError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (lastError) {
        const suggested = lastError instanceof YooKassaApiError ? lastError.retryAfterMs : undefined;
        await sleep(Math.min(suggested ?? retryDelayMs, maxRetryDelayMs));
      }
      let status: number;
      let text: string;
      try {
        const res = await upstreamRequest(`${apiUrl}${path}`, {
          method,
          headers,
          body: post?.body,
          headersTimeoutMs: timeoutMs,
        });
        status = res.statusCode;
        text = await res.body.text();
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        lastError = new YooKassaNetworkError(`YooKassa ${method} ${path}: ${err.message}`);
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        lastError =
          status >= 500
            ? new YooKassaApiError(status, { code: "internal_server_error", description: "non-JSON body" })
            : new YooKassaProtocolError(`YooKassa ${method} ${path}: HTTP ${status} with a non-JSON body`);
        if (lastError.retryable) continue;
        throw lastError;
      }
      if (status === 200) {
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
          throw new YooKassaProtocolError(
            `YooKassa ${method} ${path}: unexpected body: ${parsed.error.issues[0]?.message ?? "invalid"}`,
          );
        }
        return parsed.data;
      }
      // 202 is the legacy "processing" answer (§6.3): repeat the same request after retry_after ms.
      lastError = new YooKassaApiError(status, (json ?? {}) as Partial<YooKassaErrorBody>);
      if (!lastError.retryable) throw lastError;
    }
    throw lastError!;
  }

  return {
    settings,
    createPayment(body, idempotenceKey) {
      return call("POST", "/payments", paymentSchema, { body: JSON.stringify(body), idempotenceKey });
    },
    createPaymentRaw(bodyJson, idempotenceKey) {
      return call("POST", "/payments", paymentSchema, { body: bodyJson, idempotenceKey });
    },
    getPayment(paymentId) {
      return call("GET", `/payments/${encodeURIComponent(paymentId)}`, paymentSchema);
    },
    listPayments(query = {}) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
      const qs = params.toString();
      return call("GET", `/payments${qs ? `?${qs}` : ""}`, paymentListSchema);
    },
    getMe() {
      return call("GET", "/me", meSchema);
    },
    shopIsTest() {
      testFlag ??= call("GET", "/me", meSchema).then(
        (me) => me.test,
        (err: unknown) => {
          testFlag = undefined;
          throw err;
        },
      );
      return testFlag;
    },
  };
}
