import { Agent, type Dispatcher, request } from "undici";
import { UpstreamError } from "./errors";

/**
 * Upstream HTTP with keep-alive pools per origin (undici's Agent keeps one Pool per origin).
 * The global fetch costs about four times the CPU per request on the hot path.
 */
function agent(): Agent {
  const g = globalThis as { __xrouterUpstreamAgent?: Agent };
  g.__xrouterUpstreamAgent ??= new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  return g.__xrouterUpstreamAgent;
}

export interface UpstreamRequest {
  method?: "GET" | "POST" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** A dispatcher with a custom CA (GigaChat's Russian Trusted Root CA), else the shared agent. */
  dispatcher?: Dispatcher;
  /** Milliseconds to wait for response headers. */
  headersTimeoutMs?: number;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/** Sends a request; a connection failure becomes a retryable 502 UpstreamError. */
export async function upstreamRequest(url: string, init: UpstreamRequest = {}): Promise<UpstreamResponse> {
  try {
    return await request(url, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      dispatcher: init.dispatcher ?? agent(),
      headersTimeout: init.headersTimeoutMs ?? 10_000,
      bodyTimeout: 120_000,
    });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const timedOut = err instanceof Error && /timeout/i.test(err.name + err.message);
    throw new UpstreamError(timedOut ? 504 : 502, `upstream unreachable: ${message}`, { retryable: true });
  }
}

/** Reads a JSON body; an invalid body becomes a 502 UpstreamError. */
export async function readJson<T>(res: UpstreamResponse): Promise<T> {
  const text = await res.body.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UpstreamError(502, `upstream returned invalid JSON (HTTP ${res.statusCode})`);
  }
}

export function retryAfterSeconds(res: UpstreamResponse): number | undefined {
  const raw = res.headers["retry-after"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}
