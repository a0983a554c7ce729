import { UpstreamError } from "../../core/upstream-error";
import type { EgressPolicy } from "../../net/egress-guard";
import type { Store } from "../../store/types";
import { readJson, upstreamAgent, upstreamRequest, type UpstreamResponse } from "../http";
import { toCompletion } from "../openai-compatible/normalize";
import { readChatChunks } from "../openai-compatible/stream";
import type { WireCompletion } from "../openai-compatible/wire";
import { readNdjson } from "../sse";
import type { AsyncOutcome, CallContext, EmbeddingsResult, HealthResult, Provider, UpstreamChatRequest } from "../types";
import { nativeAuthHeaders, yandexCredentials, type YandexAuthSettings, type YandexCredential } from "./auth";
import { compatAuthHeaders, toCompatRequest } from "./compat";
import { YANDEX_MODELS, yandexSurface } from "./models";
import { toOpenAIChunks } from "./stream";
import { modelUri, toOpenAICompletion, toYandexRequest } from "./transform";
import { compatErrorFromResponse, errorFromResponse } from "./upstream-error";
import {
  YANDEX_COMPAT_PATHS,
  YANDEX_LLM_HOST,
  YANDEX_OPERATIONS_URL,
  YANDEX_PATHS,
  type YandexCompletionEnvelope,
  type YandexOperation,
  type YandexTextEmbeddingRequest,
  type YandexTextEmbeddingResponse,
  type YandexTokenizeRequest,
  type YandexTokenizeResponse,
} from "./wire";

export interface YandexProviderConfig extends YandexAuthSettings {
  folderId: string;
  /**
   * The host root, e.g. https://llm.api.cloud.yandex.net: native paths (`/foundationModels/v1/…`) and the
   * OpenAI-compatible ones (`/v1/…`, for models served only there) are appended to it.
   */
  baseUrl: string;
  /** "on" lets Yandex log the requests (its default); otherwise each one says `x-data-logging-enabled: false`. */
  dataLogging?: "on" | "off";
  /** Set for an admin-entered account: the base URL's host is checked on every connection. */
  egress?: EgressPolicy;
}

/** Native textEmbedding takes one text per call; the quota is 10 requests/s, so keep the fan-out small. */
const EMBEDDING_CONCURRENCY = 4;
/** A synchronous completion sends its headers only once generation is done. */
const CHAT_HEADERS_TIMEOUT_MS = 120_000;
const STREAM_HEADERS_TIMEOUT_MS = 60_000;
const HEALTH_MODEL = "yandexgpt-lite/latest";
const TOKENIZE_HEADERS_TIMEOUT_MS = 5_000;
const ASYNC_HEADERS_TIMEOUT_MS = 15_000;

/** Where operations are read: the Operation service's host for the real API, the same host otherwise (an emulator). */
function operationsBase(base: string): string {
  return new URL(base).hostname === YANDEX_LLM_HOST ? YANDEX_OPERATIONS_URL : base;
}

/** Runs `task` over every item with at most `limit` in flight, keeping results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function createYandexProvider(config: YandexProviderConfig, deps: { store?: Store } = {}): Provider {
  const base = config.baseUrl.replace(/\/+$/, "");
  const dispatcher = upstreamAgent({ egress: config.egress });
  const credentials = yandexCredentials(config, { store: deps.store, dispatcher });
  // The docs' opt-out of request logging (providers.md §2.1); without it Yandex may log prompts.
  const logging: Record<string, string> = config.dataLogging === "on" ? {} : { "x-data-logging-enabled": "false" };

  /**
   * A POST (a GET when `body` is undefined) with the account's credential; a renewable token the API refuses (401)
   * is replaced and the call retried once. `path` may be a whole URL (the operations host).
   */
  async function send(
    path: string,
    body: unknown,
    signal: AbortSignal,
    headersTimeoutMs: number | undefined,
    headers: (credential: YandexCredential) => Record<string, string>,
  ): Promise<UpstreamResponse> {
    const url = path.startsWith("https://") || path.startsWith("http://") ? path : base + path;
    for (let attempt = 0; ; attempt++) {
      const credential = await credentials.current();
      const res = await upstreamRequest(url, {
        headers: { ...headers(credential), ...logging, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        dispatcher,
        headersTimeoutMs,
      });
      if (res.statusCode !== 401 || attempt > 0 || !credentials.renewable) return res;
      await res.body.dump();
      await credentials.invalidate(credential);
    }
  }

  async function post(
    path: string,
    body: unknown,
    signal: AbortSignal,
    headersTimeoutMs?: number,
  ): Promise<UpstreamResponse> {
    const res = await send(path, body, signal, headersTimeoutMs, (credential) =>
      nativeAuthHeaders(credential, config.folderId),
    );
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    throw await errorFromResponse(res);
  }

  /** A POST to the OpenAI-compatible surface, whose errors are OpenAI-shaped (or, UNCONFIRMED, native-shaped). */
  async function postCompat(
    body: unknown,
    ctx: CallContext,
    accept: string,
    headersTimeoutMs: number,
  ): Promise<UpstreamResponse> {
    const res = await send(YANDEX_COMPAT_PATHS.chatCompletions, body, ctx.signal, headersTimeoutMs, (credential) => ({
      ...compatAuthHeaders(credential, config.folderId),
      accept,
    }));
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    throw await compatErrorFromResponse(res);
  }

  async function embedOne(uri: string, text: string, signal: AbortSignal): Promise<YandexTextEmbeddingResponse> {
    const body: YandexTextEmbeddingRequest = { modelUri: uri, text };
    return readJson<YandexTextEmbeddingResponse>(await post(YANDEX_PATHS.textEmbedding, body, signal));
  }

  /** completionAsync (providers' async mode): native models only; the operation's result is the sync `result`. */
  async function submitAsync(req: UpstreamChatRequest, ctx: CallContext): Promise<string> {
    const { body } = toYandexRequest(req, config.folderId, false);
    const res = await post(YANDEX_PATHS.completionAsync, body, ctx.signal, ASYNC_HEADERS_TIMEOUT_MS);
    const operation = await readJson<YandexOperation>(res);
    if (typeof operation.id !== "string" || !operation.id) throw new UpstreamError(502, "yandex: completionAsync answered no operation id");
    return operation.id;
  }

  async function pollAsync(operationId: string, model: string, ctx: CallContext): Promise<AsyncOutcome> {
    const url = `${operationsBase(base)}${YANDEX_PATHS.operation}${encodeURIComponent(operationId)}`;
    const res = await send(url, undefined, ctx.signal, ASYNC_HEADERS_TIMEOUT_MS, (credential) => nativeAuthHeaders(credential, config.folderId));
    if (res.statusCode < 200 || res.statusCode >= 300) throw await errorFromResponse(res);
    const operation = await readJson<YandexOperation>(res);
    if (!operation.done) return { done: false };
    if (operation.response?.alternatives) return { done: true, completion: toOpenAICompletion(operation.response, model) };
    return { done: true, error: { status: 502, message: operation.error?.message ?? "yandex: the operation ended without a response" } };
  }

  return {
    id: "yandex",

    chatAsync: {
      supports: (model) => yandexSurface(model) !== "openai",
      submit: submitAsync,
      poll: pollAsync,
    },

    models: () => [...YANDEX_MODELS],

    async chat(req: UpstreamChatRequest, ctx: CallContext) {
      if (yandexSurface(req.model) === "openai") {
        const { body, dropped } = toCompatRequest(req, config.folderId, false);
        const res = await postCompat(body, ctx, "application/json", CHAT_HEADERS_TIMEOUT_MS);
        return { completion: toCompletion(await readJson<WireCompletion>(res), req.model), dropped };
      }
      const { body, dropped } = toYandexRequest(req, config.folderId, false);
      const res = await post(YANDEX_PATHS.completion, body, ctx.signal, CHAT_HEADERS_TIMEOUT_MS);
      const envelope = await readJson<YandexCompletionEnvelope>(res);
      if (!envelope.result) throw new UpstreamError(502, "yandex: response has no result");
      return { completion: toOpenAICompletion(envelope.result, req.model), dropped };
    },

    async chatStream(req: UpstreamChatRequest, ctx: CallContext) {
      if (yandexSurface(req.model) === "openai") {
        const { body, dropped } = toCompatRequest(req, config.folderId, true);
        const res = await postCompat(body, ctx, "text/event-stream", STREAM_HEADERS_TIMEOUT_MS);
        // Usage arrives only if Yandex sends a usage chunk unasked (UNCONFIRMED); otherwise the gateway estimates.
        return { dropped, chunks: readChatChunks(res, req.model, ctx.signal) };
      }
      const { body, dropped } = toYandexRequest(req, config.folderId, true);
      const res = await post(YANDEX_PATHS.completion, body, ctx.signal, STREAM_HEADERS_TIMEOUT_MS);
      const frames = readNdjson<YandexCompletionEnvelope>(res.body);
      return { dropped, chunks: toOpenAIChunks(frames, req.model, ctx.signal) };
    },

    async embeddings(model: string, input: string[], ctx: CallContext): Promise<EmbeddingsResult> {
      const uri = modelUri("emb", config.folderId, model);
      // One failed text fails the batch: cancel the calls still in flight.
      const batch = new AbortController();
      const signal = AbortSignal.any([ctx.signal, batch.signal]);
      try {
        const responses = await mapLimited(input, EMBEDDING_CONCURRENCY, (text) => embedOne(uri, text, signal));
        return {
          vectors: responses.map((r) => r.embedding),
          promptTokens: responses.reduce((sum, r) => sum + (Number.parseInt(r.numTokens, 10) || 0), 0),
        };
      } catch (err) {
        batch.abort();
        throw err;
      }
    },

    /**
     * `tokenizeCompletion` over the very body `chat` sends (messages, tools, tool choice, JSON schema), so the count is
     * the prompt as the model gets it. Models served only on the OpenAI-compatible surface (Qwen3, gpt-oss, Gemma)
     * are not in the Foundation Models API that tokenizer belongs to, and that surface has no counter: undefined.
     */
    async countTokens(req: UpstreamChatRequest, ctx: CallContext) {
      if (yandexSurface(req.model) === "openai") return undefined;
      const { body } = toYandexRequest(req, config.folderId, false);
      const res = await post(YANDEX_PATHS.tokenizeCompletion, body, ctx.signal, TOKENIZE_HEADERS_TIMEOUT_MS);
      const { tokens } = await readJson<YandexTokenizeResponse>(res);
      if (!Array.isArray(tokens)) throw new UpstreamError(502, "yandex: tokenizeCompletion response has no tokens");
      return tokens.length;
    },

    /**
     * `tokenize` over a plain text (what a cut stream delivered); special tokens (such as a sequence start) are not
     * text the model generated. Like countTokens, none for the models served only on the OpenAI-compatible surface.
     */
    async countText(model: string, text: string, ctx: CallContext) {
      if (yandexSurface(model) === "openai") return undefined;
      const body: YandexTokenizeRequest = { modelUri: modelUri("gpt", config.folderId, model), text };
      const res = await post(YANDEX_PATHS.tokenize, body, ctx.signal, TOKENIZE_HEADERS_TIMEOUT_MS);
      const { tokens } = await readJson<YandexTokenizeResponse>(res);
      if (!Array.isArray(tokens)) throw new UpstreamError(502, "yandex: tokenize response has no tokens");
      return tokens.filter((token) => !token?.special).length;
    },

    async health(ctx: CallContext): Promise<HealthResult> {
      // Tokenizing is free and needs the same auth and folder access as a completion.
      const started = performance.now();
      const body: YandexTokenizeRequest = { modelUri: modelUri("gpt", config.folderId, HEALTH_MODEL), text: "ping" };
      try {
        const res = await post(YANDEX_PATHS.tokenize, body, ctx.signal, TOKENIZE_HEADERS_TIMEOUT_MS);
        await res.body.dump();
        return { ok: true, latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false, latencyMs: Math.round(performance.now() - started), message };
      }
    },
  };
}
