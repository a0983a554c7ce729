/**
 * What OpenAI-compatible upstreams (vLLM, LiteLLM in front of MWS GPT, Cloud.ru) actually send back.
 * Every field is optional: servers differ, and the normalisers fill the gaps.
 */
export interface WireToolCall {
  index?: number;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | Record<string, unknown> | null } | null;
}

export interface WireMessage {
  role?: string | null;
  content?: string | null;
  /** Older vLLM (`--reasoning-parser`) and most OpenAI-compatible hosts. */
  reasoning_content?: string | null;
  /** Newer vLLM renamed the field to `reasoning`. */
  reasoning?: string | null;
  tool_calls?: WireToolCall[] | null;
}

export interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

export interface WireErrorDetail {
  message?: string | null;
  type?: string | null;
  param?: string | null;
  /** OpenAI sends a string; vLLM and LiteLLM send the HTTP status (number or numeric string). */
  code?: string | number | null;
}

/** Either OpenAI's `{error:{...}}`, vLLM's flat `{object:"error",message,type,code}`, or `{error:"text"}`. */
export interface WireErrorBody extends WireErrorDetail {
  object?: string;
  error?: WireErrorDetail | string | null;
  detail?: unknown;
}

export interface WireCompletion {
  id?: string;
  created?: number;
  model?: string;
  choices?: { index?: number; message?: WireMessage | null; finish_reason?: string | null }[] | null;
  usage?: WireUsage | null;
  system_fingerprint?: string | null;
}

export interface WireChunk {
  id?: string;
  created?: number;
  model?: string;
  choices?: { index?: number; delta?: WireMessage | null; finish_reason?: string | null }[] | null;
  usage?: WireUsage | null;
  /** vLLM reports a failure after the headers as a data event carrying an error. */
  error?: WireErrorDetail | string | null;
}

export interface WireEmbeddings {
  data?: { index?: number; embedding?: number[] }[];
  usage?: WireUsage | null;
}
