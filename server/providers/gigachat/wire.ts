/** GigaChat v1 wire shapes (providers.md §1.5-1.9). Extra keys the server may add are optional. */

export type GigaChatRole = "system" | "user" | "assistant" | "function";

export interface GigaChatFunctionCall {
  name: string;
  /** A JSON object, not a string (unlike OpenAI). */
  arguments: Record<string, unknown>;
}

export interface GigaChatMessage {
  role: GigaChatRole;
  content: string;
  name?: string;
  function_call?: GigaChatFunctionCall;
  functions_state_id?: string;
  attachments?: string[];
}

export interface GigaChatFunction {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface GigaChatRequest {
  model: string;
  messages: GigaChatMessage[];
  temperature?: number;
  top_p?: number;
  n?: number;
  stream?: boolean;
  max_tokens?: number;
  update_interval?: number;
  functions?: GigaChatFunction[];
  function_call?: "auto" | "none" | { name: string };
  response_format?: { type: "json_schema"; schema: Record<string, unknown>; strict?: boolean };
  reasoning_effort?: "low" | "medium" | "high";
}

export type GigaChatFinishReason = "stop" | "length" | "function_call" | "blacklist" | "error";

export interface GigaChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  precached_prompt_tokens?: number;
}

export interface GigaChatResponseMessage {
  role: "assistant";
  content: string;
  function_call?: GigaChatFunctionCall;
  functions_state_id?: string;
  reasoning_content?: string;
}

export interface GigaChatResponse {
  choices: { message: GigaChatResponseMessage; index: number; finish_reason: GigaChatFinishReason }[];
  created: number;
  /** With a version suffix, e.g. `GigaChat-2-Max:2.0.28.2`. */
  model: string;
  /** "chat.completion" (one 2026 cassette had "chat.completions"); never validated. */
  object: string;
  usage: GigaChatUsage;
}

export interface GigaChatChunk {
  choices: {
    delta: Partial<GigaChatResponseMessage>;
    index: number;
    finish_reason?: GigaChatFinishReason;
  }[];
  created: number;
  model: string;
  object: string;
  /** Only on the final chunk. */
  usage?: GigaChatUsage;
}

export interface GigaChatEmbeddingsResponse {
  object: "list";
  model: string;
  data: { object: "embedding"; index: number; embedding: number[]; usage?: { prompt_tokens: number } }[];
}

/** `POST /tokens/count` (providers.md §1.8): one entry per input string, answered as a bare array. */
export interface GigaChatTokenCountRequest {
  model: string;
  input: string[];
}

export interface GigaChatTokenCount {
  object: "tokens";
  tokens: number;
  characters: number;
}

/** `POST /files`'s answer (providers.md §1.4). */
export interface GigaChatFile {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  access_policy?: string;
}

/** API error body; OAuth errors use {code, message} instead. */
export interface GigaChatApiError {
  status?: number;
  message?: string;
}

export interface GigaChatOAuthError {
  code?: number;
  message?: string;
}

export interface GigaChatTokenResponse {
  access_token?: string;
  /** Unix time in milliseconds. */
  expires_at?: number;
  /** Legacy `/token` field names some servers still return. */
  tok?: string;
  exp?: number;
}
