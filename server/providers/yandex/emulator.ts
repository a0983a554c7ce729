import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { emulatedEmbedding } from "../emulator/embedding";
import {
  countPromptTokens,
  emulateReply,
  type EmulatedReply,
  type EmulatedTurn,
  parseDirectives,
} from "../emulator/replies";
import { type RunningEmulator, sendJson, sleep, startEmulatorServer } from "../emulator/server";
import {
  compatChat,
  CompatHttpError,
  type CompatErrorShape,
  type CompatOptions,
  sendCompatError,
} from "./emulator-compat";
import { compatEmbeddings, compatModels, EMBEDDING_DIM, EMBEDDING_INPUT_LIMIT } from "./emulator-compat-catalog";
import { EmulatedIam, type EmulatedAuthorizedKey } from "./emulator-iam";
import { ProtoJsonError, TEXT_EMBEDDING_REQUEST, TOKENIZE_REQUEST } from "./emulator-proto";
import {
  type AuthKind,
  checkAuth,
  parseCompletionRequest,
  parseModelRequest,
  YandexHttpError,
} from "./emulator-request";
import {
  YANDEX_COMPAT_PATHS,
  YANDEX_IAM_PATH,
  YANDEX_PATHS,
  type YandexAlternative,
  type YandexAlternativeStatus,
  type YandexCompletionRequest,
  type YandexCompletionResult,
  type YandexMessage,
  type YandexOperation,
} from "./wire";

/**
 * Local emulator of the Yandex Foundation Models native REST API (providers.md §2): Api-Key or Bearer +
 * x-folder-id auth (IAM tokens from its own IAM endpoint, emulator-iam.ts), `result`-wrapped responses with int64
 * fields as strings, NDJSON streams with cumulative text, one text per textEmbedding call. A body is decoded as proto3 JSON first (emulator-proto.ts), and what that refuses
 * gets grpc-gateway's own body; the service's checks (emulator-request.ts) answer with its grpc-gateway error body.
 * Reply content comes from emulator/replies.ts. It also serves the OpenAI-compatible `/v1/…` surface
 * (emulator-compat.ts, emulator-compat-catalog.ts) on the same host.
 */
export const YANDEX_EMULATOR_DEFAULTS = { apiKey: "AQVN-emulator-key", folderId: "b1gemulatorfolder" } as const;

const MODEL_VERSION = "23.10.2024";
const CONTEXT_LIMIT = 32_768;

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

/**
 * What grpc-gateway itself answers when it cannot decode a body into the request message: its own error body
 * `{"error":"<text>","code":3,"message":"<text>","details":[]}` with HTTP 400, not the service's
 * (SECONDARY: a YandexGPT REST client's tests, yandex_gpt_rest_api, handle it for "invalid character '}' looking for
 * beginning of value", a Go JSON decoder's text; that the gateway answers unknown fields and bad values the same
 * way is UNCONFIRMED).
 */
function sendDecodeError(res: ServerResponse, message: string): void {
  sendJson(res, 400, { error: message, code: 3, message, details: [] }, { "x-request-id": randomUUID() });
}

function directiveError(status: number): YandexHttpError {
  // The 429 text follows real responses (providers.md §2.8, which saw "allowed 1" on a trial quota); the others are made up.
  const message =
    status === 429
      ? "ai.textGenerationCompletionSessionsCount.count gauge quota limit exceed: allowed 10 requests"
      : `emulated upstream failure (${status})`;
  return new YandexHttpError(status, message);
}

function messageText(message: YandexMessage): string {
  if (message.text !== undefined) return message.text;
  if (message.toolCallList) return JSON.stringify(message.toolCallList.toolCalls);
  return (message.toolResultList?.toolResults ?? []).map((r) => r.functionResult.content ?? "").join("\n");
}

function toTurn(request: YandexCompletionRequest): EmulatedTurn {
  const { messages, toolChoice: choice } = request;
  const last = messages.at(-1)!;
  const maxTokens = request.completionOptions?.maxTokens;
  return {
    texts: messages.map(messageText),
    lastRole: last.toolResultList ? "tool" : last.role,
    lastText: last.toolResultList
      ? (last.toolResultList.toolResults.at(-1)?.functionResult.content ?? "")
      : messageText(last),
    tools: (request.tools ?? []).map((t) => ({ name: t.function.name, parameters: t.function.parameters })),
    toolChoice: choice && "functionName" in choice ? choice.functionName : choice?.mode === "NONE" ? "none" : undefined,
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
function parseCompletion(body: string, folderId: string, auth: AuthKind) {
  const request = parseCompletionRequest(body, folderId, auth);
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user" && m.text !== undefined);
  return { request, turn: toTurn(request), directives: parseDirectives(lastUser?.text ?? "") };
}

async function completion(res: ServerResponse, body: string, folderId: string, auth: AuthKind): Promise<void> {
  const { request, turn, directives } = parseCompletion(body, folderId, auth);
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

/** `dim` is for "models that support multi-dimensional outputs" (proto); refusing it for these is UNCONFIRMED. */
function textEmbedding(res: ServerResponse, body: string, folderId: string, auth: AuthKind): void {
  const request = parseModelRequest(TEXT_EMBEDDING_REQUEST, body, "emb", folderId, auth);
  const text = request.text ?? "";
  if (text === "") throw new YandexHttpError(400, "text must not be empty");
  if (request.dim !== undefined && Number(request.dim) !== EMBEDDING_DIM) {
    throw new YandexHttpError(400, `dim ${request.dim} is not supported by this model`);
  }
  const directives = parseDirectives(text);
  if (directives.status) throw directiveError(directives.status);
  const tokens = countPromptTokens([text]);
  if (tokens > EMBEDDING_INPUT_LIMIT) {
    throw new YandexHttpError(
      400,
      `number of input tokens must be no more than ${EMBEDDING_INPUT_LIMIT}, got ${tokens}`,
    );
  }
  sendJson(res, 200, {
    embedding: emulatedEmbedding(text, EMBEDDING_DIM),
    numTokens: String(tokens),
    modelVersion: MODEL_VERSION,
  });
}

const tokenOf = (text: string) => ({
  id: String(createHash("sha256").update(text).digest().readUInt16LE(0)),
  text,
  special: false,
});

function tokenize(res: ServerResponse, body: string, folderId: string, auth: AuthKind): void {
  const text = parseModelRequest(TOKENIZE_REQUEST, body, "gpt", folderId, auth).text ?? "";
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
function tokenizeCompletion(res: ServerResponse, body: string, folderId: string, auth: AuthKind): void {
  const { turn, directives } = parseCompletion(body, folderId, auth);
  if (directives.status) throw directiveError(directives.status);
  const prompt = turn.texts.join("\n");
  const pieces = Array.from({ length: countPromptTokens(turn.texts) }, (_, i) => prompt.slice(i * 4, i * 4 + 4));
  sendJson(res, 200, { tokens: pieces.map(tokenOf), modelVersion: MODEL_VERSION });
}

/** completionAsync's operations, each done `delayMs` after it was created (the result is computed up front). */
class EmulatedOperations {
  private readonly operations = new Map<string, { readyAt: number; createdAt: string; result: YandexCompletionResult }>();

  constructor(private readonly delayMs: number) {}

  /** Checked exactly as `completion` checks a body; a failure directive fails the call itself, as a sync one does. */
  create(res: ServerResponse, body: string, folderId: string, auth: AuthKind): void {
    const { turn, directives } = parseCompletion(body, folderId, auth);
    if (directives.status) throw directiveError(directives.status);
    const reply = emulateReply(turn);
    if (reply.promptTokens > CONTEXT_LIMIT) {
      throw new YandexHttpError(400, `number of input tokens must be no more than ${CONTEXT_LIMIT}, got ${reply.promptTokens}`);
    }
    const id = `d7q${randomUUID().replaceAll("-", "").slice(0, 17)}`;
    const createdAt = new Date().toISOString();
    const delay = this.delayMs + (directives.slowMs ?? 0);
    this.operations.set(id, { readyAt: Date.now() + delay, createdAt, result: frames(reply).at(-1)!.result });
    sendJson(res, 200, this.describe(id)!);
  }

  /** GET /operations/{id}: an unknown id is NOT_FOUND (the real text is UNCONFIRMED). */
  get(res: ServerResponse, id: string): void {
    const operation = this.describe(id);
    if (!operation) throw new YandexHttpError(404, `operation ${id} not found`);
    sendJson(res, 200, operation);
  }

  private describe(id: string): YandexOperation | undefined {
    const found = this.operations.get(id);
    if (!found) return undefined;
    const done = Date.now() >= found.readyAt;
    return {
      id,
      description: "Async GPT Completion",
      createdAt: found.createdAt,
      createdBy: "ajeemulator",
      modifiedAt: done ? new Date(found.readyAt).toISOString() : found.createdAt,
      done,
      metadata: null,
      ...(done ? { response: { "@type": "type.googleapis.com/yandex.cloud.ai.foundation_models.v1.CompletionResponse", ...found.result } } : {}),
    };
  }
}

export interface YandexEmulatorOptions {
  port?: number;
  apiKey?: string;
  folderId?: string;
  /** Service account keys (their public part) whose JWTs `POST /iam/v1/tokens` exchanges; none by default. */
  authorizedKeys?: readonly EmulatedAuthorizedKey[];
  /** How long the IAM tokens it issues live: 12 hours, as Yandex's, unless a test wants them short. */
  iamTokenLifetimeMs?: number;
  /** Error body of the OpenAI-compatible surface: `openai` (default, §2.9) or the native grpc-gateway shape. */
  compatErrorShape?: CompatErrorShape;
  /** Whether compat streams end with a usage chunk although none was asked for (UNCONFIRMED; off by default). */
  compatStreamUsage?: boolean;
  /** How long a completionAsync operation runs before it is done (default 200 ms; a `[[slow:N]]` directive adds N). */
  asyncDelayMs?: number;
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
  /** Its IAM token endpoint (YANDEX_IAM_URL); `requestCounts()[YANDEX_IAM_PATH]` counts the exchanges. */
  iamUrl: string;
  /**
   * The `x-data-logging-enabled` header of the model requests (both surfaces) by value, `absent` when not sent:
   * e.g. `{"false": 3}` when every request asked Yandex not to log it.
   */
  dataLogging(): Record<string, number>;
  /** How many requests each path received (before auth), e.g. `{"/v1/chat/completions": 2}`. */
  requestCounts(): Record<string, number>;
  /** The last request received on any path, for assertions on what an adapter sent. */
  lastRequest(): YandexEmulatorRequest | undefined;
}

type NativeRoute = (res: ServerResponse, body: string, folderId: string, auth: AuthKind) => void | Promise<void>;

const NATIVE_ROUTES: Record<string, NativeRoute> = {
  [YANDEX_PATHS.completion]: completion,
  [YANDEX_PATHS.textEmbedding]: textEmbedding,
  [YANDEX_PATHS.tokenize]: tokenize,
  [YANDEX_PATHS.tokenizeCompletion]: tokenizeCompletion,
};

async function serveNative(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string,
  options: CompatOptions,
  operations: EmulatedOperations,
) {
  try {
    if (req.method === "GET" && path.startsWith(YANDEX_PATHS.operation)) {
      checkAuth(req, options);
      return operations.get(res, decodeURIComponent(path.slice(YANDEX_PATHS.operation.length)));
    }
    if (req.method === "POST" && path === YANDEX_PATHS.completionAsync) {
      return operations.create(res, body, options.folderId, checkAuth(req, options));
    }
    const route = req.method === "POST" && Object.hasOwn(NATIVE_ROUTES, path) ? NATIVE_ROUTES[path] : undefined;
    if (!route) throw new YandexHttpError(404, `no route for ${req.method} ${path}`);
    await route(res, body, options.folderId, checkAuth(req, options));
  } catch (err) {
    if (err instanceof ProtoJsonError) sendDecodeError(res, err.message);
    else if (err instanceof YandexHttpError) sendError(res, err.status, err.message, options.folderId);
    else throw err;
  }
}

/** Every `/v1/…` path is the compat surface's, so its unknown routes get its error body too (the real text is UNCONFIRMED). */
async function serveCompat(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string,
  options: CompatOptions,
) {
  try {
    if (req.method === "POST" && path === YANDEX_COMPAT_PATHS.chatCompletions)
      await compatChat(req, res, body, options);
    else if (req.method === "GET" && path === YANDEX_COMPAT_PATHS.models) compatModels(req, res, options);
    else if (req.method === "POST" && path === YANDEX_COMPAT_PATHS.embeddings)
      compatEmbeddings(req, res, body, options);
    else throw new CompatHttpError(404, `no route for ${req.method} ${path}`);
  } catch (err) {
    if (!(err instanceof CompatHttpError)) throw err;
    sendCompatError(res, err, options);
  }
}

export async function startYandexEmulator(options: YandexEmulatorOptions = {}): Promise<YandexEmulator> {
  const apiKey = options.apiKey ?? YANDEX_EMULATOR_DEFAULTS.apiKey;
  const folderId = options.folderId ?? YANDEX_EMULATOR_DEFAULTS.folderId;
  const iam = new EmulatedIam(options.authorizedKeys ?? [], options.iamTokenLifetimeMs ?? 12 * 3_600_000);
  const settings: CompatOptions = {
    apiKey,
    folderId,
    iam,
    errorShape: options.compatErrorShape ?? "openai",
    streamUsage: options.compatStreamUsage ?? false,
  };
  const operations = new EmulatedOperations(options.asyncDelayMs ?? 200);
  const counts: Record<string, number> = {};
  const logging: Record<string, number> = {};
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
    if (req.method === "POST" && path === YANDEX_IAM_PATH) return iam.createToken(res, body);
    const flag = req.headers["x-data-logging-enabled"];
    const value = (Array.isArray(flag) ? flag[0] : flag) ?? "absent";
    logging[value] = (logging[value] ?? 0) + 1;
    if (path.startsWith("/v1/")) await serveCompat(req, res, path, body, settings);
    else await serveNative(req, res, path, body, settings, operations);
  }, options.port);
  return {
    ...running,
    baseUrl: running.url,
    iamUrl: running.url + YANDEX_IAM_PATH,
    dataLogging: () => ({ ...logging }),
    requestCounts: () => ({ ...counts }),
    lastRequest: () => last,
  };
}
