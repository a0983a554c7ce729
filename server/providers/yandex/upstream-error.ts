import { UpstreamError } from "../errors";
import { retryAfterSeconds, type UpstreamResponse } from "../http";
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
