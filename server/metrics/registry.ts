import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { getBilling } from "../billing";
import { getProviderHealth } from "../health/provider-health";
import { getStore } from "../store";
import { MemoryStore } from "../store/memory";
import { accountLoads, breakers, holdCount, ledgerCheck } from "./scrape-reads";

const SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

function create() {
  const registry = new Registry();
  // The standard names (process_cpu_seconds_total, nodejs_eventloop_lag_seconds, ...): stock Node dashboards read them.
  collectDefaultMetrics({ register: registry });
  const labels = ["endpoint", "provider", "model", "status"] as const;
  const registers = [registry];
  // Several server processes of one instance (XROUTER_WORKERS) are merged by summing, except the gauges that read
  // shared state (the store, the ledger check), a limit, or a state per process: they say how to merge.
  const metrics = {
    registry,
    requests: new Counter({ name: "xrouter_requests_total", help: "API requests by endpoint, provider, model and status", labelNames: labels, registers }),
    duration: new Histogram({
      name: "xrouter_request_duration_seconds",
      help: "Time from request to the end of the response",
      labelNames: ["endpoint", "provider"] as const,
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    overhead: new Histogram({
      name: "xrouter_gateway_overhead_seconds",
      help: "Time the gateway spent outside upstream attempts until the answer (a stream: its first token): identify, admit, plan, slot waits, retry pauses, relay",
      labelNames: ["endpoint"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    upstream: new Histogram({
      name: "xrouter_upstream_seconds",
      help: "Time of each upstream attempt until its answer (a stream: its first chunk), by outcome (ok, error)",
      labelNames: ["provider", "outcome"] as const,
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    firstToken: new Histogram({
      name: "xrouter_first_token_seconds",
      help: "Time to the first streamed token",
      labelNames: ["provider"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    }),
    tokens: new Counter({
      name: "xrouter_tokens_total",
      help: "Tokens by provider, model and direction (input, output)",
      labelNames: ["provider", "model", "direction"] as const,
      registers,
    }),
    costRub: new Counter({ name: "xrouter_cost_rub_total", help: "Charged cost in RUB", labelNames: ["provider", "model"] as const, registers }),
    chargeBacklog: new Gauge({
      name: "xrouter_charge_backlog",
      help: "Charges of answered requests not yet booked and settled in this instance",
      registers,
      collect() {
        this.set(getBilling().charges.backlog().waiting);
      },
    }),
    chargeBacklogAge: new Gauge({
      name: "xrouter_charge_backlog_oldest_seconds",
      help: "Age of the oldest charge waiting to be booked in this instance (stuck booking when it grows)",
      aggregator: "max",
      registers,
      collect() {
        this.set(getBilling().charges.backlog().oldestMs / 1000);
      },
    }),
    holds: new Gauge({
      name: "xrouter_holds",
      help: "Billing reservations held (every instance's with Redis, this instance's without)",
      aggregator: "max",
      registers,
      async collect() {
        const holds = await holdCount();
        if (holds) this.set(holds.held);
      },
    }),
    holdsExpired: new Gauge({
      name: "xrouter_holds_expired",
      help: "Reservations whose lease ran out (their instance stopped) that no sweep has ended yet",
      aggregator: "max",
      registers,
      async collect() {
        const holds = await holdCount();
        if (holds) this.set(holds.expired);
      },
    }),
    holdsExpiredAge: new Gauge({
      name: "xrouter_holds_expired_oldest_seconds",
      help: "How long ago the oldest unswept reservation's lease ran out (the sweeper runs every 10 s)",
      aggregator: "max",
      registers,
      async collect() {
        const holds = await holdCount();
        if (holds) this.set(holds.oldestExpiredMs / 1000);
      },
    }),
    ledgerProblems: new Gauge({
      name: "xrouter_ledger_check_problems",
      help: "Problems the last `xrouter ledger check` found (0 also before any ran)",
      aggregator: "max",
      registers,
      async collect() {
        this.set((await ledgerCheck())?.problems ?? 0);
      },
    }),
    ledgerCheckedAt: new Gauge({
      name: "xrouter_ledger_check_timestamp_seconds",
      help: "When the last `xrouter ledger check` ran (0: never)",
      aggregator: "max",
      registers,
      async collect() {
        this.set(((await ledgerCheck())?.at ?? 0) / 1000);
      },
    }),
    providerUp: new Gauge({
      name: "xrouter_provider_up",
      help: "1 when the provider account's last background health check (every minute) passed",
      labelNames: ["provider", "account"] as const,
      aggregator: "min",
      registers,
      collect() {
        this.reset();
        for (const h of getProviderHealth()) this.set({ provider: h.provider, account: h.accountId }, h.ok ? 1 : 0);
      },
    }),
    breakerOpen: new Gauge({
      name: "xrouter_breaker_open",
      help: "1 while this instance's circuit breaker of the account and model is open",
      labelNames: ["provider", "account", "model"] as const,
      aggregator: "max",
      registers,
      collect() {
        this.reset();
        for (const b of breakers()) this.set({ provider: b.provider, account: b.account, model: b.model }, b.open ? 1 : 0);
      },
    }),
    accountSlots: new Gauge({
      name: "xrouter_account_slots",
      help: "The provider account's concurrency limit, shared by every instance",
      labelNames: ["provider", "account"] as const,
      aggregator: "max",
      registers,
      collect() {
        this.reset();
        for (const a of accountLoads()) this.set({ provider: a.provider, account: a.account }, a.slots);
      },
    }),
    accountInFlight: new Gauge({
      name: "xrouter_account_inflight",
      help: "This instance's upstream requests holding one of the provider account's slots",
      labelNames: ["provider", "account"] as const,
      registers,
      collect() {
        this.reset();
        for (const a of accountLoads()) this.set({ provider: a.provider, account: a.account }, a.inFlight);
      },
    }),
    readiness: new Gauge({
      name: "xrouter_readiness_ok",
      help: "1 when this instance's last /api/ready found the part ready (check: overall, database, store, billing)",
      labelNames: ["check"] as const,
      aggregator: "min",
      registers,
    }),
    readinessChanges: new Counter({
      name: "xrouter_readiness_changes_total",
      help: "Times this instance's /api/ready answer turned from ready to not ready or back",
      registers,
    }),
    dependencyErrors: new Counter({
      name: "xrouter_dependency_errors_total",
      help: "API requests answered 503 because the store (Redis) or the database was unreachable",
      labelNames: ["dependency"] as const,
      registers,
    }),
    authFailures: new Counter({
      name: "xrouter_auth_failures_total",
      help: "API requests refused for a missing, unknown or unusable key or token (401)",
      registers,
    }),
    blockedRequests: new Counter({
      name: "xrouter_blocked_requests_total",
      help: "API requests refused by abuse protection, by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    cacheRequests: new Counter({
      name: "xrouter_cache_requests_total",
      help: "Cacheable API requests by what the response cache did (hit, semantic-hit, miss, bypass, refresh)",
      labelNames: ["result"] as const,
      registers,
    }),
    cacheBytes: new Gauge({
      name: "xrouter_cache_bytes",
      help: "Bytes of answers held by this instance's in-process response cache (0 with Redis)",
      registers,
      collect() {
        const store = getStore();
        // kind, not instanceof: the server bundle and Next's routes each have their own copy of the class.
        this.set(store.kind === "memory" ? (store as MemoryStore).evictable.bytes : 0);
      },
    }),
    cacheWrittenBytes: new Counter({
      name: "xrouter_cache_written_bytes_total",
      help: "Bytes of answers this instance wrote to the response cache",
      registers,
    }),
    attempts: new Counter({
      name: "xrouter_upstream_attempts_total",
      help: "Upstream attempts by account and outcome",
      labelNames: ["provider", "account", "outcome"] as const,
      registers,
    }),
  };
  // Present from the start, so that rate() and alerts see the first error.
  for (const dependency of ["store", "database"]) metrics.dependencyErrors.inc({ dependency }, 0);
  return metrics;
}

export type Metrics = ReturnType<typeof create>;

/** The process's metrics, shared by both module graphs through globalThis. */
export function getMetrics(): Metrics {
  const g = globalThis as { __xrouterMetrics?: Metrics };
  g.__xrouterMetrics ??= create();
  return g.__xrouterMetrics;
}
