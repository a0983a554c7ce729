import type { ChatRequest } from "../providers/openai";
import type { ProviderId } from "../providers/types";

/**
 * OpenAI parameters each provider cannot honour (dropped by its adapter, as ../shared/providers.md maps
 * them): `provider.require_parameters` routes only to providers that honour every parameter used.
 */
const unsupported: Record<ProviderId, (keyof ChatRequest)[]> = {
  gigachat: ["stop", "presence_penalty", "frequency_penalty", "seed", "parallel_tool_calls"],
  yandex: ["top_p", "stop", "seed", "presence_penalty", "frequency_penalty"],
  mts: [],
  tbank: [],
};

export function usedParameters(req: ChatRequest): (keyof ChatRequest)[] {
  return (Object.keys(req) as (keyof ChatRequest)[]).filter((k) => req[k] !== undefined && req[k] !== null);
}

export function honoursAll(provider: ProviderId, req: ChatRequest): boolean {
  const used = new Set(usedParameters(req));
  return !unsupported[provider].some((p) => used.has(p));
}

/**
 * Providers that take a conversation id (prompt-cache affinity): GigaChat's `X-Session-ID` header. Yandex, MTS and
 * T-Bank (vLLM) document no such field, so `prompt_cache_key` / `session_id` are dropped for them.
 */
const takesSession: Record<ProviderId, boolean> = { gigachat: true, yandex: false, mts: false, tbank: false };

/**
 * The conversation-id fields of a request (set ones, by name) the provider does not receive: they still routed the
 * request, but are listed in `x-xrouter-dropped-params`.
 */
export const unforwardedSessionFields = (provider: ProviderId, fields: Record<string, unknown>): string[] =>
  takesSession[provider] ? [] : Object.keys(fields).filter((name) => fields[name] != null);
