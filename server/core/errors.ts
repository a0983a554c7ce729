import { unavailableDependency, type Dependency } from "../infra/unavailable";
import { isUpstreamError } from "./upstream-error";
import { publicUpstreamMessage } from "./upstream-message";

export type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "insufficient_quota"
  | "upstream_error"
  | "server_error";

/** Every failure in the gateway becomes one of these, rendered in OpenAI's error shape in one place. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: ErrorType,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GatewayError";
  }

  /** The same error with more response headers (its own win on a clash). */
  withHeaders(headers: Record<string, string>): GatewayError {
    return new GatewayError(this.status, this.message, this.type, this.code, this.param, { ...headers, ...this.headers });
  }

  toBody() {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }
}

export const badRequest = (message: string, param: string | null = null, code = "invalid_request") =>
  new GatewayError(400, message, "invalid_request_error", code, param);

/**
 * Maps anything thrown into a GatewayError; upstream errors keep their status and name the provider when it is
 * known, with the upstream's text sanitised (the full text is for the log and the admins' attempt view).
 */
export function toGatewayError(err: unknown, provider?: string): GatewayError {
  if (err instanceof GatewayError || (err instanceof Error && err.name === "GatewayError")) return err as GatewayError;
  if (isUpstreamError(err)) {
    const headers: Record<string, string> =
      err.options.retryAfterSeconds !== undefined ? { "retry-after": String(Math.ceil(err.options.retryAfterSeconds)) } : {};
    // 4xx keep their status; an upstream 5xx is a bad gateway for our caller, a timeout stays 504.
    const status = err.status >= 400 && err.status < 500 ? err.status : err.status === 504 ? 504 : 502;
    const type: ErrorType = status === 429 ? "rate_limit_error" : status >= 500 ? "upstream_error" : "invalid_request_error";
    // An upstream authentication failure is our misconfiguration, not the caller's fault.
    const who = provider ? `upstream provider '${provider}'` : "upstream provider";
    const statusClass = `${String(err.status).charAt(0)}xx`;
    // What an upstream says about our credentials is of no use to the caller and may echo them.
    if (status === 401 || status === 403)
      return new GatewayError(502, `${who} rejected our credentials (${statusClass})`, "upstream_error", "upstream_auth_failed");
    const message = `${who} error (${statusClass}): ${publicUpstreamMessage(err.message)}`;
    return new GatewayError(status, message, type, err.options.code ?? `upstream_${err.status}`, null, headers);
  }
  const part = unavailableDependency(err);
  if (part) return dependencyUnavailable(part);
  return new GatewayError(500, "internal error", "server_error", "internal_error");
}

const DEPENDENCY_NAMES: Record<Dependency, string> = { store: "the rate-limit and balance store", database: "the database" };

/** 503 with Retry-After: an outage of ours is not the caller's fault and usually short. */
const dependencyUnavailable = (part: Dependency) =>
  new GatewayError(503, `${DEPENDENCY_NAMES[part]} is temporarily unavailable; retry in a few seconds`, "server_error", `${part}_unavailable`, null, {
    "retry-after": "5",
  });
