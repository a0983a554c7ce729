import { getAccessLogger, getLogger, withRequestId } from "../../logging/logger";
import { describeCredits, describeKey } from "./account-info";
import { assertNotBlocked, countAuthFailure } from "../../gateway/auth-throttle";
import { exchangeOpenRouterCode } from "../oauth/exchange-openrouter-code";
import { chatEndpoint } from "../../gateway/chat";
import { embeddingsEndpoint } from "../../gateway/embeddings";
import { badRequest, GatewayError, toGatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { getGeneration } from "../../gateway/generation";
import { MAX_JSON_DEPTH, pathBeyondDepth } from "../../gateway/json-limits";
import { listModels } from "../../gateway/models";
import { openApiDocument } from "../../gateway/openapi/document";
import { newRequestId, type RequestContext } from "../../gateway/pipeline/context";
import type { Endpoint } from "../../gateway/pipeline/endpoint";
import { identifyCaller as callerOf } from "../../gateway/pipeline/identify";
import { runEndpoint } from "../../gateway/pipeline/run-endpoint";
import { sendJson, type ResponseSink } from "../../gateway/sink";

/** A transport-neutral API request: both doors (node:http server and Next route handler) build one. */
export interface ApiRequest {
  method: string;
  /** Path below /api/v1, e.g. "/chat/completions". */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** The caller's IP, when the door knows it: repeated authentication failures from it get it throttled. */
  clientIp?: string;
  /** Set by in-process callers that have already identified the user (the portal's playground). */
  principal?: Principal;
  readBody(): Promise<string>;
  signal: AbortSignal;
}

async function readJsonBody(req: ApiRequest): Promise<unknown> {
  const text = await req.readBody();
  if (!text) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("request body is not valid JSON", null, "invalid_json");
  }
  const tooDeep = pathBeyondDepth(body);
  if (tooDeep !== null) throw badRequest(`request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`, tooDeep, "json_too_deep");
  return body;
}

type Route = (req: ApiRequest, ctx: RequestContext, sink: ResponseSink) => Promise<void>;

/** An endpoint served through the pipeline. The key is checked before the body is read: an anonymous caller gets 401 whatever it sent. */
const serveEndpoint =
  <Req extends { model: string }, Answer>(endpoint: Endpoint<Req, Answer>): Route =>
  async (req, ctx, sink) => {
    const principal = await callerOf(req);
    await runEndpoint(endpoint, await readJsonBody(req), principal, ctx, sink);
  };

const routes: Record<string, Partial<Record<string, Route>>> = {
  "/models": {
    GET: async (_req, ctx, sink) => sendJson(sink, 200, await listModels(), { "x-request-id": ctx.requestId }),
  },
  "/openapi.json": {
    GET: async (_req, ctx, sink) => sendJson(sink, 200, openApiDocument(), { "x-request-id": ctx.requestId }),
  },
  "/chat/completions": { POST: serveEndpoint(chatEndpoint) },
  "/embeddings": { POST: serveEndpoint(embeddingsEndpoint) },
  "/key": {
    GET: async (req, ctx, sink) => sendJson(sink, 200, await describeKey(await callerOf(req, "usage:read")), { "x-request-id": ctx.requestId }),
  },
  "/credits": {
    GET: async (req, ctx, sink) => sendJson(sink, 200, await describeCredits(await callerOf(req, "usage:read")), { "x-request-id": ctx.requestId }),
  },
  // OpenRouter's PKCE key exchange: apps written for it work unchanged.
  "/auth/keys": {
    POST: async (req, ctx, sink) => sendJson(sink, 200, await exchangeOpenRouterCode(await readJsonBody(req)), { "x-request-id": ctx.requestId }),
  },
  "/generation": {
    GET: async (req, ctx, sink) =>
      sendJson(sink, 200, await getGeneration(req.query.get("id"), await callerOf(req, "usage:read")), {
        "x-request-id": ctx.requestId,
      }),
  },
};

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
    const ctx: RequestContext = { requestId, signal: req.signal, startedAt: Date.now() };
    const { state, sink } = tracking(rawSink);
    try {
      assertNotBlocked(req.clientIp);
      const methods = routes[req.path];
      if (!methods) throw new GatewayError(404, `no route ${req.method} /api/v1${req.path}`, "not_found_error", "route_not_found");
      const route = methods[req.method];
      if (!route)
        throw new GatewayError(405, `method ${req.method} is not allowed on /api/v1${req.path}`, "invalid_request_error", "method_not_allowed", null, {
          allow: Object.keys(methods).join(", "),
        });
      await route(req, ctx, sink);
    } catch (err) {
      // A caller that went away is not a server error: record it as 499 and keep the error log for real faults.
      let error = req.signal.aborted
        ? new GatewayError(499, "client closed the request", "invalid_request_error", "client_closed_request")
        : toGatewayError(err);
      if (error.status === 401) error = await countAuthFailure(req.clientIp, error);
      if (error.status >= 500) getLogger().error({ err }, "request failed");
      if (state.status === 0) sendJson(sink, error.status, error.toBody(), { "x-request-id": requestId, ...error.headers });
      else sink.end();
    } finally {
      getAccessLogger().info(
        { method: req.method, path: req.path, status: state.status, ms: Date.now() - ctx.startedAt, aborted: req.signal.aborted, ip: req.clientIp },
        "api request",
      );
    }
  });
}
