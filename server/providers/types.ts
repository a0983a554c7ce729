import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from "./openai";

/** A provider descriptor's id (registry.ts lists them): `gigachat`, `yandex`, `mts`, `tbank`. */
export type ProviderId = string;

export interface ModelPricing {
  /** RUB per 1M tokens, VAT included. */
  inputRubPer1M: number;
  outputRubPer1M: number;
  cachedInputRubPer1M: number;
  /** "confirmed" when the provider reference confirms the price, else a configurable estimate. */
  status: "confirmed" | "estimate";
}

export interface ModelInfo {
  /** Public id, `<provider>/<model>`. */
  id: string;
  provider: ProviderId;
  /** The model name the upstream API expects (before any per-account expansion such as Yandex's modelUri). */
  upstreamModel: string;
  name: string;
  kind: "chat" | "embedding";
  contextLength: number;
  pricing: ModelPricing;
  /** `vision`: takes image parts in user messages (absent means no). */
  features: { tools: boolean; json: boolean; streaming: boolean; embeddings: boolean; vision?: boolean };
}

export interface CallContext {
  requestId: string;
  signal: AbortSignal;
  /** The conversation's affinity key (a hash of user and session id): providers with a session header send it. */
  session?: string;
}

/** A chat request already validated, with `model` set to the upstream model name. */
export type UpstreamChatRequest = ChatRequest;

export interface ChatResult {
  completion: ChatCompletion;
  /** OpenAI parameters the provider cannot honour and that were left out. */
  dropped: string[];
}

export interface ChatStreamResult {
  dropped: string[];
  /** OpenAI chunks; the last one carries `usage` when the upstream reported it. */
  chunks: AsyncIterable<ChatCompletionChunk>;
}

export interface EmbeddingsResult {
  vectors: number[][];
  promptTokens: number;
}

export interface HealthResult {
  ok: boolean;
  latencyMs: number;
  message?: string;
}

/**
 * One adapter per provider. The gateway only talks to this interface: provider names never
 * appear in server/gateway. A rejected promise before the first chunk is a retryable point.
 */
export interface Provider {
  readonly id: ProviderId;
  models(): ModelInfo[];
  chat(req: UpstreamChatRequest, ctx: CallContext): Promise<ChatResult>;
  /** Resolves once the upstream accepted the request (status and headers received). */
  chatStream(req: UpstreamChatRequest, ctx: CallContext): Promise<ChatStreamResult>;
  embeddings(model: string, input: string[], ctx: CallContext): Promise<EmbeddingsResult>;
  health(ctx: CallContext): Promise<HealthResult>;
  /**
   * The request's input tokens by the provider's own counter (free: nothing is generated), or undefined when
   * `req.model` has none. Absent on providers without a counter; the gateway estimates then.
   */
  countTokens?(req: UpstreamChatRequest, ctx: CallContext): Promise<number | undefined>;
  /**
   * Tokens of a plain text (what a cut stream delivered) by the model's own tokenizer, or undefined when `model` has
   * none. Absent on providers without a tokenizer; a cut stream is billed by the estimate then.
   */
  countText?(model: string, text: string, ctx: CallContext): Promise<number | undefined>;
  /** Deferred generation at the provider's async price (Yandex's completionAsync): absent on providers without one. */
  chatAsync?: AsyncChat;
}

/** An async operation's state: still running, answered, or failed with the upstream's status and text. */
export type AsyncOutcome = { done: false } | { done: true; completion: ChatCompletion } | { done: true; error: { status: number; message: string } };

export interface AsyncChat {
  /** Whether `model` (an upstream name) can be served in async mode. */
  supports(model: string): boolean;
  /** Starts the generation; resolves with the operation's id once the upstream accepted it. */
  submit(req: UpstreamChatRequest, ctx: CallContext): Promise<string>;
  poll(operationId: string, model: string, ctx: CallContext): Promise<AsyncOutcome>;
}
