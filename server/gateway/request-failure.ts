import { GatewayError, toGatewayError } from "../core/errors";

/** Why a request failed, as recorded and answered: a caller that went away is a 499 whatever broke after. */
export function requestFailure(err: unknown, signal: AbortSignal): GatewayError {
  return signal.aborted
    ? new GatewayError(499, "client closed the request", "invalid_request_error", "client_closed_request")
    : toGatewayError(err);
}
