import { createHash } from "node:crypto";
import type { EgressPolicy } from "../../net/egress-guard";
import { isUpstreamError, UpstreamError } from "../../core/upstream-error";
import { readJson, retryAfterSeconds, upstreamAgent, upstreamRequest, type UpstreamResponse } from "../http";
import type { ChatCompletionChunk } from "../openai";
import { readSse } from "../sse";
import type { Store } from "../../store/types";
import type { CallContext, ChatStreamResult, Provider, UpstreamChatRequest } from "../types";
import { GigaChatTokenManager } from "./auth";
import { chatImages, fileAccount, imageFiles, uploadForm, type ChatImage } from "./files";
import { GIGACHAT_MODELS } from "./models";
import { promptTexts } from "./prompt-texts";
import { createChunkMapper, fromGigaChatResponse, toGigaChatRequest, type GigaChatRequestResult } from "./transform";
import type {
  GigaChatApiError,
  GigaChatChunk,
  GigaChatEmbeddingsResponse,
  GigaChatFile,
  GigaChatResponse,
  GigaChatTokenCount,
  GigaChatTokenCountRequest,
} from "./wire";

export interface GigaChatProviderConfig {
  /** Authorization key (base64 client_id:client_secret). */
  credentials: string;
  scope: string;
  authUrl: string;
  /** e.g. https://gigachat.devices.sberbank.ru/api/v1 */
  baseUrl: string;
  /** PEM certificates (the Russian Trusted Root CA) for hosts outside the default trust store. */
  caBundle?: string;
  /** Set for an admin-entered account: the auth and API hosts are checked on every connection. */
  egress?: EgressPolicy;
  store: Store;
}

const ERROR_CODES: Record<number, string> = {
  400: "invalid_request_error",
  401: "upstream_auth_failed",
  402: "insufficient_quota",
  403: "permission_denied",
  404: "model_not_found",
  413: "context_length_exceeded",
  422: "invalid_request_error",
  429: "rate_limit_exceeded",
};

async function apiError(res: UpstreamResponse): Promise<UpstreamError> {
  const text = await res.body.text().catch(() => "");
  let message = text.slice(0, 500);
  try {
    const body = JSON.parse(text) as GigaChatApiError;
    if (typeof body.message === "string") message = body.message;
  } catch {
    // Not JSON (a proxy page, say): keep the raw text.
  }
  const status = res.statusCode;
  return new UpstreamError(status, `GigaChat: ${message || `HTTP ${status}`}`, {
    code: ERROR_CODES[status] ?? (status >= 500 ? "upstream_error" : "invalid_request_error"),
    retryAfterSeconds: retryAfterSeconds(res),
  });
}

/**
 * GigaChat's `X-Session-ID` (its context cache groups a conversation's requests by it) for a conversation's affinity
 * key: a UUID, as in GigaChat's examples, derived from the key so the caller's own id never leaves XRouter.
 */
export function gigachatSessionId(affinity: string): string {
  const bytes = createHash("sha256").update(`gigachat-session:${affinity}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isEventStream(res: UpstreamResponse): boolean {
  const raw = res.headers["content-type"];
  const type = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  return type.split(";")[0]?.trim().toLowerCase() === "text/event-stream";
}

async function* streamChunks(res: UpstreamResponse, signal: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
  const map = createChunkMapper();
  let finished = false;
  let done = false;
  try {
    for await (const event of readSse(res.body)) {
      // Read on to the end of the body after [DONE] so the keep-alive connection is reused.
      if (done) continue;
      if (event.data === "[DONE]") {
        finished = done = true;
        continue;
      }
      let chunk: GigaChatChunk & GigaChatApiError;
      try {
        chunk = JSON.parse(event.data) as GigaChatChunk & GigaChatApiError;
      } catch {
        throw new UpstreamError(502, "GigaChat sent an invalid stream chunk");
      }
      // In-stream error bodies are UNCONFIRMED; handled defensively.
      if (!Array.isArray(chunk.choices)) {
        throw new UpstreamError(chunk.status ?? 502, `GigaChat: ${chunk.message ?? "stream error"}`, {
          retryable: false,
        });
      }
      const mapped = map(chunk);
      if (mapped.choices.some((c) => c.finish_reason !== null)) finished = true;
      yield mapped;
    }
  } catch (err) {
    if (err instanceof UpstreamError || signal.aborted) throw err;
    throw new UpstreamError(502, `GigaChat stream interrupted: ${err instanceof Error ? err.message : String(err)}`, {
      retryable: false,
    });
  } finally {
    // Release the connection when the consumer stops early.
    if (!res.body.destroyed) res.body.destroy();
  }
  if (!finished) throw new UpstreamError(502, "GigaChat stream ended before a finish reason", { retryable: false });
}

export function createGigaChatProvider(config: GigaChatProviderConfig): Provider {
  const dispatcher = upstreamAgent({ ca: config.caBundle, egress: config.egress });
  const tokens = new GigaChatTokenManager({
    credentials: config.credentials,
    scope: config.scope,
    authUrl: config.authUrl,
    store: config.store,
    dispatcher,
  });
  const baseUrl = config.baseUrl.replace(/\/+$/, "");

  /**
   * Calls the API with a bearer token; a 401 drops the token and retries once (as both SDKs do). `body` goes as
   * JSON, `form` (a file upload) as it is.
   */
  async function call(
    path: string,
    ctx: CallContext,
    init: { body?: unknown; form?: { body: Buffer; contentType: string }; accept?: string } = {},
  ): Promise<UpstreamResponse> {
    const payload = init.form?.body ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    const contentType = init.form?.contentType ?? (init.body === undefined ? undefined : "application/json");
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.getToken();
      const res = await upstreamRequest(`${baseUrl}${path}`, {
        method: payload === undefined ? "GET" : "POST",
        headers: {
          authorization: `Bearer ${token}`,
          accept: init.accept ?? "application/json",
          ...(contentType === undefined ? {} : { "content-type": contentType }),
          ...(init.accept === "text/event-stream" ? { "cache-control": "no-store" } : {}),
          ...(ctx.session === undefined ? {} : { "x-session-id": gigachatSessionId(ctx.session) }),
        },
        body: payload,
        signal: ctx.signal,
        dispatcher,
      });
      if (res.statusCode === 401 && attempt === 0) {
        await res.body.dump();
        await tokens.invalidate(token);
        continue;
      }
      if (res.statusCode >= 400) throw await apiError(res);
      return res;
    }
  }

  /** `POST /files` of one image; its file id. */
  async function upload(image: ChatImage, ctx: CallContext): Promise<string> {
    const file = await readJson<Partial<GigaChatFile>>(await call("/files", ctx, { form: uploadForm(image) }));
    if (typeof file.id !== "string" || file.id === "") throw new UpstreamError(502, "GigaChat file upload returned no file id");
    return file.id;
  }
  const files = imageFiles({
    store: config.store,
    account: fileAccount(config.credentials, config.scope, baseUrl),
    upload,
  });

  /**
   * Sends the chat body built with the request's images uploaded (chatImages: only those GigaChat takes). When
   * GigaChat refuses a request that reused file ids (deleted since, say), they are uploaded again and it is sent once more.
   */
  async function withImages<T>(req: UpstreamChatRequest, ctx: CallContext, send: (request: GigaChatRequestResult) => Promise<T>): Promise<T> {
    const images = chatImages(req);
    if (images.length === 0) return send(toGigaChatRequest(req));
    const attached = await files.attach(images, ctx);
    try {
      return await send(toGigaChatRequest(req, attached.ids));
    } catch (err) {
      const refused = isUpstreamError(err) && err.status >= 400 && err.status < 500 && ![402, 429].includes(err.status);
      if (!refused || attached.reused.length === 0) throw err;
      await files.forget(attached.reused);
      return send(toGigaChatRequest(req, (await files.attach(images, ctx)).ids));
    }
  }

  return {
    id: "gigachat",
    models: () => [...GIGACHAT_MODELS],

    chat: (req: UpstreamChatRequest, ctx: CallContext) =>
      withImages(req, ctx, async ({ body, dropped }) => {
        const res = await call("/chat/completions", ctx, { body: { ...body, stream: false } });
        return { completion: fromGigaChatResponse(await readJson<GigaChatResponse>(res)), dropped };
      }),

    async chatStream(req: UpstreamChatRequest, ctx: CallContext): Promise<ChatStreamResult> {
      const { res, dropped } = await withImages(req, ctx, async ({ body, dropped }) => ({
        dropped,
        res: await call("/chat/completions", ctx, { body: { ...body, stream: true, update_interval: 0 }, accept: "text/event-stream" }),
      }));
      // Both SDKs reject a 200 that is not an event stream.
      if (!isEventStream(res)) {
        await res.body.dump();
        throw new UpstreamError(502, "GigaChat answered a stream request without text/event-stream");
      }
      return { dropped, chunks: streamChunks(res, ctx.signal) };
    },

    async embeddings(model: string, input: string[], ctx: CallContext) {
      const res = await call("/embeddings", ctx, { body: { model, input } });
      const body = await readJson<GigaChatEmbeddingsResponse>(res);
      if (!Array.isArray(body.data)) throw new UpstreamError(502, "GigaChat embeddings response has no data");
      const data = [...body.data].sort((a, b) => a.index - b.index);
      // Usage comes per item; there is no top-level total.
      const promptTokens = data.reduce((sum, item) => sum + (item.usage?.prompt_tokens ?? 0), 0);
      return { vectors: data.map((item) => item.embedding), promptTokens };
    },

    /** The sum of `POST /tokens/count` over the texts the chat body carries (see promptTexts; images are not counted: it takes texts). */
    async countTokens(req: UpstreamChatRequest, ctx: CallContext) {
      const input = promptTexts(toGigaChatRequest(req).body);
      if (input.length === 0) return 0;
      const body: GigaChatTokenCountRequest = { model: req.model, input };
      const counts = await readJson<GigaChatTokenCount[]>(await call("/tokens/count", ctx, { body }));
      if (
        !Array.isArray(counts) ||
        counts.length !== input.length ||
        !counts.every((c) => Number.isInteger(c?.tokens))
      ) {
        throw new UpstreamError(502, "GigaChat token count response is not one count per input");
      }
      return counts.reduce((sum, c) => sum + c.tokens, 0);
    },

    /** `POST /tokens/count` for one plain text (what a cut stream delivered). */
    async countText(model: string, text: string, ctx: CallContext) {
      const body: GigaChatTokenCountRequest = { model, input: [text] };
      const counts = await readJson<GigaChatTokenCount[]>(await call("/tokens/count", ctx, { body }));
      if (!Array.isArray(counts) || counts.length !== 1 || !Number.isInteger(counts[0]?.tokens)) {
        throw new UpstreamError(502, "GigaChat token count response is not one count per input");
      }
      return counts[0]!.tokens;
    },

    async health(ctx: CallContext) {
      const started = performance.now();
      try {
        const res = await call("/models", ctx);
        await res.body.dump();
        return { ok: true, latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        return {
          ok: false,
          latencyMs: Math.round(performance.now() - started),
          message: err instanceof Error ? err.message : String(err),
        };
      }
    },
  };
}
