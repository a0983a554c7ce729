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

export interface OpenAICompatibleEmulatorOptions {
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (vLLM `--api-key`). */
  apiKey?: string;
  /** Served model names; when omitted any model name is accepted and `/models` lists `emulated-model`. */
  models?: string[];
  /** Emulates a reasoning model that writes its thinking into this field (see reasoningFor). */
  reasoningField?: ReasoningField;
  /** Path prefix of the API, `/v1` by default (MWS Model Hub uses `/projects/<p>/openai/v1`). */
  basePath?: string;
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

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string,
  headers: Record<string, string> = {},
) {
  sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}

/** The directive-driven failure for [[status:N]]; 429 carries Retry-After like a rate-limiting proxy. */
function sendStatus(res: ServerResponse, status: number) {
  if (status === 429)
    return sendError(res, 429, "Rate limit exceeded", "rate_limit_error", "rate_limit_exceeded", {
      "retry-after": "7",
    });
  if (status === 401) return sendError(res, 401, "Invalid API key", "authentication_error", "invalid_api_key");
  if (status >= 500) return sendError(res, status, "Internal server error", "server_error", "internal_error");
  sendError(res, status, `Emulated error ${status}`, "invalid_request_error", "invalid_request_error");
}

/** The emulators' shared embedding (close for texts that share their words), at this emulator's 16 dimensions. */
const embed = (text: string): number[] => emulatedEmbedding(text, 16);

function parseBody<T>(body: string): T | undefined {
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined;
  }
}

/** A vLLM-like OpenAI API (chat JSON + SSE, tool calls, models, embeddings) driven by emulator/replies.ts. */
export async function startOpenAICompatibleEmulator(
  options: OpenAICompatibleEmulatorOptions = {},
): Promise<OpenAICompatibleEmulator> {
  const basePath = (options.basePath ?? "/v1").replace(/\/+$/, "");
  let last: RecordedRequest | undefined;
  const served = (model: unknown) => typeof model === "string" && (!options.models || options.models.includes(model));
  const unknownModel = (res: ServerResponse, model: unknown) =>
    sendError(res, 404, `The model \`${String(model)}\` does not exist.`, "NotFoundError", "model_not_found");

  async function chat(res: ServerResponse, req: EmulatedChatRequest) {
    if (!Array.isArray(req.messages) || req.messages.length === 0) {
      return sendError(res, 400, "messages must be a non-empty array", "BadRequestError", "invalid_request_error");
    }
    if (!served(req.model)) return unknownModel(res, req.model);
    const turn = toTurn(req);
    const directives = parseDirectives(turn.lastText);
    if (directives.slowMs) await sleep(directives.slowMs);
    if (directives.status) return sendStatus(res, directives.status);
    const reply = emulateReply(turn);
    const reasoning = reply.kind === "text" ? reasoningFor(req, turn, options.reasoningField) : undefined;
    if (!req.stream) return sendJson(res, 200, completionBody(req, reply, reasoning, options.reasoningField));
    await streamCompletion(res, req, reply, {
      reasoning,
      field: options.reasoningField,
      cutAfterChunks: directives.cutAfterChunks,
    });
  }

  function embeddings(res: ServerResponse, req: { model?: unknown; input?: unknown }) {
    if (!served(req.model)) return unknownModel(res, req.model);
    const inputs = typeof req.input === "string" ? [req.input] : Array.isArray(req.input) ? req.input.map(String) : [];
    if (inputs.length === 0)
      return sendError(res, 400, "input must not be empty", "BadRequestError", "invalid_request_error");
    const status = parseDirectives(inputs.join(" ")).status;
    if (status) return sendStatus(res, status);
    const promptTokens = inputs.reduce((sum, text) => sum + countPromptTokens([text]), 0);
    sendJson(res, 200, {
      id: `embd-${Date.now()}`,
      object: "list",
      created: Math.floor(Date.now() / 1000),
      model: req.model,
      data: inputs.map((text, index) => ({ index, object: "embedding", embedding: embed(text) })),
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
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(res, 401, "Invalid API key", "authentication_error", "invalid_api_key");
    }
    const parsed = body ? parseBody<Record<string, unknown>>(body) : undefined;
    last = { method: req.method ?? "GET", path, headers: req.headers, body: parsed ?? body };
    if (body && parsed === undefined)
      return sendError(res, 400, "Invalid JSON body", "BadRequestError", "invalid_request_error");

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
    if (req.method === "POST" && path === `${basePath}/chat/completions`)
      return chat(res, (parsed ?? {}) as unknown as EmulatedChatRequest);
    if (req.method === "POST" && path === `${basePath}/embeddings`) return embeddings(res, parsed ?? {});
    sendError(res, 404, `No route for ${req.method} ${path}`, "NotFoundError", "not_found");
  }, options.port);

  return { ...running, baseUrl: `${running.url}${basePath}`, lastRequest: () => last };
}
