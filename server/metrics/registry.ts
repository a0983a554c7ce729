import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { getBilling } from "../billing";
import { getStore } from "../store";
import { MemoryStore } from "../store/memory";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "xrouter_process_" });
  const labels = ["endpoint", "provider", "model", "status"] as const;
  return {
    registry,
    requests: new Counter({ name: "xrouter_requests_total", help: "API requests by endpoint, provider, model and status", labelNames: labels, registers: [registry] }),
    duration: new Histogram({
      name: "xrouter_request_duration_seconds",
      help: "Time from request to the end of the response",
      labelNames: ["endpoint", "provider"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    firstToken: new Histogram({
      name: "xrouter_first_token_seconds",
      help: "Time to the first streamed token",
      labelNames: ["provider"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [registry],
    }),
    tokens: new Counter({ name: "xrouter_tokens_total", help: "Tokens by direction", labelNames: ["provider", "direction"] as const, registers: [registry] }),
    costRub: new Counter({ name: "xrouter_cost_rub_total", help: "Charged cost in RUB", labelNames: ["provider"] as const, registers: [registry] }),
    chargeBacklog: new Gauge({
      name: "xrouter_charge_backlog",
      help: "Charges of answered requests not yet booked and settled in this instance",
      registers: [registry],
      collect() {
        this.set(getBilling().charges.backlog().waiting);
      },
    }),
    chargeBacklogAge: new Gauge({
      name: "xrouter_charge_backlog_oldest_seconds",
      help: "Age of the oldest charge waiting to be booked in this instance (stuck booking when it grows)",
      registers: [registry],
      collect() {
        this.set(getBilling().charges.backlog().oldestMs / 1000);
      },
    }),
    authFailures: new Counter({
      name: "xrouter_auth_failures_total",
      help: "API requests refused for a missing, unknown or unusable key or token (401)",
      registers: [registry],
    }),
    blockedRequests: new Counter({
      name: "xrouter_blocked_requests_total",
      help: "API requests refused by abuse protection, by reason",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    cacheRequests: new Counter({
      name: "xrouter_cache_requests_total",
      help: "Cacheable API requests by what the response cache did (hit, miss, bypass, refresh)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    cacheBytes: new Gauge({
      name: "xrouter_cache_bytes",
      help: "Bytes of answers held by this instance's in-process response cache (0 with Redis)",
      registers: [registry],
      collect() {
        const store = getStore();
        this.set(store instanceof MemoryStore ? store.evictable.bytes : 0);
      },
    }),
    cacheWrittenBytes: new Counter({
      name: "xrouter_cache_written_bytes_total",
      help: "Bytes of answers this instance wrote to the response cache",
      registers: [registry],
    }),
    attempts: new Counter({
      name: "xrouter_upstream_attempts_total",
      help: "Upstream attempts by account and outcome",
      labelNames: ["provider", "account", "outcome"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

/** The process's metrics, shared by both module graphs through globalThis. */
export function getMetrics(): Metrics {
  const g = globalThis as { __xrouterMetrics?: Metrics };
  g.__xrouterMetrics ??= create();
  return g.__xrouterMetrics;
}
