import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { emulatedEmbedding } from "../emulator/embedding";
import { type RunningEmulator, sendJson, sleep, startEmulatorServer } from "../emulator/server";
import {
  countPromptTokens,
  emulateReply,
  type EmulatedReply,
  type EmulatedTurn,
  parseDirectives,
} from "../emulator/replies";
import {
  COMPAT_ONLY_MODELS,
  compatChat,
  CompatHttpError,
  type CompatErrorShape,
  sendCompatError,
} from "./emulator-compat";
import {
  YANDEX_COMPAT_PATHS,
  YANDEX_PATHS,
  type YandexAlternative,
  type YandexAlternativeStatus,
  type YandexCompletionRequest,
  type YandexCompletionResult,
  type YandexMessage,
} from "./wire";

/**
 * Local emulator of the Yandex Foundation Models native REST API (providers.md §2): Api-Key or Bearer +
 * x-folder-id auth, `result`-wrapped responses with int64 fields as strings, NDJSON streams with cumulative text,
 * one text per textEmbedding call, and grpc-gateway error bodies. Reply content comes from emulator/replies.ts.
 * It also serves the OpenAI-compatible `POST /v1/chat/completions` (emulator-compat.ts) on the same host.
 */
export const YANDEX_EMULATOR_DEFAULTS = { apiKey: "AQVN-emulator-key", folderId: "b1gemulatorfolder" } as const;

const MODEL_VERSION = "23.10.2024";
const CONTEXT_LIMIT = 32_768;
const EMBEDDING_INPUT_LIMIT = 2_000;
const EMBEDDING_DIM = 256;

const GRPC: Record<number, { grpcCode: number; httpStatus: string }> = {
  400: { grpcCode: 3, httpStatus: "Bad Request" },
  401: { grpcCode: 16, httpStatus: "Unauthorized" },
  403: { grpcCode: 7, httpStatus: "Forbidden" },
  404: { grpcCode: 5, httpStatus: "Not Found" },
  429: { grpcCode: 8, httpStatus: "Too Many Requests" },
  500: { grpcCode: 13, httpStatus: "Internal Server Error" },
  503: { grpcCode: 14, httpStatus: "Service Unavailable" },
  504: { grpcCode: 4, httpStatus: "Gateway Timeout" },
};

class YandexHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendError(res: ServerResponse, status: number, message: string, folderId: string): void {
  const requestId = randomUUID();
  const { grpcCode, httpStatus } = GRPC[status] ?? { grpcCode: 2, httpStatus: "Error" };
  sendJson(
    res,
    status,
    {
      error: {
        grpcCode,
        httpCode: status,
        message: `Error in session internal_id=${randomUUID()}&request_id=${requestId}&client_request_id=&folder_id=${folderId}: ${message}`,
        httpStatus,
        details: [],
      },
    },
    { "x-request-id": requestId },
  );
}

function directiveError(status: number): YandexHttpError {
  // The 429 text follows real responses (providers.md §2.8, which saw "allowed 1" on a trial quota); the others are made up.
  const message =
    status === 429
      ? "ai.textGenerationCompletionSessionsCount.count gauge quota limit exceed: allowed 10 requests"
      : `emulated upstream failure (${status})`;
  return new YandexHttpError(status, message);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Api-Key: the folder is the key's own. Bearer (an IAM token; the emulator accepts its one secret as the token)
 * needs x-folder-id. The real 401/403 message texts are UNCONFIRMED.
 */
function checkAuth(req: IncomingMessage, apiKey: string, folderId: string): void {
  const authorization = header(req, "authorization");
  if (authorization === `Api-Key ${apiKey}`) return;
  if (authorization === `Bearer ${apiKey}`) {
    if (header(req, "x-folder-id") === folderId) return;
    throw new YandexHttpError(401, "the x-folder-id header is required with an IAM token");
  }
  throw new YandexHttpError(401, "Unknown api key or IAM token");
}

function checkModelUri(uri: unknown, scheme: "gpt" | "emb", folderId: string): void {
  const match = typeof uri === "string" ? /^([a-z]+):\/\/([^/]+)\/(.+)$/.exec(uri) : null;
  if (!match || match[1] !== scheme) throw new YandexHttpError(400, `invalid model uri: ${String(uri)}`);
  if (match[2] !== folderId) throw new YandexHttpError(403, `Permission to folder ${match[2]} denied`);
  // Models on the OpenAI-compatible surface only (§2.10); the real native API's answer for them is UNCONFIRMED.
  const name = match[3]!.split("/")[0]!;
  if (scheme === "gpt" && COMPAT_ONLY_MODELS.has(name)) {
    throw new YandexHttpError(404, `model ${String(uri)} is not available in the Foundation Models API`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The body as a JSON object (grpc-gateway answers 400 to anything else; its texts are UNCONFIRMED). */
function parseBody<T>(body: string): T {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new YandexHttpError(400, "invalid JSON in request body");
  }
  if (!isObject(value)) throw new YandexHttpError(400, "request body must be a JSON object");
  return value as T;
}

function messageText(message: YandexMessage): string {
  if (message.text !== undefined) return message.text;
  if (message.toolCallList) return JSON.stringify(message.toolCallList.toolCalls);
  return (message.toolResultList?.toolResults ?? []).map((r) => r.functionResult.content).join("\n");
}

function validateMessages(messages: unknown): YandexMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) throw new YandexHttpError(400, "messages must not be empty");
  for (const message of messages as YandexMessage[]) {
    if (!isObject(message)) throw new YandexHttpError(400, "each message must be an object");
    if (!["system", "user", "assistant"].includes(message.role)) {
      throw new YandexHttpError(400, `invalid message role '${String(message.role)}'`);
    }
    if (message.text !== undefined && typeof message.text !== "string")
      throw new YandexHttpError(400, "message text must be a string");
    const bodies = [message.text, message.toolCallList, message.toolResultList].filter((b) => b !== undefined);
    if (bodies.length !== 1)
      throw new YandexHttpError(400, "message must carry exactly one of text, toolCallList, toolResultList");
  }
  return messages as YandexMessage[];
}

function toTurn(request: YandexCompletionRequest, messages: YandexMessage[]): EmulatedTurn {
  const last = messages.at(-1)!;
  const choice = request.toolChoice;
  const maxTokens = request.completionOptions?.maxTokens;
  return {
    texts: messages.map(messageText),
    lastRole: last.toolResultList ? "tool" : last.role,
    lastText: last.toolResultList
      ? (last.toolResultList.toolResults.at(-1)?.functionResult.content ?? "")
      : messageText(last),
    tools: (request.tools ?? []).map((t) => ({ name: t.function.name, parameters: t.function.parameters })),
    toolChoice:
      choice === undefined
        ? undefined
        : "functionName" in choice
          ? choice.functionName
          : choice.mode === "NONE"
            ? "none"
            : undefined,
    maxTokens: maxTokens === undefined ? undefined : Number(maxTokens),
  };
}

const STATUS: Record<EmulatedReply["finish"], YandexAlternativeStatus> = {
  stop: "ALTERNATIVE_STATUS_FINAL",
  length: "ALTERNATIVE_STATUS_TRUNCATED_FINAL",
  tool_calls: "ALTERNATIVE_STATUS_TOOL_CALLS",
  content_filter: "ALTERNATIVE_STATUS_CONTENT_FILTER",
};

function result(
  alternative: YandexAlternative,
  promptTokens: number,
  completionTokens: number,
): { result: YandexCompletionResult } {
  return {
    result: {
      alternatives: [alternative],
      usage: {
        inputTextTokens: String(promptTokens),
        completionTokens: String(completionTokens),
        totalTokens: String(promptTokens + completionTokens),
        completionTokensDetails: { reasoningTokens: "0" },
      },
      modelVersion: MODEL_VERSION,
    },
  };
}

/** The frames of a reply: one per word with the cumulative text, PARTIAL until the last. */
function frames(reply: EmulatedReply): { result: YandexCompletionResult }[] {
  if (reply.kind === "tool_call" && reply.toolCall) {
    const alternative: YandexAlternative = {
      message: { role: "assistant", toolCallList: { toolCalls: [{ functionCall: reply.toolCall }] } },
      status: STATUS.tool_calls,
    };
    return [result(alternative, reply.promptTokens, reply.completionTokens)];
  }
  const pieces = reply.pieces.length > 0 ? reply.pieces : [""];
  return pieces.map((_, i) => {
    const last = i === pieces.length - 1;
    const alternative: YandexAlternative = {
      message: { role: "assistant", text: pieces.slice(0, i + 1).join("") },
      status: last ? STATUS[reply.finish] : "ALTERNATIVE_STATUS_PARTIAL",
    };
    return result(alternative, reply.promptTokens, last ? reply.completionTokens : i + 1);
  });
}

async function writeLine(res: ServerResponse, line: string): Promise<void> {
  await new Promise<void>((resolve, reject) => res.write(line, (err) => (err ? reject(err) : resolve())));
}

/** A completion body checked as `completion` checks it, with its turn and failure directives. */
function parseCompletion(body: string, folderId: string) {
  const request = parseBody<YandexCompletionRequest>(body);
  checkModelUri(request.modelUri, "gpt", folderId);
  const messages = validateMessages(request.messages);
  const temperature = request.completionOptions?.temperature;
  // The proto documents 0..1; how the real API treats values outside it is UNCONFIRMED.
  if (temperature !== undefined && (temperature < 0 || temperature > 1)) {
    throw new YandexHttpError(400, `temperature must be in [0, 1], got ${temperature}`);
  }
  const tools: unknown = request.tools;
  if (
    tools !== undefined &&
    (!Array.isArray(tools) ||
      !tools.every((t) => isObject(t) && isObject(t.function) && typeof t.function.name === "string"))
  ) {
    throw new YandexHttpError(400, "tools must be a list of {function: {name, …}}");
  }
  const lastUser = [...messages].reverse().find((m) => m.role === "user" && m.text !== undefined);
  return { request, turn: toTurn(request, messages), directives: parseDirectives(lastUser?.text ?? "") };
}

async function completion(res: ServerResponse, body: string, folderId: string): Promise<void> {
  const { request, turn, directives } = parseCompletion(body, folderId);
  if (directives.slowMs) await sleep(directives.slowMs);
  if (directives.status) throw directiveError(directives.status);

  const reply = emulateReply(turn);
  if (reply.promptTokens > CONTEXT_LIMIT) {
    throw new YandexHttpError(
      400,
      `number of input tokens must be no more than ${CONTEXT_LIMIT}, got ${reply.promptTokens}`,
    );
  }
  const all = frames(reply);
  const requestId = randomUUID();
  if (!request.completionOptions?.stream) {
    sendJson(res, 200, all.at(-1), { "x-request-id": requestId });
    return;
  }
  // The real stream's Content-Type is UNCONFIRMED (probably application/json); the bytes are NDJSON.
  res.writeHead(200, { "content-type": "application/json", "x-request-id": requestId });
  for (const [i, frame] of all.entries()) {
    if (directives.cutAfterChunks !== undefined && i >= directives.cutAfterChunks) {
      res.socket?.destroy();
      return;
    }
    await writeLine(res, `${JSON.stringify(frame)}\n`);
  }
  res.end();
}

function textEmbedding(res: ServerResponse, body: string, folderId: string): void {
  const request = parseBody<{ modelUri?: unknown; text?: unknown }>(body);
  checkModelUri(request.modelUri, "emb", folderId);
  if (typeof request.text !== "string" || request.text === "") throw new YandexHttpError(400, "text must not be empty");
  const directives = parseDirectives(request.text);
  if (directives.status) throw directiveError(directives.status);
  const tokens = countPromptTokens([request.text]);
  if (tokens > EMBEDDING_INPUT_LIMIT) {
    throw new YandexHttpError(
      400,
      `number of input tokens must be no more than ${EMBEDDING_INPUT_LIMIT}, got ${tokens}`,
    );
  }
  sendJson(res, 200, {
    embedding: emulatedEmbedding(request.text, EMBEDDING_DIM),
    numTokens: String(tokens),
    modelVersion: MODEL_VERSION,
  });
}

const tokenOf = (text: string) => ({
  id: String(createHash("sha256").update(text).digest().readUInt16LE(0)),
  text,
  special: false,
});

function tokenize(res: ServerResponse, body: string, folderId: string): void {
  const request = parseBody<{ modelUri?: unknown; text?: unknown }>(body);
  checkModelUri(request.modelUri, "gpt", folderId);
  const text = typeof request.text === "string" ? request.text : "";
  const tokens = text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => tokenOf(`▁${word}`));
  sendJson(res, 200, { tokens, modelVersion: MODEL_VERSION });
}

/**
 * `tokenizeCompletion`: the completion body is checked exactly as `completion` checks it (same 400/403/404 answers
 * and directives), and its prompt is cut into 4-character tokens over the messages' texts, so the count equals the
 * `usage.inputTextTokens` a completion of the same body reports (the usage rule, countPromptTokens).
 */
function tokenizeCompletion(res: ServerResponse, body: string, folderId: string): void {
  const { turn, directives } = parseCompletion(body, folderId);
  if (directives.status) throw directiveError(directives.status);
  const prompt = turn.texts.join("\n");
  const pieces = Array.from({ length: countPromptTokens(turn.texts) }, (_, i) => prompt.slice(i * 4, i * 4 + 4));
  sendJson(res, 200, { tokens: pieces.map(tokenOf), modelVersion: MODEL_VERSION });
}

export interface YandexEmulatorOptions {
  port?: number;
  apiKey?: string;
  folderId?: string;
  /** Error body of the OpenAI-compatible surface: `openai` (default, §2.9) or the native grpc-gateway shape. */
  compatErrorShape?: CompatErrorShape;
  /** Whether compat streams end with a usage chunk although none was asked for (UNCONFIRMED; off by default). */
  compatStreamUsage?: boolean;
}

export interface YandexEmulatorRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

export interface YandexEmulator extends RunningEmulator {
  baseUrl: string;
  /** How many requests each path received (before auth), e.g. `{"/v1/chat/completions": 2}`. */
  requestCounts(): Record<string, number>;
  /** The last request received on any path, for assertions on what an adapter sent. */
  lastRequest(): YandexEmulatorRequest | undefined;
}

export async function startYandexEmulator(options: YandexEmulatorOptions = {}): Promise<YandexEmulator> {
  const apiKey = options.apiKey ?? YANDEX_EMULATOR_DEFAULTS.apiKey;
  const folderId = options.folderId ?? YANDEX_EMULATOR_DEFAULTS.folderId;
  const compat = {
    apiKey,
    folderId,
    errorShape: options.compatErrorShape ?? "openai",
    streamUsage: options.compatStreamUsage ?? false,
  };
  const counts: Record<string, number> = {};
  let last: YandexEmulatorRequest | undefined;
  const running = await startEmulatorServer(async (req, body, res) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    counts[path] = (counts[path] ?? 0) + 1;
    let parsed: unknown = body;
    try {
      parsed = JSON.parse(body);
    } catch {
      // Kept as text; the route answers 400 if it needs JSON.
    }
    last = { method: req.method ?? "GET", path, headers: req.headers, body: parsed };
    if (req.method === "POST" && path === YANDEX_COMPAT_PATHS.chatCompletions) {
      try {
        await compatChat(req, res, body, compat);
      } catch (err) {
        if (!(err instanceof CompatHttpError)) throw err;
        sendCompatError(res, err, compat);
      }
      return;
    }
    try {
      if (req.method !== "POST") throw new YandexHttpError(404, `no route for ${req.method} ${path}`);
      if (path === YANDEX_PATHS.completion) {
        checkAuth(req, apiKey, folderId);
        await completion(res, body, folderId);
      } else if (path === YANDEX_PATHS.textEmbedding) {
        checkAuth(req, apiKey, folderId);
        textEmbedding(res, body, folderId);
      } else if (path === YANDEX_PATHS.tokenize) {
        checkAuth(req, apiKey, folderId);
        tokenize(res, body, folderId);
      } else if (path === YANDEX_PATHS.tokenizeCompletion) {
        checkAuth(req, apiKey, folderId);
        tokenizeCompletion(res, body, folderId);
      } else {
        throw new YandexHttpError(404, `no route for POST ${path}`);
      }
    } catch (err) {
      if (!(err instanceof YandexHttpError)) throw err;
      sendError(res, err.status, err.message, folderId);
    }
  }, options.port);
  return {
    ...running,
    baseUrl: running.url,
    requestCounts: () => ({ ...counts }),
    lastRequest: () => last,
  };
}
