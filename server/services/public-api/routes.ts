import { chatEndpoint } from "../../gateway/chat";
import { embeddingsEndpoint } from "../../gateway/embeddings";
import { getGeneration } from "../../gateway/generation";
import { listModels } from "../../gateway/models";
import { openApiDocument } from "../../gateway/openapi/document";
import { identifyCaller as callerOf } from "../../gateway/pipeline/identify";
import { sendJson } from "../../gateway/sink";
import { exchangeOpenRouterCode } from "../oauth/exchange-openrouter-code";
import { describeCredits, describeKey } from "./account-info";
import { readJsonBody, serveEndpoint, type PathRoutes, type RouteTable } from "./route-kit";

/** The public API's paths below /api/v1. */
const routes: RouteTable = {
  "/models": {
    methods: { GET: async (_req, ctx, sink) => sendJson(sink, 200, await listModels(), { "x-request-id": ctx.requestId }) },
  },
  "/openapi.json": {
    methods: { GET: async (_req, ctx, sink) => sendJson(sink, 200, openApiDocument(), { "x-request-id": ctx.requestId }) },
  },
  "/chat/completions": { methods: { POST: serveEndpoint(chatEndpoint) } },
  "/embeddings": { methods: { POST: serveEndpoint(embeddingsEndpoint) } },
  "/key": {
    methods: {
      GET: async (req, ctx, sink) => sendJson(sink, 200, await describeKey(await callerOf(req, "usage:read")), { "x-request-id": ctx.requestId }),
    },
  },
  "/credits": {
    methods: {
      GET: async (req, ctx, sink) => sendJson(sink, 200, await describeCredits(await callerOf(req, "usage:read")), { "x-request-id": ctx.requestId }),
    },
  },
  // OpenRouter's PKCE key exchange: apps written for it work unchanged.
  "/auth/keys": {
    methods: {
      POST: async (req, ctx, sink) => sendJson(sink, 200, await exchangeOpenRouterCode(await readJsonBody(req)), { "x-request-id": ctx.requestId }),
    },
  },
  "/generation": {
    methods: {
      GET: async (req, ctx, sink) =>
        sendJson(sink, 200, await getGeneration(req.query.get("id"), await callerOf(req, "usage:read")), { "x-request-id": ctx.requestId }),
    },
  },
};

/** Paths with `:name` segments, tried in order after the exact paths. */
const patterns = Object.entries(routes)
  .filter(([path]) => path.includes("/:"))
  .map(([path, routes]) => ({ segments: path.split("/"), routes }));

/** A path segment decoded; undefined when empty or not valid percent-encoding (the path then matches nothing). */
function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part) || undefined;
  } catch {
    return undefined;
  }
}

/** The routes of a path below /api/v1 and the values of its `:name` segments, or undefined when none matches. */
export function findRoute(path: string): (PathRoutes & { params: Record<string, string> }) | undefined {
  const exact = routes[path];
  if (exact && !path.includes("/:")) return { ...exact, params: {} };
  const parts = path.split("/");
  for (const { segments, routes: found } of patterns) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = segments.every((segment, i) => {
      if (!segment.startsWith(":")) return segment === parts[i];
      const value = decoded(parts[i]!);
      if (!value) return false;
      params[segment.slice(1)] = value;
      return true;
    });
    if (matches) return { ...found, params };
  }
  return undefined;
}
