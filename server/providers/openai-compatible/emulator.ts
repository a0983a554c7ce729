import type { IncomingMessage, ServerResponse } from "node:http";
import { emulatedEmbedding } from "../emulator/embedding";
import { countPromptTokens, emulateReply, parseDirectives } from "../emulator/replies";
import { type RunningEmulator, sendJson, sleep, startEmulatorServer } from "../emulator/server";
import {
  completionBody,
  type EmulatedChatRequest,
  type ReasoningField,
  reasoningFor,
  streamCompletion,
  toTurn,
} from "./emulator-chat";
import {
  chatRequestError,
  type EncodingFormat,
  imagePartsError,
  embeddingsRequestError,
  encodeEmbedding,
  samplingError,
  UNAUTHORIZED,
  unknownModelError,
  type VllmError,
  vllmError,
} from "./emulator-checks";

export interface OpenAICompatibleEmulatorOptions {
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (vLLM `--api-key`). */
  apiKey?: string;
  /** Served model names; when omitted any model name is accepted and `/models` lists `emulated-model`. */
  models?: string[];
  /** The server runs a reasoning parser that writes the thinking into this field (see reasoningFor). */
  reasoningField?: ReasoningField;
  /**
   * Served names of the models whose chat template has the thinking switch (Qwen3-style); only they think.
   * When omitted, every model does (as long as `reasoningField` is set).
   */
  thinkingModels?: string[];
  /** Path prefix of the API, `/v1` by default (MWS Model Hub uses `/projects/<p>/openai/v1`). */
  basePath?: string;
  /** Served names of the vision models: only they take `image_url` parts (the others refuse them, as vLLM does). */
  visionModels?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

export interface OpenAICompatibleEmulator extends RunningEmulator {
  /** `url` + basePath: what an adapter takes as its baseUrl. */
  baseUrl: string;
  /** The last request received (after auth), for assertions on what an adapter sent. */
  lastRequest(): RecordedRequest | undefined;
}

function send(res: ServerResponse, error: VllmError, headers: Record<string, string> = {}) {
  sendJson(res, error.status, error.body, headers);
}

/** The directive-driven failure for [[status:N]]; 429 carries Retry-After like a rate-limiting proxy in front. */
function sendStatus(res: ServerResponse, status: number) {
  if (status === 429) return send(res, vllmError(429, "Rate limit exceeded", "RateLimitError"), { "retry-after": "7" });
  if (status === 401) return send(res, UNAUTHORIZED);
  if (status >= 500) return send(res, vllmError(status, "Internal server error", "InternalServerError"));
  send(res, vllmError(status, `Emulated error ${status}`, status === 404 ? "NotFoundError" : "BadRequestError"));
}

/** The emulators' shared embedding (close for texts that share their words), at this emulator's 16 dimensions. */
const embed = (text: string): number[] => emulatedEmbedding(text, 16);

function parseBody(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A vLLM-like OpenAI API (chat JSON + SSE, tool calls, models, embeddings) driven by emulator/replies.ts. It
 * refuses what vLLM refuses, with vLLM's error bodies (emulator-checks.ts), so those land in `violations`.
 */
export async function startOpenAICompatibleEmulator(
  options: OpenAICompatibleEmulatorOptions = {},
): Promise<OpenAICompatibleEmulator> {
  const basePath = (options.basePath ?? "/v1").replace(/\/+$/, "");
  let last: RecordedRequest | undefined;
  const served = (model: unknown) => typeof model === "string" && (!options.models || options.models.includes(model));
  const thinks = (model: string) => !!options.reasoningField && (options.thinkingModels?.includes(model) ?? true);

  async function chat(res: ServerResponse, body: Record<string, unknown>) {
    // vLLM's order: the request's validators, the model, the messages (images), then the sampling parameters.
    const refused =
      chatRequestError(body) ??
      (served(body.model) ? undefined : unknownModelError(body.model)) ??
      imagePartsError(body, options.visionModels?.includes(body.model as string) ?? false) ??
      samplingError(body);
    if (refused) return send(res, refused);
    const req = body as unknown as EmulatedChatRequest;
    const turn = toTurn(req);
    const directives = parseDirectives(turn.lastText);
    if (directives.slowMs) await sleep(directives.slowMs);
    if (directives.status) return sendStatus(res, directives.status);
    const reply = emulateReply(turn);
    const reasoning = reply.kind === "text" ? reasoningFor(req, turn, thinks(req.model)) : undefined;
    if (!req.stream) return sendJson(res, 200, completionBody(req, reply, reasoning, options.reasoningField));
    await streamCompletion(res, req, reply, {
      reasoning,
      field: options.reasoningField,
      cutAfterChunks: directives.cutAfterChunks,
    });
  }

  function embeddings(res: ServerResponse, body: Record<string, unknown>) {
    const refused = embeddingsRequestError(body) ?? (served(body.model) ? undefined : unknownModelError(body.model));
    if (refused) return send(res, refused);
    const input = body.input;
    const inputs = typeof input === "string" ? [input] : Array.isArray(input) ? input.map(String) : [];
    // UNCONFIRMED: what vLLM answers to an empty list.
    if (inputs.length === 0) return send(res, vllmError(400, "input must not be empty", "BadRequestError"));
    const status = parseDirectives(inputs.join(" ")).status;
    if (status) return sendStatus(res, status);
    const format = (body.encoding_format ?? "float") as EncodingFormat;
    const promptTokens = inputs.reduce((sum, text) => sum + countPromptTokens([text]), 0);
    sendJson(res, 200, {
      id: `embd-${Date.now()}`,
      object: "list",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      data: inputs.map((text, index) => ({
        index,
        object: "embedding",
        embedding: encodeEmbedding(embed(text), format),
      })),
      usage: {
        prompt_tokens: promptTokens,
        total_tokens: promptTokens,
        completion_tokens: 0,
        prompt_tokens_details: null,
      },
    });
  }

  const running = await startEmulatorServer(async (req, body, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) return send(res, UNAUTHORIZED);
    const parsed = body ? parseBody(body) : undefined;
    last = { method: req.method ?? "GET", path, headers: req.headers, body: parsed ?? body };

    if (req.method === "GET" && path === `${basePath}/models`) {
      const created = Math.floor(Date.now() / 1000);
      const ids = options.models ?? ["emulated-model"];
      return sendJson(res, 200, {
        object: "list",
        data: ids.map((id) => ({
          id,
          object: "model",
          created,
          owned_by: "vllm",
          root: id,
          parent: null,
          max_model_len: 32768,
        })),
      });
    }
    const route =
      req.method !== "POST"
        ? undefined
        : path === `${basePath}/chat/completions`
          ? chat
          : path === `${basePath}/embeddings`
            ? embeddings
            : undefined;
    // FastAPI's own answer to an unknown route.
    if (!route) return sendJson(res, 404, { detail: "Not Found" });
    // A body that is not a JSON object fails pydantic before anything else (message wording UNCONFIRMED).
    if (!parsed) return send(res, vllmError(400, "JSON decode error: the body must be a JSON object", "Bad Request"));
    return route(res, parsed);
  }, options.port);

  return { ...running, baseUrl: `${running.url}${basePath}`, lastRequest: () => last };
}
