import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { emulateReply, parseDirectives } from "../emulator/replies";
import { sendJson, sleep } from "../emulator/server";
import { completionBody, type EmulatedChatRequest, streamCompletion, toTurn } from "../openai-compatible/emulator-chat";
import { bearerState, type EmulatedIam } from "./emulator-iam";

/**
 * The OpenAI-compatible surface of the Yandex emulator (providers.md §2.9): `POST /v1/chat/completions` with
 * `Authorization: Bearer <key>` (or `Api-Key <key>`) plus `OpenAI-Project: <folder>`, a full `gpt://<folder>/…`
 * model URI, and `tool_choice` limited to auto/none. Reply bodies and SSE framing come from the openai-compatible
 * emulator (emulator-chat.ts); reply content from emulator/replies.ts. `GET /v1/models` and `POST /v1/embeddings`
 * are in emulator-compat-catalog.ts; every error of this surface is answered by sendCompatError.
 */

export interface CompatModel {
  context: number;
  /** `owned_by` in `GET /v1/models`. */
  owner: string;
  /** The version segments `GET /v1/models` lists. */
  versions: readonly string[];
}

/**
 * Chat models the compat surface serves (§2.9, §2.10), with the owners and versions a real `GET /v1/models` listed
 * (yandex-cloud-ml-sdk cassette tests/chat/cassettes/test_uri_parser, Nov 2025) and the contexts of §2.10.
 */
export const COMPAT_CHAT_MODELS: Readonly<Record<string, CompatModel>> = {
  yandexgpt: { context: 32_768, owner: "Yandex", versions: ["latest", "rc"] },
  "yandexgpt-lite": { context: 32_768, owner: "Yandex", versions: ["latest", "rc"] },
  "aliceai-llm": { context: 32_768, owner: "Yandex", versions: ["latest"] },
  "qwen3-235b-a22b-fp8": { context: 262_144, owner: "Alibaba", versions: ["latest"] },
  "gpt-oss-120b": { context: 131_072, owner: "OpenAI", versions: ["latest"] },
  "gpt-oss-20b": { context: 131_072, owner: "OpenAI", versions: ["latest"] },
  "gemma-3-27b-it": { context: 131_072, owner: "Google", versions: ["latest"] },
};

/** Request fields the docs mark "[CURRENTLY NOT SUPPORTED]"; the emulator rejects them (the real reaction is UNCONFIRMED). */
const UNSUPPORTED_FIELDS = ["stop", "seed", "store", "audio", "web_search_options", "service_tier", "stream_options"];

/** `openai`: `{"error":{"message","type"}}` as §2.9 shows (SECONDARY); `native`: the grpc-gateway body of §2.8. */
export type CompatErrorShape = "openai" | "native";

export interface CompatOptions {
  apiKey: string;
  folderId: string;
  /** The emulator's IAM endpoint, whose tokens are taken as Bearer secrets. */
  iam: EmulatedIam;
  errorShape: CompatErrorShape;
  /** Send a trailing `choices: []` usage chunk when streaming, unasked. Whether Yandex does is UNCONFIRMED. */
  streamUsage: boolean;
}

export class CompatHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const OPENAI_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  429: "rate_limit_error",
};

const GRPC: Record<number, { grpcCode: number; httpStatus: string }> = {
  400: { grpcCode: 3, httpStatus: "Bad Request" },
  401: { grpcCode: 16, httpStatus: "Unauthorized" },
  403: { grpcCode: 7, httpStatus: "Forbidden" },
  404: { grpcCode: 5, httpStatus: "Not Found" },
  429: { grpcCode: 8, httpStatus: "Too Many Requests" },
};

/** Error texts start with "Error in session internal_id=...:" on both surfaces (§2.8, §2.9). */
export function sendCompatError(res: ServerResponse, err: CompatHttpError, options: CompatOptions): void {
  const requestId = randomUUID();
  const message = `Error in session internal_id=${randomUUID()}&request_id=${requestId}&folder_id=${options.folderId}: ${err.message}`;
  const body =
    options.errorShape === "native"
      ? {
          error: {
            grpcCode: GRPC[err.status]?.grpcCode ?? 13,
            httpCode: err.status,
            message,
            httpStatus: GRPC[err.status]?.httpStatus ?? "Internal Server Error",
            details: [],
          },
        }
      : { error: { message, type: OPENAI_TYPES[err.status] ?? "server_error" } };
  sendJson(res, err.status, body, { "x-request-id": requestId });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Bearer (what the OpenAI SDK sends: the API key, or an IAM token the emulator's IAM issued) or Api-Key, plus
 * OpenAI-Project naming the folder. Texts are UNCONFIRMED.
 */
export function checkAuth(req: IncomingMessage, options: CompatOptions): void {
  const authorization = header(req, "authorization");
  const bearer = bearerState(authorization, options.apiKey, options.iam);
  if (bearer === "expired") throw new CompatHttpError(401, "The token has expired");
  if (bearer !== "valid" && authorization !== `Api-Key ${options.apiKey}`) {
    throw new CompatHttpError(401, "Unknown api key or IAM token");
  }
  const project = header(req, "openai-project");
  if (project === undefined) throw new CompatHttpError(401, "the OpenAI-Project header (folder id) is required");
  if (project !== options.folderId) throw new CompatHttpError(403, `Permission to folder ${project} denied`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The body as a JSON object (the real texts are UNCONFIRMED). */
export function parseCompatBody(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new CompatHttpError(400, "invalid JSON in request body");
  }
  if (!isObject(value)) throw new CompatHttpError(400, "request body must be a JSON object");
  return value;
}

/**
 * A `<scheme>://<folder>/<name>[/latest|/rc|/deprecated]` model URI in the configured folder naming a served model:
 * 400 for another shape, 403 for another folder, 404 for an unknown name. The texts follow what community code
 * reports ("Failed to parse model URI" for a bare name, "Failed to get model" for an unknown one); the statuses of
 * the last two are UNCONFIRMED.
 */
export function checkModel<T>(
  model: unknown,
  scheme: "gpt" | "emb",
  served: Readonly<Record<string, T>>,
  folderId: string,
): T {
  const pattern = new RegExp(`^${scheme}://([^/]+)/([^/]+)(?:/(latest|rc|deprecated))?$`);
  const match = typeof model === "string" ? pattern.exec(model) : null;
  if (!match) {
    throw new CompatHttpError(
      400,
      `Failed to parse model URI: want ${scheme}://<folder_id>/<model>, got ${String(model)}`,
    );
  }
  if (match[1] !== folderId) throw new CompatHttpError(403, `Permission to folder ${match[1]} denied`);
  const name = match[2]!;
  if (!Object.hasOwn(served, name)) throw new CompatHttpError(404, `Failed to get model ${String(model)}: not found`);
  return served[name]!;
}

export function directiveError(status: number): CompatHttpError {
  return new CompatHttpError(
    status,
    status === 429
      ? "ai.textGenerationCompletionSessionsCount.count gauge quota limit exceed: allowed 10 requests"
      : `emulated upstream failure (${status})`,
  );
}

export async function compatChat(
  req: IncomingMessage,
  res: ServerResponse,
  raw: string,
  options: CompatOptions,
): Promise<void> {
  checkAuth(req, options);
  const request = parseCompatBody(raw) as EmulatedChatRequest & Record<string, unknown>;
  const { context } = checkModel(request.model, "gpt", COMPAT_CHAT_MODELS, options.folderId);
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new CompatHttpError(400, "messages must not be empty");
  }
  if (!request.messages.every(isObject)) throw new CompatHttpError(400, "each message must be an object");
  for (const field of UNSUPPORTED_FIELDS) {
    if (request[field] !== undefined) throw new CompatHttpError(400, `${field} is not supported`);
  }
  const choice = request.tool_choice;
  if (choice !== undefined && choice !== "auto" && choice !== "none") {
    throw new CompatHttpError(400, `tool_choice must be "auto" or "none", got ${JSON.stringify(choice)}`);
  }

  const turn = toTurn(request);
  const directives = parseDirectives(turn.lastText);
  if (directives.slowMs) await sleep(directives.slowMs);
  if (directives.status) throw directiveError(directives.status);
  const reply = emulateReply(turn);
  if (reply.promptTokens > context) {
    throw new CompatHttpError(400, `number of input tokens must be no more than ${context}, got ${reply.promptTokens}`);
  }
  if (!request.stream) {
    sendJson(res, 200, completionBody(request, reply));
    return;
  }
  // streamCompletion sends the usage chunk when include_usage is set, so the option is expressed that way.
  const streamed = options.streamUsage ? { ...request, stream_options: { include_usage: true } } : request;
  await streamCompletion(res, streamed, reply, { cutAfterChunks: directives.cutAfterChunks });
}
