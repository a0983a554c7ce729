/**
 * `npm run bench`: the gateway's overhead on loopback, measured against the same upstream called directly.
 *
 * Three processes: this one (the load generator), the gateway (bench/gateway-process.ts: the production
 * node:http door with auth, rpm limit, metering to Postgres + Redis) and the upstream (bench/emulator-process.ts:
 * the OpenAI-compatible emulator). Each step runs the same open-loop, fixed-rate schedule straight at the
 * emulator and then through the gateway; latency counts from the scheduled send time. The markdown table is
 * printed and written to bench/results.md.
 *
 * Environment: BENCH_SECONDS (per measured step, default 10: 5,000 samples at 500 req/s, so one stall does not decide the p99), BENCH_PG_URL (admin URL, default
 * postgres://postgres@127.0.0.1:5432/postgres; PGlite in a temp folder when unreachable), BENCH_REDIS_URL
 * (default redis://127.0.0.1:6379; in-process store when unreachable), BENCH_LOG_LEVEL (gateway, default warn),
 * BENCH_CPU_PROF=1 (write a V8 CPU profile of the gateway to bench/.profiles/), BENCH_STRICT=1 (exit 1 when
 * the target is missed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { format, resolveConfig } from "prettier";
import { type Child, killChildren, startChild } from "./children";
import { closedLoop, createTarget, type OpenLoopResult, openLoop, sendOne, type Target } from "./load";
import { BENCH_MODEL, BENCH_UPSTREAM_MODEL } from "./protocol";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const STEP_MS = SECONDS * 1000;
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const MAX_CONCURRENCY = 64;
const TARGET_P50_MS = 2;
const TARGET_P99_MS = 10;
const benchDir = path.dirname(fileURLToPath(import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

// ---------------------------------------------------------------- infrastructure

interface Database {
  kind: "postgres" | "pglite";
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function createDatabase(): Promise<Database> {
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 });
  try {
    await admin.connect();
  } catch (err) {
    log(`Postgres unreachable at ${PG_URL} (${err instanceof Error ? err.message : String(err)}); using PGlite`);
    await admin.end().catch(() => {});
    const dir = mkdtempSync(path.join(tmpdir(), "xrouter-bench-"));
    return {
      kind: "pglite",
      env: { DATABASE_URL: "", XROUTER_DATA_DIR: dir },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `xrouter_bench_${Date.now()}_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(tmpdir(), "xrouter-bench-"));
  return {
    kind: "postgres",
    env: { DATABASE_URL: url.toString(), XROUTER_DATA_DIR: dir },
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
      const cleanup = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

// ---------------------------------------------------------------- measurement

/** Busy CPU time of the whole machine so far, µs (Linux /proc/stat; NaN elsewhere). */
function machineBusyMicros(): number {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return ((total - idle) * 1_000_000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** Cores used by processes other than the benchmark's three (Postgres and Redis included) over a step. */
async function otherLoad<T>(ctx: Context, run: () => Promise<T>): Promise<[T, number]> {
  const ours = async () =>
    (await ctx.gatewayChild.cpuMicros()) +
    (await ctx.emulatorChild.cpuMicros()) +
    process.cpuUsage().user +
    process.cpuUsage().system;
  const machine0 = machineBusyMicros();
  const ours0 = await ours();
  const t0 = performance.now();
  const result = await run();
  const elapsedMicros = (performance.now() - t0) * 1000;
  const others = (machineBusyMicros() - machine0 - ((await ours()) - ours0)) / elapsedMicros;
  return [result, Math.max(0, others)];
}

interface Pair {
  /** Cores busy with other processes (incl. Postgres, Redis) during the gateway run. */
  otherCores: number;
  direct: OpenLoopResult;
  gateway: OpenLoopResult;
  /** Gateway CPU µs per request during its run. */
  gatewayCpuPerReq: number;
  /** Emulator CPU µs per request during the direct run (the upstream's own cost, for scale). */
  upstreamCpuPerReq: number;
}

interface Context {
  direct: Target;
  gateway: Target;
  gatewayChild: Child;
  emulatorChild: Child;
}

async function cpuPerRequest<T>(child: Child, requests: (r: T) => number, run: () => Promise<T>): Promise<[T, number]> {
  const before = await child.cpuMicros();
  const result = await run();
  const after = await child.cpuMicros();
  return [result, (after - before) / Math.max(1, requests(result))];
}

async function pair(ctx: Context, label: string, rate: number, stream: boolean): Promise<Pair> {
  log(`${label}: direct…`);
  const [direct, upstreamCpuPerReq] = await cpuPerRequest(
    ctx.emulatorChild,
    (r) => r.sent,
    () => openLoop(ctx.direct, rate, STEP_MS, stream),
  );
  await sleep(300);
  log(`${label}: through the gateway…`);
  const [[gateway, gatewayCpuPerReq], otherCores] = await otherLoad(ctx, () =>
    cpuPerRequest(
      ctx.gatewayChild,
      (r) => r.sent,
      () => openLoop(ctx.gateway, rate, STEP_MS, stream),
    ),
  );
  await sleep(300);
  const show = (r: OpenLoopResult) =>
    `p50 ${r.latency.p50.toFixed(2)} p99 ${r.latency.p99.toFixed(2)} ms (first byte p50 ${r.firstByte.p50.toFixed(2)}), ` +
    `${r.errors} errors, send lag p99 ${r.sendLag.p99.toFixed(2)} ms`;
  log(`  direct  ${show(direct)}`);
  log(
    `  gateway ${show(gateway)}, ${gatewayCpuPerReq.toFixed(0)} µs CPU/req; other processes ${otherCores.toFixed(2)} cores`,
  );
  return { direct, gateway, gatewayCpuPerReq, upstreamCpuPerReq, otherCores };
}

async function sanityCheck(target: Target, expectModel: string): Promise<void> {
  const res = await target.pool.request({
    method: "POST",
    path: target.path,
    headers: target.headers,
    body: target.jsonBody,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${target.name}${target.path} answered HTTP ${res.statusCode}: ${text}`);
  const body = JSON.parse(text) as { model?: string; choices?: { message?: { content?: string } }[] };
  const content = body.choices?.[0]?.message?.content ?? "";
  if (body.model !== expectModel || !content.startsWith("Echo:"))
    throw new Error(`${target.name}${target.path} answered an unexpected body: ${text}`);
  const stream = await sendOne(target, true);
  if (!stream.ok) throw new Error(`${target.name}${target.path} stream failed: ${stream.error}`);
}

async function warmUp(ctx: Context): Promise<void> {
  log("warming up (JIT, connections, caches)…");
  for (const target of [ctx.direct, ctx.gateway]) {
    await closedLoop(target, 16, 1_500);
    await closedLoop(target, 16, 500, true);
    await openLoop(target, 500, 1_000, false);
  }
  await sleep(500);
}

// ---------------------------------------------------------------- report

const ms = (v: number) => `${v.toFixed(2)} ms`;
const plus = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(2)} ms`;
const int = (v: number) => Math.round(v).toLocaleString("en-US");

interface Report {
  json100: Pair;
  json500: Pair;
  stream100: Pair;
  stream500: Pair;
  maxDirect: Awaited<ReturnType<typeof closedLoop>>;
  maxGateway: Awaited<ReturnType<typeof closedLoop>>;
  maxGatewayCpuPerReq: number;
}

function render(r: Report, env: string[]): { markdown: string; passed: boolean } {
  const row = (load: string, metric: string, d: number, g: number, note = "") =>
    `| ${load} | ${metric} | ${ms(d)} | ${ms(g)} | **${plus(g - d)}**${note} |`;
  const check = (ok: boolean) => (ok ? " ✅" : " ❌");
  const o50 = r.json500.gateway.latency.p50 - r.json500.direct.latency.p50;
  const o99 = r.json500.gateway.latency.p99 - r.json500.direct.latency.p99;
  const pairs = [r.json100, r.json500, r.stream100, r.stream500];
  const directErrors = pairs.reduce((n, p) => n + p.direct.errors, 0) + r.maxDirect.errors;
  const gatewayErrors = pairs.reduce((n, p) => n + p.gateway.errors, 0) + r.maxGateway.errors;
  const err500 = r.json500.gateway.errors;
  const passed = o50 < TARGET_P50_MS && o99 < TARGET_P99_MS && err500 === 0 && gatewayErrors === 0;
  const lagP99 = Math.max(...pairs.flatMap((p) => [p.direct.sendLag.p99, p.gateway.sendLag.p99]));
  const others = Math.max(...pairs.map((p) => p.otherCores));
  const busyNote =
    others > 0.3
      ? ` Other processes on the machine (Postgres and Redis included) used up to ${others.toFixed(2)} cores during a gateway step, ` +
        "so these numbers are pessimistic; rerun on an idle machine."
      : ` Other processes (Postgres and Redis included) used at most ${others.toFixed(2)} cores during the gateway steps.`;

  const lines = [
    "| load (open loop, fixed rate) | metric | direct to the emulator | through XRouter | overhead |",
    "|---|---|---|---|---|",
    row("JSON, 100 req/s", "latency p50", r.json100.direct.latency.p50, r.json100.gateway.latency.p50),
    row("JSON, 100 req/s", "latency p99", r.json100.direct.latency.p99, r.json100.gateway.latency.p99),
    row(
      "JSON, 500 req/s",
      "latency p50",
      r.json500.direct.latency.p50,
      r.json500.gateway.latency.p50,
      check(o50 < TARGET_P50_MS),
    ),
    row(
      "JSON, 500 req/s",
      "latency p99",
      r.json500.direct.latency.p99,
      r.json500.gateway.latency.p99,
      check(o99 < TARGET_P99_MS),
    ),
    row("stream, 100 req/s", "first byte p50", r.stream100.direct.firstByte.p50, r.stream100.gateway.firstByte.p50),
    row("stream, 100 req/s", "first byte p99", r.stream100.direct.firstByte.p99, r.stream100.gateway.firstByte.p99),
    row("stream, 500 req/s", "first byte p50", r.stream500.direct.firstByte.p50, r.stream500.gateway.firstByte.p50),
    row("stream, 500 req/s", "first byte p99", r.stream500.direct.firstByte.p99, r.stream500.gateway.firstByte.p99),
    row("stream, 500 req/s", "whole stream p50", r.stream500.direct.latency.p50, r.stream500.gateway.latency.p50),
    `| closed loop, ${MAX_CONCURRENCY} concurrent, JSON | max throughput | ${int(r.maxDirect.throughput)} req/s | ${int(r.maxGateway.throughput)} req/s | |`,
    `| JSON, 500 req/s | CPU per request | ${int(r.json500.upstreamCpuPerReq)} µs (emulator) | ${int(r.json500.gatewayCpuPerReq)} µs (gateway) | |`,
    `| stream, 500 req/s | CPU per request | ${int(r.stream500.upstreamCpuPerReq)} µs (emulator) | ${int(r.stream500.gatewayCpuPerReq)} µs (gateway) | |`,
    `| closed loop, max throughput | CPU per request | | ${int(r.maxGatewayCpuPerReq)} µs (gateway) | |`,
    `| all steps | errors | ${directErrors} | ${gatewayErrors} | ${check(gatewayErrors === 0).trim()} |`,
  ];
  const verdict =
    `Target at 500 req/s (auth, metering and limits on): overhead p50 < ${TARGET_P50_MS} ms and p99 < ${TARGET_P99_MS} ms, no errors — ` +
    `**${passed ? "met" : "MISSED"}** (p50 ${plus(o50)}, p99 ${plus(o99)}, ${gatewayErrors} errors).`;
  const markdown = [
    ...lines,
    "",
    verdict,
    "",
    `Measured by \`npm run bench\`: ${env.join("; ")}. Each step sends the same schedule (${SECONDS} s, after a warm-up) ` +
      "straight to the emulator and then through the gateway; latency is counted from the scheduled send time " +
      `(the generator's own send lag was at most ${lagP99.toFixed(2)} ms at p99, the same for both sides); ` +
      "overhead = gateway percentile − direct percentile. CPU per request is the gateway process's user + system time " +
      "over the step divided by its requests (including its batched metering writes)." +
      busyNote,
  ].join("\n");
  return { markdown, passed };
}

// ---------------------------------------------------------------- main

async function main(): Promise<boolean> {
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const cleanups: (() => Promise<void>)[] = [];
  const onSignal = () => {
    log("interrupted; cleaning up");
    void runCleanups(cleanups).finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const database = await createDatabase();
    cleanups.push(() => database.drop());
    const redis = (await reachable(REDIS_URL)) ? REDIS_URL : "";
    if (!redis) log(`Redis unreachable at ${REDIS_URL}; the gateway uses its in-process store`);

    log("starting the upstream emulator and the gateway (separate processes)…");
    const baseEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    const emulatorChild = await startChild("emulator", "./emulator-process.ts", baseEnv);
    cleanups.unshift(() => emulatorChild.stop());

    const profile = process.env.BENCH_CPU_PROF === "1";
    const gatewayChild = await startChild(
      "gateway",
      "./gateway-process.ts",
      {
        ...baseEnv,
        ...database.env,
        REDIS_URL: redis,
        BENCH_REDIS_PREFIX: `xr-bench:${crypto.randomUUID()}:`,
        XROUTER_DEMO: "off",
        MWS_API_KEY: emulatorChild.key,
        MWS_BASE_URL: emulatorChild.url,
        GIGACHAT_CREDENTIALS: "",
        YANDEX_API_KEY: "",
        YANDEX_IAM_TOKEN: "",
        TBANK_BASE_URL: "",
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
      },
      profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(benchDir, ".profiles")}`] : [],
    );
    cleanups.unshift(() => gatewayChild.stop());
    log(
      `gateway pid ${gatewayChild.pid} at ${gatewayChild.url} (${JSON.stringify(gatewayChild.detail)}); emulator pid ${emulatorChild.pid}`,
    );

    const upstream = new URL(emulatorChild.url);
    const direct = createTarget(
      upstream.origin,
      `${upstream.pathname}/chat/completions`,
      { authorization: `Bearer ${emulatorChild.key}` },
      BENCH_UPSTREAM_MODEL,
    );
    const gateway = createTarget(
      gatewayChild.url,
      "/api/v1/chat/completions",
      { authorization: `Bearer ${gatewayChild.key}` },
      BENCH_MODEL,
    );
    cleanups.unshift(async () => {
      await Promise.allSettled([direct.pool.destroy(), gateway.pool.destroy()]);
    });
    const ctx: Context = { direct, gateway, gatewayChild, emulatorChild };

    await sanityCheck(direct, BENCH_UPSTREAM_MODEL);
    await sanityCheck(gateway, BENCH_MODEL);
    await warmUp(ctx);

    const json100 = await pair(ctx, "JSON at 100 req/s", 100, false);
    const json500 = await pair(ctx, "JSON at 500 req/s", 500, false);
    const stream100 = await pair(ctx, "stream at 100 req/s", 100, true);
    const stream500 = await pair(ctx, "stream at 500 req/s", 500, true);

    log(`max throughput: direct, ${MAX_CONCURRENCY} concurrent…`);
    const maxDirect = await closedLoop(direct, MAX_CONCURRENCY, STEP_MS);
    await sleep(300);
    log(`max throughput: through the gateway, ${MAX_CONCURRENCY} concurrent…`);
    const [maxGateway, maxGatewayCpuPerReq] = await cpuPerRequest(
      gatewayChild,
      (r) => r.completed + r.errors,
      () => closedLoop(gateway, MAX_CONCURRENCY, STEP_MS),
    );
    log(
      `  direct ${int(maxDirect.throughput)} req/s, gateway ${int(maxGateway.throughput)} req/s (${maxGateway.errors} errors)`,
    );
    for (const r of [json100, json500, stream100, stream500].flatMap((p) => [p.direct, p.gateway]))
      if (r.errorSamples.length) log(`errors at ${r.rate} req/s: ${r.errorSamples.join("; ")}`);
    for (const r of [maxDirect, maxGateway])
      if (r.errorSamples.length) log(`errors at max throughput: ${r.errorSamples.join("; ")}`);

    const cpu = cpus();
    const env = [
      new Date().toISOString().slice(0, 10),
      `load average ${loadAtStart.toFixed(2)} at the start`,
      `Node ${process.version}`,
      `${cpu[0]?.model.trim() ?? "CPU"} × ${cpu.length} cores (generator, gateway and emulator share them)`,
      `gateway: node:http door in its own process, ${gatewayChild.detail.database} + ${gatewayChild.detail.store} store, LOG_LEVEL=${gatewayChild.detail.logLevel}`,
      `model ${BENCH_MODEL} on the OpenAI-compatible emulator (own process)`,
    ];
    const { markdown, passed } = render(
      { json100, json500, stream100, stream500, maxDirect, maxGateway, maxGatewayCpuPerReq },
      env,
    );
    const file = path.join(benchDir, "results.md");
    const formatted = await format(markdown, { ...(await resolveConfig(file)), parser: "markdown" }).catch(
      () => `${markdown}\n`,
    );
    process.stdout.write(`\n${formatted}\n`);
    writeFileSync(file, formatted);
    log(`table written to bench/results.md; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return passed;
  } finally {
    await runCleanups(cleanups);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function runCleanups(cleanups: (() => Promise<void>)[]): Promise<void> {
  while (cleanups.length > 0) {
    const cleanup = cleanups.shift()!;
    try {
      await cleanup();
    } catch (err) {
      log(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

process.on("exit", killChildren);

main().then(
  (passed) => process.exit(!passed && process.env.BENCH_STRICT === "1" ? 1 : 0),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
