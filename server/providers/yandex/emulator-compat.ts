import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { emulateReply, parseDirectives } from "../emulator/replies";
import { sendJson, sleep } from "../emulator/server";
import { completionBody, type EmulatedChatRequest, streamCompletion, toTurn } from "../openai-compatible/emulator-chat";

/**
 * The OpenAI-compatible surface of the Yandex emulator (providers.md §2.9): `POST /v1/chat/completions` with
 * `Authorization: Bearer <key>` (or `Api-Key <key>`) plus `OpenAI-Project: <folder>`, a full `gpt://<folder>/…`
 * model URI, and `tool_choice` limited to auto/none. Reply bodies and SSE framing come from the openai-compatible
 * emulator (emulator-chat.ts); reply content from emulator/replies.ts.
 */

/** Model names the compat surface serves (§2.9, §2.10) with their context windows. */
const COMPAT_CONTEXT: Record<string, number> = {
  yandexgpt: 32_768,
  "yandexgpt-lite": 32_768,
  "aliceai-llm": 32_768,
  "qwen3-235b-a22b-fp8": 262_144,
  "gpt-oss-120b": 131_072,
  "gpt-oss-20b": 131_072,
  "gemma-3-27b-it": 131_072,
};

/** Served only over this surface; the emulated native API answers them with 404. */
export const COMPAT_ONLY_MODELS: ReadonlySet<string> = new Set([
  "qwen3-235b-a22b-fp8",
  "gpt-oss-120b",
  "gpt-oss-20b",
  "gemma-3-27b-it",
]);

/** Request fields the docs mark "[CURRENTLY NOT SUPPORTED]"; the emulator rejects them (the real reaction is UNCONFIRMED). */
const UNSUPPORTED_FIELDS = ["stop", "seed", "store", "audio", "web_search_options", "service_tier", "stream_options"];

/** `openai`: `{"error":{"message","type"}}` as §2.9 shows (SECONDARY); `native`: the grpc-gateway body of §2.8. */
export type CompatErrorShape = "openai" | "native";

export interface CompatOptions {
  apiKey: string;
  folderId: string;
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

/** Bearer (what the OpenAI SDK sends) or Api-Key, plus OpenAI-Project naming the folder. Texts are UNCONFIRMED. */
function checkAuth(req: IncomingMessage, options: CompatOptions): void {
  const authorization = header(req, "authorization");
  if (authorization !== `Bearer ${options.apiKey}` && authorization !== `Api-Key ${options.apiKey}`) {
    throw new CompatHttpError(401, "Unknown api key or IAM token");
  }
  const project = header(req, "openai-project");
  if (project === undefined) throw new CompatHttpError(401, "the OpenAI-Project header (folder id) is required");
  if (project !== options.folderId) throw new CompatHttpError(403, `Permission to folder ${project} denied`);
}

/** `gpt://<folder>/<name>[/latest|/rc|/deprecated]` in the configured folder, naming a served model. */
function checkModel(model: unknown, folderId: string): number {
  const match =
    typeof model === "string" ? /^gpt:\/\/([^/]+)\/([^/]+)(?:\/(latest|rc|deprecated))?$/.exec(model) : null;
  if (!match) throw new CompatHttpError(400, `model must be a gpt://<folder_id>/<model> URI, got ${String(model)}`);
  if (match[1] !== folderId) throw new CompatHttpError(403, `Permission to folder ${match[1]} denied`);
  const context = COMPAT_CONTEXT[match[2]!];
  if (context === undefined) throw new CompatHttpError(404, `model ${String(model)} not found`);
  return context;
}

function directiveError(status: number): CompatHttpError {
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
  let request: EmulatedChatRequest & Record<string, unknown>;
  try {
    request = JSON.parse(raw) as EmulatedChatRequest & Record<string, unknown>;
  } catch {
    throw new CompatHttpError(400, "invalid JSON in request body");
  }
  const context = checkModel(request.model, options.folderId);
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new CompatHttpError(400, "messages must not be empty");
  }
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
