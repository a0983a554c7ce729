import { UpstreamError } from "../../core/upstream-error";
import { readJson, retryAfterSeconds, type UpstreamResponse } from "../http";
import type { WireErrorBody, WireErrorDetail } from "./wire";

/** OpenAI codes by HTTP status, for upstreams (vLLM, LiteLLM) whose `code` is just the status number. */
const CODE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "invalid_api_key",
  403: "permission_denied",
  404: "model_not_found",
  408: "timeout",
  413: "request_too_large",
  422: "invalid_request_error",
  429: "rate_limit_exceeded",
};

function detailOf(body: WireErrorBody): WireErrorDetail {
  if (typeof body.error === "string") return { message: body.error };
  if (body.error) return body.error;
  // vLLM: {"object":"error","message":"...","type":"BadRequestError","param":null,"code":400}
  if (body.message !== undefined) return body;
  if (typeof body.detail === "string") return { message: body.detail };
  return {};
}

function codeOf(status: number, detail: WireErrorDetail): string {
  const message = detail.message ?? "";
  if (/context length|context window|maximum context|too many tokens/i.test(message)) return "context_length_exceeded";
  if (typeof detail.code === "string" && detail.code && !/^\d+$/.test(detail.code)) return detail.code;
  return CODE_BY_STATUS[status] ?? (status >= 500 ? "upstream_error" : "invalid_request_error");
}

/** Builds the UpstreamError for an error detail, whatever status it arrived with. */
export function upstreamErrorFromDetail(
  status: number,
  detail: WireErrorDetail | string | null | undefined,
  retryAfter?: number,
): UpstreamError {
  const normalized: WireErrorDetail = typeof detail === "string" ? { message: detail } : (detail ?? {});
  const message = normalized.message || `upstream HTTP ${status}`;
  return new UpstreamError(status, message, { code: codeOf(status, normalized), retryAfterSeconds: retryAfter });
}

/** Reads a non-2xx upstream response into an UpstreamError carrying the upstream status. */
export async function upstreamErrorFromResponse(res: UpstreamResponse): Promise<UpstreamError> {
  let body: WireErrorBody = {};
  try {
    body = await readJson<WireErrorBody>(res);
  } catch {
    // A non-JSON error page (proxy HTML, plain text): the status alone still says what happened.
  }
  const parsed = typeof body === "object" && body !== null ? body : {};
  return upstreamErrorFromDetail(res.statusCode, detailOf(parsed), retryAfterSeconds(res));
}
