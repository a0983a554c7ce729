import type { ChatRequest } from "../providers/openai";
import { findProvider } from "../providers/lookup";

export function usedParameters(req: ChatRequest): (keyof ChatRequest)[] {
  return (Object.keys(req) as (keyof ChatRequest)[]).filter((k) => req[k] !== undefined && req[k] !== null);
}

/**
 * Whether the provider honours every parameter the request uses (its descriptor lists what its adapter drops):
 * `provider.require_parameters` routes only to providers that do. An unregistered provider honours nothing.
 */
export function honoursAll(provider: string, req: ChatRequest): boolean {
  const dropped = findProvider(provider)?.parameters.dropped;
  if (!dropped) return false;
  const used = new Set(usedParameters(req));
  return !dropped.some((p) => used.has(p));
}

/**
 * The conversation-id fields of a request (set ones, by name) the provider does not receive, having no session
 * header in its descriptor (GigaChat's `X-Session-ID` is the one): they still routed the request, but are listed in
 * `x-xrouter-dropped-params`.
 */
export const unforwardedSessionFields = (provider: string, fields: Record<string, unknown>): string[] =>
  findProvider(provider)?.parameters.sessionHeader ? [] : Object.keys(fields).filter((name) => fields[name] != null);
