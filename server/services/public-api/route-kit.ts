import { badRequest } from "../../core/errors";
import type { ErrorShape } from "../../gateway/error-shapes";
import { MAX_JSON_DEPTH, pathBeyondDepth } from "../../gateway/json-limits";
import type { RequestContext } from "../../gateway/pipeline/context";
import type { Endpoint } from "../../gateway/pipeline/endpoint";
import { identifyCaller } from "../../gateway/pipeline/identify";
import { runEndpoint } from "../../gateway/pipeline/run-endpoint";
import type { ResponseSink } from "../../gateway/sink";
import type { ApiRequest } from "./api-request";

/** One method on one path; `params` holds the path's `:name` segments. */
export type Route = (req: ApiRequest, ctx: RequestContext, sink: ResponseSink, params: Record<string, string>) => Promise<void>;

/** A path's methods, and the error shape of its API (OpenAI's when unset). */
export interface PathRoutes {
  methods: Partial<Record<string, Route>>;
  errorShape?: ErrorShape;
}

/** Paths below /api/v1 (`/responses/:id` names a segment) → their routes. */
export type RouteTable = Record<string, PathRoutes>;

export async function readJsonBody(req: ApiRequest): Promise<unknown> {
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

/** An endpoint served through the pipeline. The key is checked before the body is read: an anonymous caller gets 401 whatever it sent. */
export const serveEndpoint =
  <Req extends { model: string }, Answer>(endpoint: Endpoint<Req, Answer>): Route =>
  async (req, ctx, sink) => {
    const principal = await identifyCaller(req);
    await runEndpoint(endpoint, await readJsonBody(req), principal, ctx, sink);
  };
