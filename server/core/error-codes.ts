/** One error the API can answer with (`error.code`), for the reference and the errors page. */
export interface ErrorCodeInfo {
  code: string;
  status: number;
  type: string;
  /** Where it comes from, in a few words (English). */
  description: string;
}

/**
 * Every `error.code` the gateway produces (server/gateway, server/core, server/providers): keep in step with the
 * code. Upstream errors keep the upstream's own OpenAI-style code when it has one (`upstream_<status>` otherwise).
 */
export const ERROR_CODES: readonly ErrorCodeInfo[] = [
  {
    code: "invalid_json",
    status: 400,
    type: "invalid_request_error",
    description: "The body is empty or not valid JSON.",
  },
  {
    code: "invalid_request",
    status: 400,
    type: "invalid_request_error",
    description: "A field is missing or has the wrong type or value; `param` names it.",
  },
  {
    code: "unsupported_parameter",
    status: 400,
    type: "invalid_request_error",
    description: "The model does not support `tools`, this `response_format` or images (it has no `vision`).",
  },
  {
    code: "context_length_exceeded",
    status: 400,
    type: "invalid_request_error",
    description: "The provider refused the prompt: it does not fit the model's context window.",
  },
  {
    code: "missing_api_key",
    status: 401,
    type: "authentication_error",
    description: "No `Authorization: Bearer` header.",
  },
  {
    code: "invalid_api_key",
    status: 401,
    type: "authentication_error",
    description: "The key is malformed, unknown, revoked, disabled or expired, or its account is disabled.",
  },
  {
    code: "insufficient_quota",
    status: 402,
    type: "insufficient_quota",
    description: "The balance or the key's spend limit is exhausted (comes with billing).",
  },
  {
    code: "model_not_allowed",
    status: 403,
    type: "permission_error",
    description: "The key's model allowlist excludes this model.",
  },
  {
    code: "model_not_found",
    status: 404,
    type: "invalid_request_error",
    description: "No such model of this kind (chat or embedding) in the catalog.",
  },
  {
    code: "generation_not_found",
    status: 404,
    type: "not_found_error",
    description: "No finished request of yours has this id.",
  },
  {
    code: "response_not_found",
    status: 404,
    type: "not_found_error",
    description: "No stored response of yours has this id (never stored, deleted, or past its retention).",
  },
  {
    code: "previous_response_not_found",
    status: 404,
    type: "not_found_error",
    description: "`previous_response_id` names no stored response of yours (or of this WebSocket); send the whole conversation instead.",
  },
  {
    code: "too_many_websockets",
    status: 429,
    type: "rate_limit_error",
    description: "The key already holds as many Responses WebSockets as XROUTER_WS_MAX_PER_KEY allows on this instance.",
  },
  {
    code: "websocket_stream_limit_reached",
    status: 429,
    type: "rate_limit_error",
    description: "Too many responses queued or running on one WebSocket (or too many lanes); the socket stays open.",
  },
  {
    code: "invalid_message",
    status: 400,
    type: "invalid_request_error",
    description: "A WebSocket message that is not a JSON object of a known event (a binary frame, a non-object); the socket stays usable.",
  },
  {
    code: "unknown_event_type",
    status: 400,
    type: "invalid_request_error",
    description: "A WebSocket message whose `type` is not `response.create`; the socket stays usable.",
  },
  { code: "route_not_found", status: 404, type: "not_found_error", description: "No such path under /api/v1." },
  {
    code: "method_not_allowed",
    status: 405,
    type: "invalid_request_error",
    description: "The path exists but not with this method; `Allow` lists the methods.",
  },
  {
    code: "json_too_deep",
    status: 400,
    type: "invalid_request_error",
    description: "The body nests objects and arrays deeper than 64 levels; `param` names where.",
  },
  {
    code: "request_timeout",
    status: 408,
    type: "invalid_request_error",
    description: "The body did not arrive within 30 s (XROUTER_BODY_TIMEOUT_MS).",
  },
  {
    code: "request_too_large",
    status: 413,
    type: "invalid_request_error",
    description: "The body is larger than 4 MB.",
  },
  {
    code: "rate_limit_exceeded",
    status: 429,
    type: "rate_limit_error",
    description: "The key's requests-per-minute limit, or the provider's own limit, was reached; see `Retry-After`.",
  },
  { code: "internal_error", status: 500, type: "server_error", description: "An unexpected error in XRouter." },
  {
    code: "upstream_error",
    status: 502,
    type: "upstream_error",
    description: "The provider failed, answered something unreadable, or broke a stream.",
  },
  {
    code: "key_not_found",
    status: 404,
    type: "not_found_error",
    description: "GET /key: the calling key no longer exists.",
  },
  {
    code: "account_not_found",
    status: 404,
    type: "not_found_error",
    description: "GET /credits: the calling account no longer exists.",
  },
  {
    code: "invalid_access_token",
    status: 401,
    type: "authentication_error",
    description: "An OAuth access token that is malformed, expired, tampered with or of a revoked grant.",
  },
  {
    code: "insufficient_scope",
    status: 403,
    type: "permission_error",
    description: "The OAuth access token lacks the scope this call needs (`chat`).",
  },
  {
    code: "ip_not_allowed",
    status: 403,
    type: "permission_error",
    description: "The key's IP allowlist does not include the caller's address.",
  },
  {
    code: "ip_denied",
    status: 403,
    type: "permission_error",
    description: "The server's IP allow or deny list refuses the caller's address (checked before the key).",
  },
  {
    code: "too_many_auth_failures",
    status: 429,
    type: "rate_limit_error",
    description:
      "Too many requests from your IP address failed authentication (401); every request from it is refused until `Retry-After`.",
  },
  {
    code: "routes_busy",
    status: 429,
    type: "rate_limit_error",
    description: "Every provider account that serves the model is at its concurrency limit.",
  },
  {
    code: "no_route",
    status: 503,
    type: "upstream_error",
    description: "Rules or provider preferences leave no provider account that may serve the model.",
  },
  {
    code: "no_healthy_route",
    status: 503,
    type: "upstream_error",
    description: "Every route for the model is failing (breakers open).",
  },
  {
    code: "upstream_auth_failed",
    status: 502,
    type: "upstream_error",
    description: "The provider rejected XRouter's own credentials (a server misconfiguration, not your key).",
  },
  {
    code: "upstream_502",
    status: 502,
    type: "upstream_error",
    description: "The provider could not be reached (`upstream_<status>` carries the provider's status).",
  },
  {
    code: "provider_not_configured",
    status: 503,
    type: "upstream_error",
    description: "The model's provider is not configured on this server.",
  },
  { code: "upstream_504", status: 504, type: "upstream_error", description: "The provider did not answer in time." },
  {
    code: "upstream_stream_stalled",
    status: 504,
    type: "upstream_error",
    description:
      "A started stream got nothing from the provider for 30 s (XROUTER_STREAM_IDLE_TIMEOUT_MS); ends the stream as an error event.",
  },
  {
    code: "store_unavailable",
    status: 503,
    type: "server_error",
    description: "XRouter's rate-limit and balance store (Redis) is unreachable; retry after `Retry-After`.",
  },
  {
    code: "database_unavailable",
    status: 503,
    type: "server_error",
    description: "XRouter's database is unreachable; retry after `Retry-After`.",
  },
];
