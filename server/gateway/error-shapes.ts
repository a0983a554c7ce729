import type { GatewayError } from "../core/errors";

/** How an API writes its errors: each API answers in its own shape (status and headers are the error's). */
export type ErrorShape = (error: GatewayError) => unknown;

/** OpenAI's `{"error": {message, type, code, param}}`: chat completions, embeddings, Responses, everything else. */
export const openAIErrorShape: ErrorShape = (error) => error.toBody();

/** Anthropic's error types by status (docs.claude.com/en/api/errors; 402 and 504 as the official SDK names them). */
const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  502: "api_error",
  // No provider can take the request right now, or a part of XRouter is briefly down: retry later, as on a 529.
  503: "overloaded_error",
  504: "timeout_error",
  529: "overloaded_error",
};

/** Anthropic's `{"type": "error", "error": {type, message}}`: the Messages API (status and Retry-After are the error's). */
export const anthropicErrorShape: ErrorShape = (error) => ({
  type: "error",
  error: { type: ANTHROPIC_ERROR_TYPES[error.status] ?? (error.status < 500 ? "invalid_request_error" : "api_error"), message: error.message },
});
