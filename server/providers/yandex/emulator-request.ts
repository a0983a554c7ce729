import type { IncomingMessage } from "node:http";
import { bearerState, type EmulatedIam } from "./emulator-iam";
import { COMPLETION_REQUEST, decodeProtoJson, type MessageSpec } from "./emulator-proto";
import type { YandexCompletionRequest } from "./wire";

/**
 * What the native Foundation Models service checks in a request body once the gateway has decoded it
 * (emulator-proto.ts): auth, the model URI, and the completion's contents. Its refusals carry the service's
 * `{"error":{grpcCode,httpCode,message,…}}` body (emulator.ts); where a rule or its text is not documented the
 * comment says UNCONFIRMED.
 */
export class YandexHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type AuthKind = "api-key" | "iam";

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Api-Key: the folder is the key's own. Bearer (an IAM token: one the emulator's IAM issued, or its API key standing
 * in for any) needs x-folder-id. The real 401 texts are UNCONFIRMED.
 */
export function checkAuth(
  req: IncomingMessage,
  options: { apiKey: string; folderId: string; iam: EmulatedIam },
): AuthKind {
  const authorization = header(req, "authorization");
  if (authorization === `Api-Key ${options.apiKey}`) return "api-key";
  const bearer = bearerState(authorization, options.apiKey, options.iam);
  if (bearer === "expired") throw new YandexHttpError(401, "The token has expired");
  if (bearer === "valid") {
    if (header(req, "x-folder-id") === options.folderId) return "iam";
    throw new YandexHttpError(401, "the x-folder-id header is required with an IAM token");
  }
  throw new YandexHttpError(401, "Unknown api key or IAM token");
}

/**
 * Models the native API serves (providers.md §2.10 and the models docs 2025-2026; `llama`/`llama-lite` from older
 * docs; `text-embeddings` as a real `GET /v1/models` listed it). Qwen3, gpt-oss and Gemma are served only on the
 * OpenAI-compatible surface, so they are not here.
 */
const NATIVE_MODELS: Record<"gpt" | "emb", ReadonlySet<string>> = {
  gpt: new Set(["yandexgpt", "yandexgpt-lite", "aliceai-llm", "llama", "llama-lite"]),
  emb: new Set(["text-search-doc", "text-search-query", "text-embeddings"]),
};
const VERSIONS = new Set(["latest", "rc", "deprecated"]);

/**
 * `<scheme>://<folder>/<model>[/latest|/rc|/deprecated][@<fine-tune suffix>]`. A bad URI is a 400 (the docs' error
 * codes page lists "invalid model_uri" and "Failed to parse model URI" under INVALID_ARGUMENT; which text goes with
 * which case is UNCONFIRMED). Another folder: with an API key the docs' 400 "Specified folder ID does not match with
 * service account"; with an IAM token a 403 (UNCONFIRMED).
 */
export function checkModelUri(uri: unknown, scheme: "gpt" | "emb", folderId: string, auth: AuthKind): void {
  const match = typeof uri === "string" ? /^([a-z]+):\/\/([^/]+)\/([^/@]+)(?:\/([^/@]+))?(@[^/@]+)?$/.exec(uri) : null;
  if (!match) throw new YandexHttpError(400, `Failed to parse model URI: ${JSON.stringify(uri ?? "")}`);
  const [, uriScheme, folder, name, version] = match;
  if (folder !== folderId) {
    if (auth === "api-key") throw new YandexHttpError(400, "Specified folder ID does not match with service account");
    throw new YandexHttpError(403, `Permission to folder ${folder} denied`);
  }
  if (uriScheme !== scheme || !NATIVE_MODELS[scheme].has(name!) || (version !== undefined && !VERSIONS.has(version))) {
    throw new YandexHttpError(400, `invalid model_uri: ${String(uri)}`);
  }
}

/** Decodes a body and checks its model URI: the whole check of tokenize and textEmbedding requests. */
export function parseModelRequest(
  spec: MessageSpec,
  body: string,
  scheme: "gpt" | "emb",
  folderId: string,
  auth: AuthKind,
): { modelUri: string; text?: string; dim?: string } {
  const request = decodeProtoJson(spec, body) as { modelUri: string; text?: string; dim?: string };
  checkModelUri(request.modelUri, scheme, folderId, auth);
  return request;
}

const ROLES = new Set(["system", "user", "assistant"]);

/** Decoded messages and requests: proto3 leaves any field out. */
interface DecodedMessage {
  role?: string;
  text?: string;
  toolCallList?: { toolCalls?: { functionCall?: { name?: string } }[] };
  toolResultList?: { toolResults?: { functionResult?: { name?: string } }[] };
}
interface DecodedCompletion {
  modelUri?: string;
  completionOptions?: { temperature?: number; maxTokens?: string };
  messages?: DecodedMessage[];
  tools?: { function?: { name?: string } }[];
  toolChoice?: { mode?: string; functionName?: string };
}

/**
 * One message carries one content (the proto's oneof; two are refused by the decoder). That a tool call list comes
 * only from the assistant and a tool result list only from the user (providers.md §2.4), never empty and with
 * named functions, is enforced by the real service is UNCONFIRMED, and so are the texts; "invalid message role 'x'"
 * is verbatim from real responses (§2.8).
 */
function checkMessage(message: DecodedMessage, i: number): void {
  const at = `messages[${i}]`;
  if (!ROLES.has(message.role ?? "")) throw new YandexHttpError(400, `invalid message role '${message.role ?? ""}'`);
  const { text, toolCallList, toolResultList } = message;
  if (text === undefined && !toolCallList && !toolResultList) {
    throw new YandexHttpError(400, `${at}: message must carry one of text, toolCallList, toolResultList`);
  }
  if (toolCallList) {
    if (message.role !== "assistant")
      throw new YandexHttpError(400, `${at}: toolCallList is allowed only in an assistant message`);
    const calls = toolCallList.toolCalls ?? [];
    if (calls.length === 0 || calls.some((c) => !c.functionCall?.name)) {
      throw new YandexHttpError(400, `${at}: toolCallList needs tool calls, each a functionCall with a name`);
    }
  }
  if (toolResultList) {
    if (message.role !== "user")
      throw new YandexHttpError(400, `${at}: toolResultList is allowed only in a user message`);
    const results = toolResultList.toolResults ?? [];
    if (results.length === 0 || results.some((r) => !r.functionResult?.name)) {
      throw new YandexHttpError(400, `${at}: toolResultList needs tool results, each a functionResult with a name`);
    }
  }
}

/**
 * A completion body as `completion` and `tokenizeCompletion` check it. maxTokens "must be greater than zero" and
 * temperature is 0..1 (proto comments); toolChoice.functionName "must match the name of a function in the API
 * request" (proto comment). How the real service words these refusals is UNCONFIRMED.
 */
export function parseCompletionRequest(body: string, folderId: string, auth: AuthKind): YandexCompletionRequest {
  const request = decodeProtoJson(COMPLETION_REQUEST, body) as DecodedCompletion;
  checkModelUri(request.modelUri, "gpt", folderId, auth);
  const messages = request.messages ?? [];
  if (messages.length === 0) throw new YandexHttpError(400, "messages must not be empty");
  messages.forEach(checkMessage);
  const { temperature, maxTokens } = request.completionOptions ?? {};
  if (temperature !== undefined && (temperature < 0 || temperature > 1)) {
    throw new YandexHttpError(400, `temperature must be in [0, 1], got ${temperature}`);
  }
  if (maxTokens !== undefined && !(Number(maxTokens) > 0)) {
    throw new YandexHttpError(400, `maxTokens must be greater than zero, got ${maxTokens}`);
  }
  const names = (request.tools ?? []).map((tool) => tool.function?.name ?? "");
  if (names.some((name) => name === "")) throw new YandexHttpError(400, "each tool must be a function with a name");
  const forced = request.toolChoice?.functionName;
  if (forced !== undefined && !names.includes(forced)) {
    throw new YandexHttpError(400, `toolChoice.functionName '${forced}' is not one of the tools`);
  }
  return { ...request, messages } as YandexCompletionRequest;
}
