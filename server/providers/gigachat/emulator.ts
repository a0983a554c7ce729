import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  countPromptTokens,
  emulateReply,
  parseDirectives,
  type EmulatedReply,
  type EmulatedTurn,
} from "../emulator/replies";
import { emulatedEmbedding } from "../emulator/embedding";
import { sendJson, sleep, startEmulatorServer, type RunningEmulator } from "../emulator/server";
import { chatViolation } from "./emulator-chat-rules";
import { emulatedFiles } from "./emulator-files";
import {
  authorizationKey,
  GIGACHAT_EMULATOR_DEFAULTS,
  oauthChecker,
  type GigaChatEmulatorAccount,
} from "./emulator-oauth";
import type {
  GigaChatChunk,
  GigaChatFinishReason,
  GigaChatMessage,
  GigaChatRequest,
  GigaChatResponse,
  GigaChatUsage,
} from "./wire";

export { authorizationKey, GIGACHAT_EMULATOR_DEFAULTS } from "./emulator-oauth";

/**
 * A local GigaChat v1 API (providers.md §1): OAuth at /api/v2/oauth and the REST API under /api/v1
 * on one plain-HTTP server. Reply text and failure directives come from ../emulator/replies.
 */
export interface GigaChatEmulator extends RunningEmulator {
  authUrl: string;
  baseUrl: string;
  /** The only Authorization Key (base64 client_id:client_secret) and scope the token endpoint accepts. */
  authorizationKey: string;
  scope: string;
  /** `uploads`: files stored by `POST /files`. */
  stats: { tokenRequests: number; uploads: number };
  /** Forgets every stored file (as if GigaChat had deleted them): a chat naming one is then refused. */
  forgetFiles(): void;
  /** The last chat body received (after auth), for assertions on what an adapter sent. */
  lastChat(): Partial<GigaChatRequest> | undefined;
  /** The `X-Session-ID` of the last chat request (undefined when it had none). */
  lastSessionId(): string | undefined;
}

const MODEL_VERSION = "2.0.28.2";
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// UNCONFIRMED for other embedders: only `Embeddings` is confirmed at 1024 dimensions.
const EMBEDDING_DIMENSIONS = 1024;

/** The chat models that take images in `attachments`: Pro and Max (SECONDARY, providers.md §1.11). */
const VISION_MODELS = new Set(["GigaChat-2-Pro", "GigaChat-2-Max"]);

const MODELS: { id: string; type: "chat" | "embedder" }[] = [
  ...["GigaChat", "GigaChat-2", "GigaChat-2-Pro", "GigaChat-2-Max", "GigaChat-2-Max-preview", "GigaChat-3-Ultra"].map(
    (id) => ({ id, type: "chat" as const }),
  ),
  ...["Embeddings", "Embeddings-2", "EmbeddingsGigaR", "GigaEmbeddings-3B-2025-09"].map((id) => ({
    id,
    type: "embedder" as const,
  })),
];

const FINISH: Record<EmulatedReply["finish"], GigaChatFinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "function_call",
  content_filter: "blacklist",
};

function apiHeaders(): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    "x-request-id": randomUUID(),
    "x-session-id": randomUUID(),
  };
}

function apiError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { status, message }, { ...apiHeaders(), ...headers });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The emulators' shared embedding (close for texts that share their words), at GigaChat's dimensions. */
const embed = (text: string): number[] => emulatedEmbedding(text, EMBEDDING_DIMENSIONS);

/** `imageNotes`: what the last message's attached images are (its echo mentions them). */
function toTurn(body: GigaChatRequest, imageNotes: string[]): EmulatedTurn {
  const last = body.messages[body.messages.length - 1] as GigaChatMessage;
  const choice = body.function_call;
  return {
    texts: body.messages.map((m) => m.content),
    lastRole: last.role === "function" ? "tool" : last.role,
    lastText: [last.content, ...imageNotes].filter(Boolean).join(" "),
    tools: (body.functions ?? []).map((f) => ({ name: f.name, parameters: f.parameters })),
    toolChoice: choice === undefined || choice === "auto" ? undefined : choice === "none" ? "none" : choice.name,
    maxTokens: body.max_tokens,
  };
}

function usageOf(reply: EmulatedReply, precached: number): GigaChatUsage {
  return {
    prompt_tokens: reply.promptTokens,
    completion_tokens: reply.completionTokens,
    total_tokens: reply.promptTokens + reply.completionTokens,
    precached_prompt_tokens: Math.min(precached, reply.promptTokens),
  };
}

/**
 * The context cache, deterministically: a request with the `X-Session-ID` of an earlier one gets the messages it
 * shares from the start with that one's as `precached_prompt_tokens` (a quarter of their characters, as prompt
 * tokens are counted). The real cache is keyed by session too (providers.md §6) but is best effort and lasts about
 * 30 s; this one keeps the last 1 000 sessions.
 */
function contextCache() {
  const sessions = new Map<string, string[]>();
  return (session: string | undefined, messages: GigaChatMessage[]): number => {
    if (session === undefined) return 0;
    const keys = messages.map((m) => JSON.stringify([m.role, m.content, m.name ?? null, m.function_call ?? null, m.attachments ?? null]));
    const before = sessions.get(session) ?? [];
    let shared = 0;
    while (shared < keys.length && keys[shared] === before[shared]) shared++;
    sessions.delete(session);
    sessions.set(session, keys);
    if (sessions.size > 1_000) sessions.delete(sessions.keys().next().value!);
    return shared === 0
      ? 0
      : Math.floor(
          messages
            .slice(0, shared)
            .map((m) => m.content)
            .join("\n").length / 4,
        );
  };
}

function functionCallMessage(reply: EmulatedReply) {
  return {
    role: "assistant" as const,
    content: "",
    function_call: reply.toolCall!,
    functions_state_id: randomUUID(),
  };
}

function sendCompletion(res: ServerResponse, model: string, reply: EmulatedReply, precached: number): void {
  const body: GigaChatResponse = {
    choices: [
      {
        message: reply.toolCall ? functionCallMessage(reply) : { role: "assistant", content: reply.pieces.join("") },
        index: 0,
        finish_reason: FINISH[reply.finish],
      },
    ],
    created: Math.floor(Date.now() / 1000),
    model,
    object: "chat.completion",
    usage: usageOf(reply, precached),
  };
  sendJson(res, 200, body, apiHeaders());
}

async function streamCompletion(
  res: ServerResponse,
  model: string,
  reply: EmulatedReply,
  precached: number,
  cutAfter?: number,
) {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-request-id": randomUUID(),
    "x-session-id": randomUUID(),
  });
  const created = Math.floor(Date.now() / 1000);
  const write = (choice: GigaChatChunk["choices"][number], usage?: GigaChatUsage) => {
    const chunk: GigaChatChunk = {
      choices: [choice],
      created,
      model,
      object: "chat.completion",
      ...(usage ? { usage } : {}),
    };
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  };

  if (reply.toolCall) {
    // SECONDARY/UNCONFIRMED layout: the whole call in one delta, with finish_reason and usage.
    write({ delta: functionCallMessage(reply), index: 0, finish_reason: "function_call" }, usageOf(reply, precached));
  } else {
    for (const [i, piece] of reply.pieces.entries()) {
      if (cutAfter !== undefined && i >= cutAfter) {
        await sleep(20);
        res.socket?.destroy();
        return;
      }
      write({ delta: i === 0 ? { content: piece, role: "assistant" } : { content: piece }, index: 0 });
      await sleep(1);
    }
    write({ delta: { content: "" }, index: 0, finish_reason: FINISH[reply.finish] }, usageOf(reply, precached));
  }
  res.end("data: [DONE]\n\n");
}

/**
 * Starts the emulator for one account (GIGACHAT_EMULATOR_DEFAULTS unless given): its token endpoint refuses any other
 * key or scope, and a reused RqUID, as GigaChat does (emulator-oauth.ts).
 */
export async function startGigaChatEmulator(
  options: { port?: number; tokenTtlMs?: number } & Partial<GigaChatEmulatorAccount> = {},
): Promise<GigaChatEmulator> {
  const account: GigaChatEmulatorAccount = {
    clientId: options.clientId ?? GIGACHAT_EMULATOR_DEFAULTS.clientId,
    clientSecret: options.clientSecret ?? GIGACHAT_EMULATOR_DEFAULTS.clientSecret,
    scope: options.scope ?? GIGACHAT_EMULATOR_DEFAULTS.scope,
  };
  const tokenTtlMs = options.tokenTtlMs ?? 30 * 60_000;
  const tokens = new Map<string, number>();
  const files = emulatedFiles(VISION_MODELS);
  const stats = { tokenRequests: 0, uploads: 0 };
  let lastChat: Partial<GigaChatRequest> | undefined;
  let lastSessionId: string | undefined;
  const precachedTokens = contextCache();
  const checkTokenRequest = oauthChecker(account);

  const oauth = (req: IncomingMessage, body: string, res: ServerResponse) => {
    stats.tokenRequests++;
    const refusal = checkTokenRequest(req, body);
    if (refusal) return sendJson(res, refusal.status, refusal.body);
    const accessToken = `eyJ${randomUUID().replace(/-/g, "")}${randomUUID().replace(/-/g, "")}`;
    const expiresAt = Date.now() + tokenTtlMs;
    tokens.set(accessToken, expiresAt);
    sendJson(res, 200, { access_token: accessToken, expires_at: expiresAt });
  };

  /** Returns false (after answering 401) unless the request carries a live token. */
  const authorized = (req: IncomingMessage, res: ServerResponse): boolean => {
    const token = /^Bearer (.+)$/.exec(header(req, "authorization") ?? "")?.[1];
    const expiresAt = token ? tokens.get(token) : undefined;
    if (expiresAt === undefined) {
      apiError(res, 401, "Unauthorized");
      return false;
    }
    if (expiresAt <= Date.now()) {
      apiError(res, 401, "Token has expired");
      return false;
    }
    return true;
  };

  const chat = async (req: IncomingMessage, body: string, res: ServerResponse) => {
    const request = parseJson(body) as Partial<GigaChatRequest> | undefined;
    if (!request) return apiError(res, 400, "Bad request");
    lastChat = request;
    // Emulator strictness: GigaChat documents X-Session-ID as a string and shows UUIDs; the adapter sends one.
    const session = header(req, "x-session-id");
    if (session !== undefined && !UUID4.test(session))
      return apiError(res, 400, "Invalid X-Session-ID: must be a uuid4");
    lastSessionId = session;
    if (!MODELS.some((m) => m.type === "chat" && m.id === request.model)) return apiError(res, 404, "No such model");
    const invalid = chatViolation(request);
    if (invalid) return apiError(res, 422, invalid);
    const refused = files.attachmentRefusal(req, request);
    if (refused) return apiError(res, refused.status, refused.message);
    const turn = toTurn(request as GigaChatRequest, files.notes(request.messages!.at(-1)!.attachments));
    const directives = parseDirectives(turn.lastText);
    if (directives.slowMs) await sleep(directives.slowMs);
    if (directives.status) {
      const retry: Record<string, string> = directives.status === 429 ? { "retry-after": "2" } : {};
      return apiError(res, directives.status, `Emulated error ${directives.status}`, retry);
    }
    const reply = emulateReply(turn);
    const precached = precachedTokens(session, request.messages!);
    const model = `${request.model}:${MODEL_VERSION}`;
    if (request.stream) await streamCompletion(res, model, reply, precached, directives.cutAfterChunks);
    else sendCompletion(res, model, reply, precached);
  };

  const embeddings = (body: string, res: ServerResponse) => {
    const request = parseJson(body);
    const input = request?.input;
    if (!Array.isArray(input) || !input.every((x): x is string => typeof x === "string")) {
      return apiError(res, 422, "Invalid params: input must be an array of strings");
    }
    const model = request?.model;
    if (!MODELS.some((m) => m.type === "embedder" && m.id === model)) return apiError(res, 404, "No such model");
    const data = input.map((text, index) => ({
      object: "embedding",
      index,
      embedding: embed(text),
      usage: { prompt_tokens: countPromptTokens([text]) },
    }));
    sendJson(res, 200, { object: "list", model, data }, apiHeaders());
  };

  /**
   * `POST /tokens/count`: a bare array, one `{object, tokens, characters}` per input string, each counted as a
   * byte-level tokenizer would see it: ceil(UTF-8 bytes / 4), the usage rule (countPromptTokens) for ASCII but twice
   * it for Cyrillic (two bytes a letter), so a cut stream billed by this count is told from one billed by the
   * gateway's 4-characters estimate. Strict as chat is: a body that is not a JSON object 400, a missing model or an
   * input that is not an array of strings 422 (texts UNCONFIRMED), an unknown model 404 "No such model". A
   * `[[status:N]]` directive in any input answers that error, for fallback tests.
   */
  const countTokens = (body: string, res: ServerResponse) => {
    const request = parseJson(body);
    if (!request) return apiError(res, 400, "Bad request");
    if (typeof request.model !== "string" || request.model === "")
      return apiError(res, 422, "Invalid params: model is required");
    const input = request.input;
    if (!Array.isArray(input) || !input.every((x): x is string => typeof x === "string")) {
      return apiError(res, 422, "Invalid params: input must be an array of strings");
    }
    if (!MODELS.some((m) => m.id === request.model)) return apiError(res, 404, "No such model");
    const status = input.map((text) => parseDirectives(text).status).find((s) => s !== undefined);
    if (status) return apiError(res, status, `Emulated error ${status}`);
    const counts = input.map((text) => ({
      object: "tokens",
      tokens: Math.max(1, Math.ceil(Buffer.byteLength(text) / 4)),
      characters: text.length,
    }));
    sendJson(res, 200, counts, apiHeaders());
  };

  const listModel = (m: (typeof MODELS)[number]) => ({
    id: m.id,
    object: "model",
    owned_by: "salutedevices",
    type: m.type,
  });

  /** `POST /files` (multipart): the stored file's record, as GigaChat answers it. */
  const upload = (req: IncomingMessage, raw: Buffer, res: ServerResponse) => {
    const result = files.upload(req, raw);
    if ("status" in result) return apiError(res, result.status, result.message);
    stats.uploads++;
    sendJson(res, 200, result.file, apiHeaders());
  };

  const running = await startEmulatorServer(async (req, body, res, raw) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    if (method === "POST" && path === "/api/v2/oauth") return oauth(req, body, res);
    if (!path.startsWith("/api/v1/")) return apiError(res, 404, "Not found");
    if (!authorized(req, res)) return;
    const route = path.slice("/api/v1".length);
    if (method === "POST" && route === "/chat/completions") return chat(req, body, res);
    if (method === "POST" && route === "/embeddings") return embeddings(body, res);
    if (method === "POST" && route === "/tokens/count") return countTokens(body, res);
    if (method === "POST" && route === "/files") return upload(req, raw, res);
    if (method === "GET" && route === "/models") {
      return sendJson(res, 200, { object: "list", data: MODELS.map(listModel) }, apiHeaders());
    }
    if (method === "GET" && route.startsWith("/models/")) {
      const model = MODELS.find((m) => m.id === decodeURIComponent(route.slice("/models/".length)));
      return model ? sendJson(res, 200, listModel(model), apiHeaders()) : apiError(res, 404, "No such model");
    }
    apiError(res, 404, "Not found");
  }, options.port);

  return {
    ...running,
    authUrl: `${running.url}/api/v2/oauth`,
    baseUrl: `${running.url}/api/v1`,
    authorizationKey: authorizationKey(account),
    scope: account.scope,
    stats,
    forgetFiles: () => files.forget(),
    lastChat: () => lastChat,
    lastSessionId: () => lastSessionId,
  };
}
