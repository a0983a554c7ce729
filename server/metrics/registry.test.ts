import type { Histogram } from "prom-client";
import { describe, expect, it } from "vitest";
import { observeApiError, observeRequest } from "./observe-request";
import { observeReadiness } from "./observe-readiness";
import { getMetrics } from "./registry";

/** A finished request as the recorder hands it over. */
const row = (endpoint: string, extra: Partial<Parameters<typeof observeRequest>[0]>) =>
  observeRequest({ id: crypto.randomUUID(), userId: "u", endpoint, model: "yandex/yandexgpt-lite", provider: "yandex", status: 200, latencyMs: 0, ...extra });

const attempt = (status: number, latencyMs: number) => ({ account: "demo:yandex", provider: "yandex", model: "yandex/yandexgpt-lite", status, latencyMs });

async function observed(histogram: Histogram<string>, labels: Record<string, string>) {
  const values = (await histogram.get()).values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return {
    count: values.find((v) => v.metricName?.endsWith("_count"))?.value ?? 0,
    sum: values.find((v) => v.metricName?.endsWith("_sum"))?.value ?? 0,
  };
}

describe("the metrics registry", () => {
  it("exports Node's process metrics under their standard names, and its own under xrouter_", async () => {
    const text = await getMetrics().registry.metrics();
    for (const name of ["process_cpu_user_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes"])
      expect(text).toMatch(new RegExp(`^${name} `, "m"));
    const names = getMetrics().registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name);
    expect(names.filter((n) => !/^(xrouter_|process_|nodejs_)/.test(n) || /process_process|xrouter_process/.test(n))).toEqual([]);
  });

  it("has no label that names a user, a key or a client (unbounded, and not the operators' business)", () => {
    const labelNames = getMetrics()
      .registry.getMetricsAsArray()
      .flatMap((m) => (m as unknown as { labelNames: string[] }).labelNames);
    expect(labelNames.length).toBeGreaterThan(10);
    expect(labelNames.filter((l) => /user|key|email|token|client|session|ip$|request/i.test(l))).toEqual([]);
  });

  it("splits a request's time into the upstream attempts' and the gateway's own until the answer", async () => {
    const { overhead, upstream } = getMetrics();
    const before = await observed(upstream, { provider: "yandex", outcome: "error" });
    // JSON: 900 ms in all, a failed attempt of 300 ms and a good one of 500 ms: 100 ms of the gateway's own.
    const json = `test-json-${crypto.randomUUID()}`;
    row(json, { latencyMs: 900, attempts: [attempt(502, 300), attempt(200, 500)] });
    expect(await observed(overhead, { endpoint: json })).toEqual({ count: 1, sum: 0.1 });
    expect(await observed(upstream, { provider: "yandex", outcome: "error" })).toEqual({ count: before.count + 1, sum: before.sum + 0.3 });
    // A stream: until its first token (250 ms), not its end; the attempt ended at the upstream's first chunk.
    const stream = `test-stream-${crypto.randomUUID()}`;
    row(stream, { stream: true, latencyMs: 5_000, firstTokenMs: 250, attempts: [attempt(200, 200)] });
    expect(await observed(overhead, { endpoint: stream })).toEqual({ count: 1, sum: 0.05 });
    // A cache hit calls no upstream: all of it is the gateway's.
    const hit = `test-hit-${crypto.randomUUID()}`;
    row(hit, { latencyMs: 3, attempts: [] });
    expect(await observed(overhead, { endpoint: hit })).toEqual({ count: 1, sum: 0.003 });
  });

  it("counts tokens and rubles by provider and model", async () => {
    const model = `test/model-${crypto.randomUUID()}`;
    row("chat.completions", { model, promptTokens: 12, completionTokens: 30, costMicro: 1_500_000 });
    const text = await getMetrics().registry.metrics();
    expect(text).toContain(`xrouter_tokens_total{provider="yandex",model="${model}",direction="input"} 12`);
    expect(text).toContain(`xrouter_tokens_total{provider="yandex",model="${model}",direction="output"} 30`);
    expect(text).toContain(`xrouter_cost_rub_total{provider="yandex",model="${model}"} 1.5`);
  });

  it("counts requests failed by an unreachable store or database, from the first scrape on", async () => {
    const count = async (dependency: string) =>
      (await getMetrics().dependencyErrors.get()).values.find((v) => v.labels.dependency === dependency)?.value;
    const [store, database] = [await count("store"), await count("database")];
    expect(store).toBeGreaterThanOrEqual(0);
    expect(database).toBeGreaterThanOrEqual(0);
    observeApiError("store_unavailable");
    observeApiError("database_unavailable");
    observeApiError("database_unavailable");
    observeApiError("upstream_502");
    observeApiError(null);
    expect(await count("store")).toBe(store! + 1);
    expect(await count("database")).toBe(database! + 2);
  });

  it("records readiness by part and counts each change of the answer", async () => {
    const { readiness, readinessChanges } = getMetrics();
    const changes = async () => (await readinessChanges.get()).values[0]!.value;
    const part = async (check: string) => (await readiness.get()).values.find((v) => v.labels.check === check)?.value;
    const ok = { database: { ok: true }, store: { ok: true }, billing: { ok: true } };
    observeReadiness({ ready: true, checks: ok });
    const start = await changes();
    observeReadiness({ ready: true, checks: ok });
    observeReadiness({ ready: false, checks: { ...ok, store: { ok: false } } });
    expect(await part("overall")).toBe(0);
    expect(await part("store")).toBe(0);
    expect(await part("database")).toBe(1);
    observeReadiness({ ready: true, checks: ok });
    expect(await changes()).toBe(start + 2);
    expect(await part("overall")).toBe(1);
  });
});
