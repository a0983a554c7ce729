import { UpstreamError } from "../../core/upstream-error";
import { retryAfterSeconds, type UpstreamResponse } from "../http";
import { upstreamErrorFromDetail } from "../openai-compatible/upstream-error";
import type { WireErrorDetail } from "../openai-compatible/wire";
import type { YandexErrorBody } from "./wire";

/** Context overflow: "number of input tokens must be no more than 32768, got 59830" (providers.md §2.8). */
const CONTEXT_OVERFLOW = /number of input tokens must be no more than/i;

function errorCode(status: number, message: string): string | undefined {
  if (status === 429) return "rate_limit_exceeded";
  if (status === 400 && CONTEXT_OVERFLOW.test(message)) return "context_length_exceeded";
  return undefined;
}

/** Maps the grpc-gateway body `{"error":{grpcCode,httpCode,message,httpStatus,details}}` to an UpstreamError. */
export function yandexError(
  httpStatus: number,
  error: YandexErrorBody | undefined,
  retryAfter?: number,
): UpstreamError {
  const status = error?.httpCode ?? httpStatus;
  const message = error?.message ?? `yandex returned HTTP ${httpStatus}`;
  return new UpstreamError(status, `yandex HTTP ${status}: ${message}`, {
    code: errorCode(status, message),
    ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }),
  });
}

/** Reads a non-2xx response body and turns it into an UpstreamError (the body may not be JSON at all). */
export async function errorFromResponse(res: UpstreamResponse): Promise<UpstreamError> {
  const text = await res.body.text();
  let error: YandexErrorBody | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: YandexErrorBody | string; message?: string };
    error = typeof parsed.error === "object" ? parsed.error : { message: parsed.message ?? parsed.error };
  } catch {
    error = text.trim() ? { message: text.trim().slice(0, 500) } : undefined;
  }
  // The HTTP status wins over the body's httpCode (they match on real responses); httpCode matters mid-stream.
  return yandexError(res.statusCode, { ...error, httpCode: res.statusCode }, retryAfterSeconds(res));
}

/**
 * A non-2xx response from the OpenAI-compatible surface (providers.md §2.9). Its documented error body is OpenAI's
 * `{"error":{"message","type"}}` (SECONDARY); whether it ever answers with the native grpc-gateway body is
 * UNCONFIRMED, so both are read. Yandex's context-overflow text gets `context_length_exceeded` either way.
 */
export async function compatErrorFromResponse(res: UpstreamResponse): Promise<UpstreamError> {
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const error = typeof parsed === "object" && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
  const retryAfter = retryAfterSeconds(res);
  if (typeof error === "object" && error !== null && ("grpcCode" in error || "httpCode" in error)) {
    return yandexError(res.statusCode, { ...(error as YandexErrorBody), httpCode: res.statusCode }, retryAfter);
  }
  let detail: WireErrorDetail | string | undefined;
  if (typeof error === "object" && error !== null) detail = error as WireErrorDetail;
  else if (typeof error === "string") detail = error;
  else if (typeof parsed === "object" && parsed !== null && "message" in parsed) detail = parsed as WireErrorDetail;
  else if (text.trim()) detail = text.trim().slice(0, 500);
  const base = upstreamErrorFromDetail(res.statusCode, detail, retryAfter);
  return new UpstreamError(base.status, `yandex HTTP ${base.status}: ${base.message}`, {
    ...base.options,
    code: CONTEXT_OVERFLOW.test(base.message) ? "context_length_exceeded" : base.options.code,
  });
}
