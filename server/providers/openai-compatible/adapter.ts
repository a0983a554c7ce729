import { UpstreamError } from "../../core/upstream-error";
import type { EgressPolicy } from "../../net/egress-guard";
import { readJson, upstreamAgent, upstreamRequest, type UpstreamResponse } from "../http";
import type { ChatRequest } from "../openai";
import type { CallContext, ModelInfo, Provider, ProviderId } from "../types";
import { toCompletion } from "./normalize";
import { buildChatBody, type OpenAICompatibleQuirks } from "./request";
import { readChatChunks } from "./stream";
import { upstreamErrorFromResponse } from "./upstream-error";
import type { WireCompletion, WireEmbeddings } from "./wire";

export type { OpenAICompatibleQuirks } from "./request";

export interface OpenAICompatibleConfig {
  id: ProviderId;
  /** The whole base, e.g. `https://api.gpt.mws.ru/v1` or `https://gpt.mwsapis.ru/projects/<p>/openai/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer`; self-hosted vLLM without `--api-key` needs none. */
  apiKey?: string;
  models: ModelInfo[];
  quirks?: OpenAICompatibleQuirks;
  /** Set for an admin-entered account: the base URL's host is checked on every connection. */
  egress?: EgressPolicy;
}

/** A provider for any OpenAI-compatible upstream (vLLM, LiteLLM, MWS GPT, Cloud.ru). */
export function createOpenAICompatibleProvider(config: OpenAICompatibleConfig): Provider {
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const quirks = config.quirks ?? {};
  const dispatcher = upstreamAgent({ egress: config.egress });
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;

  /** Accepts the upstream name (what the gateway passes) or, for convenience, the public `<provider>/<model>` id. */
  const upstreamModel = (model: string): string => config.models.find((m) => m.id === model)?.upstreamModel ?? model;

  async function post(
    path: string,
    body: unknown,
    ctx: CallContext,
    accept = "application/json",
  ): Promise<UpstreamResponse> {
    const res = await upstreamRequest(`${baseUrl}${path}`, {
      method: "POST",
      headers: { ...headers, accept, "x-request-id": ctx.requestId },
      body: JSON.stringify(body),
      signal: ctx.signal,
      dispatcher,
    });
    if (res.statusCode >= 400) throw await upstreamErrorFromResponse(res);
    return res;
  }

  const withModel = (req: ChatRequest): ChatRequest => ({ ...req, model: upstreamModel(req.model) });

  return {
    id: config.id,
    models: () => config.models,

    async chat(req, ctx) {
      const { body, dropped } = buildChatBody(withModel(req), quirks, false);
      const res = await post("/chat/completions", body, ctx);
      const completion = toCompletion(await readJson<WireCompletion>(res), req.model);
      return { completion, dropped };
    },

    async chatStream(req, ctx) {
      const { body, dropped } = buildChatBody(withModel(req), quirks, true);
      const res = await post("/chat/completions", body, ctx, "text/event-stream");
      return { dropped, chunks: readChatChunks(res, req.model, ctx.signal) };
    },

    async embeddings(model, input, ctx) {
      const res = await post("/embeddings", { model: upstreamModel(model), input, encoding_format: "float" }, ctx);
      const wire = await readJson<WireEmbeddings>(res);
      const data = [...(wire.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      if (data.length !== input.length || data.some((d) => !Array.isArray(d.embedding))) {
        throw new UpstreamError(502, `upstream returned ${data.length} embeddings for ${input.length} inputs`);
      }
      return { vectors: data.map((d) => d.embedding ?? []), promptTokens: wire.usage?.prompt_tokens ?? 0 };
    },

    async health(ctx) {
      const started = performance.now();
      const latency = () => Math.round(performance.now() - started);
      try {
        const res = await upstreamRequest(`${baseUrl}/models`, {
          headers,
          signal: ctx.signal,
          dispatcher,
          headersTimeoutMs: 5_000,
        });
        if (res.statusCode >= 400) {
          const err = await upstreamErrorFromResponse(res);
          return { ok: false, latencyMs: latency(), message: `HTTP ${err.status}: ${err.message}` };
        }
        await res.body.dump();
        return { ok: true, latencyMs: latency() };
      } catch (err) {
        return { ok: false, latencyMs: latency(), message: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
