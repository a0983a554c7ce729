import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { Agent, buildConnector, type Dispatcher } from "undici";
import { EgressRefusedError, guardedLookup, refusedAddress, type EgressPolicy } from "../net/egress-guard";
import { UpstreamError } from "../core/upstream-error";

const AGENT_OPTIONS = { keepAliveTimeout: 30_000, connections: 128 };

/**
 * Upstream HTTP with keep-alive pools per origin (undici's Agent keeps one Pool per origin).
 * The global fetch costs about four times the CPU per request on the hot path.
 */
function agent(): Agent {
  const g = globalThis as { __xrouterUpstreamAgent?: Agent };
  g.__xrouterUpstreamAgent ??= new Agent(AGENT_OPTIONS);
  return g.__xrouterUpstreamAgent;
}

/** How an adapter reaches its upstream beyond the defaults. */
export interface UpstreamTransport {
  /** PEM certificates to trust besides the system's (GigaChat's Russian Trusted Root CA). */
  ca?: string;
  /** Set for addresses an admin typed: every connection is checked against it (see net/egress-guard). */
  egress?: EgressPolicy;
}

/** A connector that refuses literal IPs the policy refuses and resolves names through the guarded lookup. */
function guardedConnector(policy: EgressPolicy, tls: { ca?: string }): buildConnector.connector {
  const connect = buildConnector({ ...tls, lookup: guardedLookup(policy) });
  return (options, callback) => {
    const host = options.hostname.replace(/^\[(.*)\]$/, "$1");
    const reason = isIP(host) ? refusedAddress(host, policy) : undefined;
    if (reason) return callback(new EgressRefusedError(host, host, reason), null);
    return connect(options, callback);
  };
}

/**
 * The dispatcher for a transport: the shared agent, or one agent per CA bundle and policy, shared by every account
 * that uses them (accounts are rebuilt on every reload; their connections are not).
 */
export function upstreamAgent({ ca, egress }: UpstreamTransport = {}): Dispatcher {
  if (!ca && !egress) return agent();
  const key = `${egress ? `guarded:${egress.allowPrivate}` : "open"}:${ca ? createHash("sha256").update(ca).digest("hex") : ""}`;
  const g = globalThis as { __xrouterUpstreamAgents?: Map<string, Agent> };
  g.__xrouterUpstreamAgents ??= new Map();
  let found = g.__xrouterUpstreamAgents.get(key);
  if (!found) {
    const tls = ca ? { ca } : {};
    found = new Agent({ ...AGENT_OPTIONS, connect: egress ? guardedConnector(egress, tls) : tls });
    g.__xrouterUpstreamAgents.set(key, found);
  }
  return found;
}

export interface UpstreamRequest {
  method?: "GET" | "POST" | "DELETE";
  headers?: Record<string, string>;
  /** JSON or form text; bytes for a multipart upload. */
  body?: string | Buffer;
  signal?: AbortSignal;
  /** From upstreamAgent (a custom CA, the egress guard), else the shared agent. */
  dispatcher?: Dispatcher;
  /** Milliseconds to wait for response headers. */
  headersTimeoutMs?: number;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/** An upstream address as the dispatcher takes it; an account calls the same few addresses again and again. */
interface Target {
  origin: string;
  path: string;
}
const MAX_TARGETS = 1_000;
const targets = new Map<string, Target>();

function target(url: string): Target {
  let found = targets.get(url);
  if (!found) {
    const parsed = new URL(url);
    found = { origin: parsed.origin, path: parsed.pathname + parsed.search };
    if (targets.size >= MAX_TARGETS) targets.clear();
    targets.set(url, found);
  }
  return found;
}

/** Sends a request; a connection failure becomes a retryable 502 UpstreamError. */
export async function upstreamRequest(url: string, init: UpstreamRequest = {}): Promise<UpstreamResponse> {
  try {
    const { origin, path } = target(url);
    return await (init.dispatcher ?? agent()).request({
      origin,
      path,
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.headers,
      body: init.body,
      signal: init.signal,
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
