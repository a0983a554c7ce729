import { getAccessLogger, getLogger, withRequestId } from "../../logging/logger";
import { assertNotBlocked, countAuthFailure } from "../../gateway/auth-throttle";
import { GatewayError, toGatewayError } from "../../core/errors";
import { openAIErrorShape } from "../../gateway/error-shapes";
import { appAttribution } from "../../gateway/app-attribution";
import { newRequestId, type RequestContext } from "../../gateway/pipeline/context";
import { sendJson, type ResponseSink } from "../../gateway/sink";
import type { ApiRequest } from "./api-request";
import { findRoute } from "./routes";
import { observeApiError } from "../../metrics/observe-request";

export type { ApiRequest } from "./api-request";

/** Tracks whether the response has started, so an error after the first byte is not answered twice. */
function tracking(sink: ResponseSink) {
  const state = { status: 0 };
  const wrapped: ResponseSink = {
    start: (status, headers) => {
      state.status = status;
      sink.start(status, headers);
    },
    write: (chunk) => sink.write(chunk),
    end: (last) => sink.end(last),
  };
  return { state, sink: wrapped };
}

/** The public OpenAI-compatible API: one entry for every transport. */
export function handleApiRequest(req: ApiRequest, rawSink: ResponseSink): Promise<void> {
  const requestId = newRequestId();
  return withRequestId(requestId, async () => {
    const ctx: RequestContext = {
      requestId,
      signal: req.signal,
      startedAt: Date.now(),
      app: appAttribution((name) => req.header(name)),
      session: req.header("x-session-id"),
      cacheHeaders: { mode: req.header("x-xrouter-cache"), ttl: req.header("x-xrouter-cache-ttl") },
    };
    const { state, sink } = tracking(rawSink);
    const found = findRoute(req.path);
    try {
      assertNotBlocked(req.clientIp);
      if (!found) throw new GatewayError(404, `no route ${req.method} /api/v1${req.path}`, "not_found_error", "route_not_found");
      const route = found.methods[req.method];
      if (!route)
        throw new GatewayError(405, `method ${req.method} is not allowed on /api/v1${req.path}`, "invalid_request_error", "method_not_allowed", null, {
          allow: Object.keys(found.methods).join(", "),
        });
      await route(req, ctx, sink, found.params);
    } catch (err) {
      // A caller that went away is not a server error: record it as 499 and keep the error log for real faults.
      let error = req.signal.aborted
        ? new GatewayError(499, "client closed the request", "invalid_request_error", "client_closed_request")
        : toGatewayError(err);
      if (error.status === 401) error = await countAuthFailure(req.clientIp, error);
      if (error.status >= 500) getLogger().error({ err }, "request failed");
      observeApiError(error.code);
      const shape = found?.errorShape ?? openAIErrorShape;
      if (state.status === 0) sendJson(sink, error.status, shape(error), { "x-request-id": requestId, ...error.headers });
      else sink.end();
    } finally {
      getAccessLogger().info(
        { method: req.method, path: req.path, status: state.status, ms: Date.now() - ctx.startedAt, aborted: req.signal.aborted, ip: req.clientIp },
        "api request",
      );
    }
  });
}
