import { chatEndpoint } from "../../gateway/chat";
import { embeddingsEndpoint } from "../../gateway/embeddings";
import { getGeneration } from "../../gateway/generation";
import { getModel, listModels } from "../../gateway/models";
import { openApiDocument } from "../../gateway/openapi/document";
import { identifyCaller as callerOf } from "../../gateway/pipeline/identify";
import { sendJson } from "../../gateway/sink";
import { anthropicErrorShape } from "../../gateway/error-shapes";
import { purgeCallerCache } from "../cache/purge-cache";
import { serveCountTokens, serveMessages } from "../messages/serve";
import { exchangeOpenRouterCode } from "../oauth/exchange-openrouter-code";
import { createResponse } from "../responses/create-response";
import { deleteResponse } from "../responses/delete-response";
import { getResponse } from "../responses/get-response";
import { cancelBatch, createBatch, getBatch, listBatches } from "../batches/batches";
import { fileContent, fileObject, ownFile, uploadFile } from "../batches/files";
import { describeCredits, describeKey } from "./account-info";
import { readJsonBody, serveEndpoint, type PathRoutes, type RouteTable } from "./route-kit";

/** The public API's paths below /api/v1. */
const routes: RouteTable = {
  "/models": {
    methods: { GET: async (req, ctx, sink) => sendJson(sink, 200, await listModels(req.query), { "x-request-id": ctx.requestId }) },
  },
  // A model id holds a slash: `/models/gigachat%2FGigaChat-2-Max` and `/models/gigachat/GigaChat-2-Max` both work.
  "/models/:id": {
    methods: { GET: async (_req, ctx, sink, params) => sendJson(sink, 200, await getModel(params.id!), { "x-request-id": ctx.requestId }) },
  },
  "/models/:provider/:model": {
    methods: {
      GET: async (_req, ctx, sink, params) =>
        sendJson(sink, 200, await getModel(`${params.provider}/${params.model}`), { "x-request-id": ctx.requestId }),
    },
  },
  "/openapi.json": {
    methods: { GET: async (_req, ctx, sink) => sendJson(sink, 200, openApiDocument(), { "x-request-id": ctx.requestId }) },
  },
  "/chat/completions": { methods: { POST: serveEndpoint(chatEndpoint) } },
  "/embeddings": { methods: { POST: serveEndpoint(embeddingsEndpoint) } },
  // OpenAI's Responses API: the chat pipeline, with the caller's stored responses (previous_response_id).
  "/responses": {
    methods: {
      POST: async (req, ctx, sink) => {
        const principal = await callerOf(req);
        await createResponse(await readJsonBody(req), principal, ctx, sink);
      },
    },
  },
  "/responses/:id": {
    methods: {
      GET: async (req, ctx, sink, params) => sendJson(sink, 200, await getResponse(params.id!, await callerOf(req)), { "x-request-id": ctx.requestId }),
      DELETE: async (req, ctx, sink, params) => sendJson(sink, 200, await deleteResponse(params.id!, await callerOf(req)), { "x-request-id": ctx.requestId }),
    },
  },
  // Anthropic's Messages API (the Anthropic SDK, Claude Code): errors in Anthropic's shape.
  "/messages": { methods: { POST: serveMessages }, errorShape: anthropicErrorShape },
  "/messages/count_tokens": { methods: { POST: serveCountTokens }, errorShape: anthropicErrorShape },
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
  // OpenAI's Files and Batch APIs: chat completions on Yandex's async mode at its price (docs/api/batches.md).
  "/files": {
    methods: {
      POST: async (req, ctx, sink) => {
        const principal = await callerOf(req);
        sendJson(sink, 200, await uploadFile(req.header("content-type"), await req.readBody(), principal), { "x-request-id": ctx.requestId });
      },
    },
  },
  "/files/:id": {
    methods: { GET: async (req, ctx, sink, params) => sendJson(sink, 200, fileObject(await ownFile(params.id!, await callerOf(req))), { "x-request-id": ctx.requestId }) },
  },
  "/files/:id/content": {
    methods: {
      GET: async (req, ctx, sink, params) => {
        const text = await fileContent(params.id!, await callerOf(req));
        sink.start(200, { "content-type": "application/jsonl", "content-length": String(Buffer.byteLength(text)), "x-request-id": ctx.requestId });
        sink.end(text);
      },
    },
  },
  "/batches": {
    methods: {
      POST: async (req, ctx, sink) => {
        const principal = await callerOf(req);
        sendJson(sink, 200, await createBatch(await readJsonBody(req), principal, ctx.requestId), { "x-request-id": ctx.requestId });
      },
      GET: async (req, ctx, sink) => sendJson(sink, 200, await listBatches(req.query, await callerOf(req)), { "x-request-id": ctx.requestId }),
    },
  },
  "/batches/:id": {
    methods: { GET: async (req, ctx, sink, params) => sendJson(sink, 200, await getBatch(params.id!, await callerOf(req)), { "x-request-id": ctx.requestId }) },
  },
  "/batches/:id/cancel": {
    methods: { POST: async (req, ctx, sink, params) => sendJson(sink, 200, await cancelBatch(params.id!, await callerOf(req)), { "x-request-id": ctx.requestId }) },
  },
  // The response cache's purge of the caller's scope (docs/api/cache.md).
  "/cache": {
    methods: { DELETE: async (req, ctx, sink) => sendJson(sink, 200, await purgeCallerCache(await callerOf(req)), { "x-request-id": ctx.requestId }) },
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
