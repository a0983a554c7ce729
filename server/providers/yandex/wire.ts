/**
 * Yandex Foundation Models native REST wire types (proto JSON mapping: camelCase, int64 as strings).
 * Reference: /work/shared/providers.md §2.3-2.8.
 */

export type YandexRole = "system" | "user" | "assistant";

export interface YandexFunctionCall {
  name: string;
  /** A JSON object, never a string. */
  arguments: Record<string, unknown>;
}

export interface YandexToolCallList {
  toolCalls: { functionCall: YandexFunctionCall }[];
}

export interface YandexToolResultList {
  toolResults: { functionResult: { name: string; content: string } }[];
}

/** Carries exactly one of `text`, `toolCallList`, `toolResultList`. */
export interface YandexMessage {
  role: YandexRole;
  text?: string;
  toolCallList?: YandexToolCallList;
  toolResultList?: YandexToolResultList;
}

export type YandexReasoningMode = "REASONING_MODE_UNSPECIFIED" | "DISABLED" | "ENABLED_HIDDEN";

export interface YandexCompletionOptions {
  stream: boolean;
  temperature?: number;
  /** int64, sent as a string like the docs do. */
  maxTokens?: string;
  reasoningOptions?: { mode: YandexReasoningMode };
}

export interface YandexTool {
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type YandexToolChoice = { mode: "NONE" | "AUTO" | "REQUIRED" } | { functionName: string };

export interface YandexCompletionRequest {
  modelUri: string;
  completionOptions: YandexCompletionOptions;
  messages: YandexMessage[];
  tools?: YandexTool[];
  toolChoice?: YandexToolChoice;
  parallelToolCalls?: boolean;
  jsonObject?: boolean;
  jsonSchema?: { schema: Record<string, unknown> };
}

export type YandexAlternativeStatus =
  | "ALTERNATIVE_STATUS_UNSPECIFIED"
  | "ALTERNATIVE_STATUS_PARTIAL"
  | "ALTERNATIVE_STATUS_TRUNCATED_FINAL"
  | "ALTERNATIVE_STATUS_FINAL"
  | "ALTERNATIVE_STATUS_CONTENT_FILTER"
  | "ALTERNATIVE_STATUS_TOOL_CALLS";

export interface YandexAlternative {
  message: { role: "assistant"; text?: string; toolCallList?: YandexToolCallList };
  status: YandexAlternativeStatus;
}

export interface YandexUsage {
  inputTextTokens: string;
  completionTokens: string;
  totalTokens: string;
  completionTokensDetails?: { reasoningTokens?: string };
}

export interface YandexCompletionResult {
  alternatives: YandexAlternative[];
  usage: YandexUsage;
  modelVersion?: string;
}

export interface YandexErrorBody {
  grpcCode?: number;
  httpCode?: number;
  message?: string;
  httpStatus?: string;
  details?: unknown[];
}

/** One NDJSON line of a stream, or the whole non-streaming body. */
export interface YandexCompletionEnvelope {
  result?: YandexCompletionResult;
  error?: YandexErrorBody;
}

export interface YandexTextEmbeddingRequest {
  modelUri: string;
  text: string;
}

export interface YandexTextEmbeddingResponse {
  embedding: number[];
  numTokens: string;
  modelVersion?: string;
}

export interface YandexTokenizeRequest {
  modelUri: string;
  text: string;
}

export interface YandexTokenizeResponse {
  tokens: { id: string; text: string; special: boolean }[];
  modelVersion?: string;
}

export const YANDEX_PATHS = {
  completion: "/foundationModels/v1/completion",
  textEmbedding: "/foundationModels/v1/textEmbedding",
  tokenize: "/foundationModels/v1/tokenize",
  /** Takes a whole completion body and answers a YandexTokenizeResponse for its prompt. */
  tokenizeCompletion: "/foundationModels/v1/tokenizeCompletion",
  /** Takes a completion body (stream false) and answers a YandexOperation; the result is read with `operation`. */
  completionAsync: "/foundationModels/v1/completionAsync",
  /** GET `operation` + id: on the Operation service's host (YANDEX_OPERATIONS_HOST) for the real API. */
  operation: "/operations/",
} as const;

/** The real API serves operations on their own host (the API design guide's OperationService). */
export const YANDEX_LLM_HOST = "llm.api.cloud.yandex.net";
export const YANDEX_OPERATIONS_URL = "https://operation.api.cloud.yandex.net";

/** A long-running operation (google.longrunning-like): `response` or `error` once `done`. */
export interface YandexOperation {
  id: string;
  description?: string;
  createdAt?: string;
  createdBy?: string;
  modifiedAt?: string;
  done: boolean;
  metadata?: unknown;
  /** completionAsync's result: the sync completion's `result` body, with an `@type`. */
  response?: YandexCompletionResult & { "@type"?: string };
  error?: YandexRpcStatus;
}

/**
 * The OpenAI-compatible surface (providers.md §2.9), appended to the same host root as the native paths.
 * Its request and response bodies are OpenAI's (see ../openai-compatible/wire.ts).
 */
export const YANDEX_COMPAT_PATHS = {
  chatCompletions: "/v1/chat/completions",
  models: "/v1/models",
  embeddings: "/v1/embeddings",
} as const;

/**
 * Yandex Cloud IAM (docs: "Getting an IAM token for a service account", REST IamToken.create): a PS256 JWT signed
 * with the service account's authorized key is exchanged for an IAM token living at most 12 hours.
 */
export const YANDEX_IAM_URL = "https://iam.api.cloud.yandex.net/iam/v1/tokens";
/** The JWT's `aud`: the real endpoint's URL, whatever address the exchange is sent to. */
export const YANDEX_IAM_AUDIENCE = YANDEX_IAM_URL;
export const YANDEX_IAM_PATH = "/iam/v1/tokens";

export interface YandexIamTokenRequest {
  jwt: string;
}

export interface YandexIamTokenResponse {
  iamToken: string;
  /** RFC 3339, e.g. "2026-01-01T12:00:00.123456789Z". */
  expiresAt: string;
}

/** Yandex Cloud API errors outside Foundation Models: google.rpc.Status (api-design-guide "Errors"). */
export interface YandexRpcStatus {
  code?: number;
  message?: string;
  details?: unknown[];
}
