import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkReadiness } from "../health/readiness";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { listenForMetrics } from "./serve-metrics";

// A real Prometheus (Debian's `prometheus` package) scrapes the real gateway under load every second; every panel
// of deploy/grafana/dashboards then runs through its query API, and the alert rules are loaded and evaluated.

const ROOT = path.resolve(import.meta.dirname, "../..");
const DASHBOARDS = path.join(ROOT, "deploy/grafana/dashboards");
const MODEL = "yandex/yandexgpt-lite";

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
}

/** The panels that must show data once the gateway has served JSON and streamed chats. */
const CORE: Record<string, string[]> = {
  "xrouter-overview": [
    "Requests per second by status",
    "5xx share of requests",
    "Requests per second by endpoint",
    "Refused before the gateway ran (401, abuse protection)",
    "Request duration (to the end of the response)",
    "Gateway overhead (outside upstream attempts)",
    "Upstream attempt time",
    "Time to first token (streams)",
    "Requests failed by an unreachable dependency",
    "Readiness by part (last /api/ready)",
    "CPU",
    "Event loop lag p99",
    "Memory",
  ],
  "xrouter-providers": [
    "Provider accounts up (health check)",
    "Open breakers",
    "Upstream attempts per second by outcome",
    "Upstream attempt time p95",
    "Time to first token p95",
    "Slots in use",
    "In flight and limit",
    "Requests per second by model",
    "Error share by provider",
  ],
  "xrouter-billing": [
    "RUB per hour by model",
    "Tokens per second",
    "RUB charged in the range",
    "Tokens in the range by model",
    "Charges waiting to be booked",
    "Oldest waiting charge",
    "Billing holds",
    "Oldest unswept hold",
    "Ledger check problems",
    "Since the last ledger check",
  ],
};

/** Grafana's variables as a dashboard would fill them. */
const substitute = (expr: string) =>
  expr.replaceAll("$__rate_interval", "1m").replaceAll("$__interval", "1s").replaceAll("$__range", "5m").replaceAll("$provider", ".*");

const dashboards: Dashboard[] = readdirSync(DASHBOARDS)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(path.join(DASHBOARDS, f), "utf8")) as Dashboard);

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let api: TestApi;
let metricsServer: Server;
let prometheus: ChildProcess | undefined;
let prometheusUrl: string;
let client: OpenAI;
const work = mkdtempSync(path.join(tmpdir(), "xrouter-prometheus-"));

async function chat(stream: boolean, content: string) {
  if (!stream) return client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content }] });
  for await (const chunk of await client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content }], stream: true })) void chunk;
}

/** The real `xrouter ledger check` on the test database: it records its outcome for every instance's /metrics. */
function ledgerCheck(): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/xrouter.mjs", "ledger", "check"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: inject("testDatabaseUrl"), LOG_LEVEL: "silent" },
      stdio: "ignore",
    });
    child.on("close", resolve);
  });
}

interface QueryAnswer {
  status: string;
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function query(expr: string): Promise<QueryAnswer> {
  const res = await fetch(`${prometheusUrl}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query: expr }) });
  return (await res.json()) as QueryAnswer;
}

/** Waits until Prometheus has scraped the gateway `samples` times. */
async function scraped(samples: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const answer = await query(`count_over_time(up{job="xrouter"}[1m])`);
    if (Number(answer.data?.result[0]?.value[1] ?? 0) >= samples) return;
    await sleep(200);
  }
  throw new Error(`Prometheus did not scrape the gateway ${samples} times`);
}

beforeAll(async () => {
  api = await startTestApi();
  const { key } = await createTestKey();
  client = new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
  metricsServer = await listenForMetrics(0, undefined);
  expect(await ledgerCheck()).toBe(0);
  await checkReadiness();
  await Promise.all([chat(false, "metrics, json"), chat(true, "metrics, stream")]);

  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  const config = path.join(work, "prometheus.yml");
  writeFileSync(
    config,
    [
      "global: { scrape_interval: 1s, evaluation_interval: 1s }",
      `rule_files: [${JSON.stringify(path.join(ROOT, "deploy/prometheus/xrouter-alerts.yml"))}]`,
      "scrape_configs:",
      "  - job_name: xrouter",
      `    static_configs: [{ targets: ["127.0.0.1:${(metricsServer.address() as AddressInfo).port}"] }]`,
      "",
    ].join("\n"),
  );
  prometheus = spawn(
    "prometheus",
    [`--config.file=${config}`, `--storage.tsdb.path=${path.join(work, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=error"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    prometheus!.once("error", (err) => reject(new Error(`prometheus could not start (apt-get install prometheus): ${err.message}`)));
    prometheus!.once("spawn", resolve);
  });
  for (let ready = false; !ready; ) {
    ready = await fetch(`${prometheusUrl}/-/ready`).then((r) => r.ok, () => false);
    if (!ready) await sleep(100);
  }
  // Traffic while it scrapes, so that rates see requests between two samples.
  for (let i = 0; i < 3; i++) {
    await scraped(i + 2);
    await Promise.all([chat(false, `json ${i}`), chat(true, `stream ${i}`)]);
  }
  await scraped(6);
}, 60_000);

afterAll(async () => {
  if (prometheus?.pid && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
    process.kill(prometheus.pid, "SIGTERM");
    await exited;
  }
  await new Promise((resolve) => metricsServer?.close(resolve));
  await api?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("a real Prometheus scraping the gateway", () => {
  it("runs every panel's query of every dashboard without an error, and the core panels show data", async () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual(Object.keys(CORE).sort());
    const failures: string[] = [];
    const empty: string[] = [];
    for (const dashboard of dashboards) {
      const panels = dashboard.panels.filter((p) => p.type !== "row");
      for (const title of CORE[dashboard.uid]!) expect(panels.map((p) => p.title), dashboard.uid).toContain(title);
      for (const panel of panels) {
        expect(panel.targets?.length, `${dashboard.uid} / ${panel.title} has a query`).toBeGreaterThan(0);
        let rows = 0;
        for (const { expr } of panel.targets!) {
          const answer = await query(substitute(expr));
          if (answer.status !== "success") failures.push(`${dashboard.uid} / ${panel.title}: ${answer.error}`);
          rows += answer.data?.result.length ?? 0;
        }
        if (rows === 0 && CORE[dashboard.uid]!.includes(panel.title)) empty.push(`${dashboard.uid} / ${panel.title}`);
      }
    }
    expect(failures).toEqual([]);
    expect(empty).toEqual([]);
  });

  it("scrapes what the gateway did: requests, tokens, rubles, accounts, breakers, holds and the ledger check", async () => {
    const value = async (expr: string) => Number((await query(expr)).data?.result[0]?.value[1]);
    expect(await value(`sum(xrouter_requests_total{endpoint="chat.completions",model="${MODEL}",status="200"})`)).toBeGreaterThanOrEqual(8);
    expect(await value(`sum(xrouter_tokens_total{model="${MODEL}",direction="output"})`)).toBeGreaterThan(0);
    expect(await value(`sum(xrouter_cost_rub_total{model="${MODEL}"})`)).toBeGreaterThan(0);
    expect(await value(`sum(xrouter_gateway_overhead_seconds_count{endpoint="chat.completions"})`)).toBeGreaterThanOrEqual(8);
    expect(await value(`sum(xrouter_upstream_seconds_count{provider="yandex",outcome="ok"})`)).toBeGreaterThanOrEqual(8);
    expect(await value(`sum(xrouter_first_token_seconds_count{provider="yandex"})`)).toBeGreaterThanOrEqual(4);
    expect(await value(`xrouter_provider_up{account="demo:yandex"}`)).toBe(1);
    expect(await value(`xrouter_account_slots{account="demo:yandex"}`)).toBe(10);
    expect(await value(`xrouter_account_inflight{account="demo:yandex"}`)).toBe(0);
    expect(await value(`xrouter_breaker_open{account="demo:yandex",model="${MODEL}"}`)).toBe(0);
    expect(await value(`xrouter_holds`)).toBe(0);
    expect(await value(`xrouter_readiness_ok{check="overall"}`)).toBe(1);
    expect(await value(`time() - xrouter_ledger_check_timestamp_seconds`)).toBeLessThan(120);
  });

  it("exports Node's process metrics under their standard names, and no label names a user, key or client", async () => {
    const names = (await (await fetch(`${prometheusUrl}/api/v1/label/__name__/values`)).json()) as { data: string[] };
    for (const standard of [
      "process_cpu_user_seconds_total",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "process_start_time_seconds",
      "nodejs_eventloop_lag_seconds",
      "nodejs_eventloop_lag_p99_seconds",
      "nodejs_heap_size_used_bytes",
    ])
      expect(names.data).toContain(standard);
    expect(names.data.filter((n) => /process_process|xrouter_process|xrouter_nodejs/.test(n))).toEqual([]);
    const labels = (await (await fetch(`${prometheusUrl}/api/v1/labels`)).json()) as { data: string[] };
    expect(labels.data.filter((l) => /user|key|email|token|client|session|ip$|request_id/i.test(l))).toEqual([]);
  });

  it("loads the alert rules and evaluates each on the gateway's series without an error", async () => {
    type Rule = { name: string; health: string; lastError?: string };
    let rules: Rule[] = [];
    for (let i = 0; i < 50; i++) {
      const answer = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as { data: { groups: { rules: Rule[] }[] } };
      rules = answer.data.groups.flatMap((g) => g.rules);
      if (rules.length > 0 && rules.every((r) => r.health !== "unknown")) break;
      await sleep(200);
    }
    expect(rules.length).toBe(11);
    expect(rules.filter((r) => r.health !== "ok").map((r) => `${r.name}: ${r.health} ${r.lastError ?? ""}`)).toEqual([]);
    const firing = (await query("ALERTS")).data?.result.map((r) => r.metric.alertname);
    expect(firing).toEqual([]);
  });
});
