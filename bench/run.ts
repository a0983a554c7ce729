/**
 * `npm run bench`: the production server as `npm start` runs it, against a do-nothing proxy (the floor) and the
 * upstream called directly, all in the same run, on loopback.
 *
 * Processes: this one (the load generator), the upstream (bench/emulator-process.ts, an OpenAI-compatible
 * emulator), the floor (bench/floor-process.ts: node:http → undici to the same upstream) and XRouter
 * (`npm start`'s command with its own Postgres database and Redis logical database on the machine's servers,
 * both removed after the run). The table goes to stdout and bench/results.md.
 *
 * Per run: each target's JSON and stream steps at 500 req/s (`measureLatency`), then the closed loops of all three
 * in interleaved slices (`measureSaturation`), then the cache scenario, XRouter only (`measureCache`): a Zipf
 * workload with `x-xrouter-cache: use` from a purged cache.
 *
 * Environment: BENCH_RUNS (default 3), BENCH_SECONDS (per step and target, default 10), BENCH_PG_URL (admin URL,
 * default postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default redis://127.0.0.1:6379),
 * BENCH_CPU_PROF=1 (instead of the table: one closed loop against XRouter with `node --cpu-prof`, and its top
 * costs), BENCH_STRICT=1 (exit 1 when a target is missed). The node running the bench runs every process.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { killChildren, startChild } from "./children";
import { runCleanups, writeMarkdown } from "./run-support";
import { freePort } from "../server/testing/faults/processes";
import { zipfWorkload, type CacheWorkload } from "./cache-workload";
import { claimRedisDb, createDatabase } from "./infra";
import { closedLoop, createTarget, openLoop, sendOne, type Target } from "./load";
import { findProcesses, ProcessGroupMeter, processTree, processWriteSyscalls } from "./proc-cpu";
import { startProductionServer, startScriptArgs } from "./production-server";
import { summarizeProfile } from "./profile-top";
import { BENCH_MODEL, BENCH_UPSTREAM_MODEL } from "./protocol";
import { render, type CacheFigures, type RunFigures, type TargetFigures } from "./report";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const STEP_MS = SECONDS * 1000;
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const PROFILE = process.env.BENCH_CPU_PROF === "1";
const RATE = 500;
const CONNECTIONS = 50;
/** The closed loops run in slices of about two seconds, interleaved across the targets (measureSaturation). */
const SLICES = Math.max(1, Math.round(STEP_MS / 2_000));
const SLICE_PAUSE_MS = 300;
/** The cache scenario: a Zipf (s) draw over this many distinct chat requests, all with `x-xrouter-cache: use`. */
const CACHE_PROMPTS = 300;
const CACHE_ZIPF_S = 1.1;
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, "..");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

interface Side {
  target: Target;
  /** The processes whose CPU is this side's own. */
  pids: () => number[];
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
  if (body.model !== expectModel || !(body.choices?.[0]?.message?.content ?? "").startsWith("Echo:"))
    throw new Error(`${target.name}${target.path} answered an unexpected body: ${text}`);
  const stream = await sendOne(target, true);
  if (!stream.ok) throw new Error(`${target.name}${target.path} stream failed: ${stream.error}`);
}

async function warmUp(side: Side): Promise<void> {
  await closedLoop(side.target, 16, 2_000);
  await closedLoop(side.target, 16, 1_000, true);
  await openLoop(side.target, RATE, 1_000, false);
}

/** A target's JSON and stream steps at RATE (open loop: latency from the scheduled send time). */
async function measureLatency(side: Side): Promise<Pick<TargetFigures, "json" | "stream">> {
  const json = await openLoop(side.target, RATE, STEP_MS, false);
  await sleep(300);
  const stream = await openLoop(side.target, RATE, STEP_MS, true);
  await sleep(300);
  for (const r of [json, stream])
    if (r.errorSamples.length) log(`  ${side.target.name} errors: ${r.errorSamples.join("; ")}`);
  return { json, stream };
}

type Saturation = Omit<TargetFigures, "json" | "stream">;

/**
 * The closed loops of every target, in SLICES turns each, interleaved (upstream, floor, XRouter, upstream, …): a
 * machine whose speed drifts during a run (a shared VM's does, by a factor of two within minutes) then moves every
 * target alike, and the share of the floor compares like with like. Each target's CPU, write syscalls and the
 * stores' CPU are summed over its own slices only, each with the pause after it, in which the batches its requests
 * left (request rows, charges) are written before the next target's slice starts.
 */
async function measureSaturation(
  sides: Side[],
  stores: { postgres: ProcessGroupMeter; redis: ProcessGroupMeter },
): Promise<Saturation[]> {
  const totals = sides.map(() => ({
    completed: 0,
    errors: 0,
    elapsedMs: 0,
    errorSamples: [] as string[],
    cpu: 0,
    writes: 0,
    postgres: 0,
    redis: 0,
  }));
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [i, side] of sides.entries()) {
      const own = new ProcessGroupMeter(side.pids);
      const writes = new ProcessGroupMeter(side.pids, processWriteSyscalls);
      for (const meter of [own, writes, stores.postgres, stores.redis]) meter.start();
      const r = await closedLoop(side.target, CONNECTIONS, STEP_MS / SLICES);
      // The pause is counted with the slice it follows: the batches its requests left are written in it.
      await sleep(SLICE_PAUSE_MS);
      const total = totals[i]!;
      total.cpu += own.stop();
      total.writes += writes.stop();
      total.postgres += stores.postgres.stop();
      total.redis += stores.redis.stop();
      total.completed += r.completed;
      total.errors += r.errors;
      total.elapsedMs += r.elapsedMs;
      total.errorSamples.push(...r.errorSamples.slice(0, 5 - total.errorSamples.length));
    }
  }
  return totals.map((t, i) => {
    const answered = Math.max(1, t.completed + t.errors);
    if (t.errorSamples.length) log(`  ${sides[i]!.target.name} errors at saturation: ${t.errorSamples.join("; ")}`);
    return {
      saturation: {
        completed: t.completed,
        errors: t.errors,
        errorSamples: t.errorSamples,
        throughput: (t.completed / t.elapsedMs) * 1000,
        elapsedMs: t.elapsedMs,
      },
      cpuPerRequest: t.cpu / answered,
      writesPerRequest: t.writes / answered,
      postgresPerRequest: t.postgres / answered,
      redisPerRequest: t.redis / answered,
    };
  });
}

/** Forgets the bench key's cached answers (DELETE /api/v1/cache), so a cache step starts from an empty cache. */
async function purgeCache(target: Target): Promise<void> {
  const res = await target.pool.request({
    method: "DELETE",
    path: "/api/v1/cache",
    headers: { authorization: target.headers.authorization! },
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`DELETE /api/v1/cache answered HTTP ${res.statusCode}: ${text}`);
}

/** The cache scenario, XRouter only: the workload at RATE from an empty cache, split by `x-xrouter-cache`. */
async function measureCache(target: Target, workload: CacheWorkload): Promise<CacheFigures> {
  await purgeCache(target);
  const step = await openLoop(target, RATE, STEP_MS, false, workload.body);
  await sleep(300);
  if (step.errorSamples.length) log(`  ${target.name} cache errors: ${step.errorSamples.join("; ")}`);
  return { step, ceiling: workload.ceiling(step.sent), prompts: workload.prompts, s: workload.s };
}

function show(name: string, t: TargetFigures): string {
  return (
    `${name}: ${Math.round(t.saturation.throughput)} req/s, ${Math.round(t.cpuPerRequest)} µs/req, ` +
    `${t.writesPerRequest.toFixed(2)} write syscalls/req ` +
    `(Postgres ${Math.round(t.postgresPerRequest)}, Redis ${Math.round(t.redisPerRequest)}); ` +
    `@${RATE} p50 ${t.json.latency.p50.toFixed(2)} p99 ${t.json.latency.p99.toFixed(2)} ms; ` +
    `stream first byte p50 ${t.stream.firstByte.p50.toFixed(2)} p99 ${t.stream.firstByte.p99.toFixed(2)} ms`
  );
}

function showCache({ step, ceiling }: CacheFigures): string {
  const c = step.cache;
  if (!c) return `cache: no answer carried x-xrouter-cache (${step.errors} errors)`;
  return (
    `cache: ${c.hits} hits, ${c.misses} misses of ${step.sent} (hit ratio ${((c.hits / step.sent) * 100).toFixed(1)}%, ` +
    `ceiling ${(ceiling * 100).toFixed(1)}%); hits p50 ${c.hit.p50.toFixed(2)} p99 ${c.hit.p99.toFixed(2)} ms, ` +
    `misses p50 ${c.miss.p50.toFixed(2)} p99 ${c.miss.p99.toFixed(2)} ms`
  );
}

async function main(): Promise<boolean> {
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const cleanups: (() => Promise<unknown>)[] = [];
  const onSignal = () => {
    log("interrupted; cleaning up");
    void runCleanups(cleanups, log).finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const database = await createDatabase(PG_URL);
    cleanups.push(() => database.drop());
    const redis = await claimRedisDb(REDIS_URL);
    cleanups.unshift(() => redis.clear());
    const work = mkdtempSync(path.join(tmpdir(), "xrouter-bench-"));
    cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
    log(`database ${database.name}, Redis db ${redis.db}, node ${process.version}`);

    const emulator = await startChild("emulator", "./emulator-process.ts", { ...process.env, NODE_ENV: "production" });
    cleanups.unshift(() => emulator.stop());
    const floor = await startChild("floor", "./floor-process.ts", {
      ...process.env,
      NODE_ENV: "production",
      FLOOR_UPSTREAM_URL: emulator.url,
      FLOOR_UPSTREAM_KEY: emulator.key,
    });
    cleanups.unshift(() => floor.stop());

    const profileDir = path.join(benchDir, ".profiles");
    const server = await startProductionServer({
      root,
      port: await freePort(),
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        XROUTER_DATA_DIR: path.join(work, "data"),
        XROUTER_DEMO: "off",
        MWS_API_KEY: emulator.key,
        MWS_BASE_URL: emulator.url,
        GIGACHAT_CREDENTIALS: "",
        YANDEX_API_KEY: "",
        YANDEX_IAM_TOKEN: "",
        TBANK_BASE_URL: "",
      },
      logFile: path.join(work, "server.log"),
      nodeArgs: PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
      log,
    });
    cleanups.unshift(() => server.stop());

    const upstream = new URL(emulator.url);
    const sides = {
      direct: {
        target: createTarget(
          "upstream",
          upstream.origin,
          `${upstream.pathname}/chat/completions`,
          { authorization: `Bearer ${emulator.key}` },
          BENCH_UPSTREAM_MODEL,
        ),
        pids: () => [emulator.pid],
      },
      floor: {
        target: createTarget("floor", floor.url, "/api/v1/chat/completions", {}, BENCH_UPSTREAM_MODEL),
        pids: () => [floor.pid],
      },
      xrouter: {
        target: createTarget(
          "xrouter",
          server.url,
          "/api/v1/chat/completions",
          { authorization: `Bearer ${server.key}` },
          BENCH_MODEL,
        ),
        pids: () => processTree(server.pid),
      },
    } satisfies Record<string, Side>;
    cleanups.unshift(() => Promise.allSettled(Object.values(sides).map((s) => s.target.pool.destroy())));
    // The same connections as XRouter's side, with the request header that turns the cache on.
    const cached: Target = {
      ...sides.xrouter.target,
      name: "xrouter (cache)",
      headers: { ...sides.xrouter.target.headers, "x-xrouter-cache": "use" },
    };
    const workload = zipfWorkload({
      model: BENCH_MODEL,
      prompts: CACHE_PROMPTS,
      s: CACHE_ZIPF_S,
      requests: Math.round((RATE * STEP_MS) / 1000),
    });

    await sanityCheck(sides.direct.target, BENCH_UPSTREAM_MODEL);
    await sanityCheck(sides.floor.target, BENCH_UPSTREAM_MODEL);
    await sanityCheck(sides.xrouter.target, BENCH_MODEL);
    log("warming up (JIT, connections, caches)…");
    for (const side of Object.values(sides)) await warmUp(side);
    await openLoop(cached, RATE, 1_000, false, workload.body);

    if (PROFILE) {
      mkdirSync(profileDir, { recursive: true });
      const since = Date.now();
      log(`profiling XRouter at saturation (${CONNECTIONS} connections, ${SECONDS} s)…`);
      const loadStart = performance.now();
      const result = await closedLoop(sides.xrouter.target, CONNECTIONS, STEP_MS);
      const loadEnd = performance.now();
      log(`${Math.round(result.throughput)} req/s; stopping the server to write its profile`);
      await server.stop();
      const stopped = performance.now();
      const window = { fromEndMs: stopped - loadStart, toEndMs: stopped - loadEnd };
      const written = readdirSync(profileDir)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => path.join(profileDir, f))
        .filter((f) => statSync(f).mtimeMs >= since);
      for (const file of written) process.stdout.write(`${file}\n${summarizeProfile(file, 40, window)}\n`);
      return true;
    }

    // Our database's backends and the server-wide processes (postmaster, WAL writer, checkpointer); not the
    // backends of other databases. A backend's title holds its client address: "host(port)" or "[local]".
    const ours = (cmd: string) => !/\(\d+\)|\[local\]/.test(cmd) || cmd.includes(` ${database.name} `);
    const stores = {
      postgres: new ProcessGroupMeter(() => findProcesses("postgres", ours)),
      redis: new ProcessGroupMeter(() => findProcesses("redis-server")),
    };

    const runs: RunFigures[] = [];
    for (let i = 1; i <= RUNS; i++) {
      log(`run ${i} of ${RUNS}…`);
      const latency = {
        direct: await measureLatency(sides.direct),
        floor: await measureLatency(sides.floor),
        xrouter: await measureLatency(sides.xrouter),
      };
      const [direct, floor, xrouter] = await measureSaturation([sides.direct, sides.floor, sides.xrouter], stores);
      const run: RunFigures = {
        direct: { ...latency.direct, ...direct! },
        floor: { ...latency.floor, ...floor! },
        xrouter: { ...latency.xrouter, ...xrouter! },
        cache: await measureCache(cached, workload),
      };
      for (const name of ["direct", "floor", "xrouter"] as const) log(`  ${show(name, run[name])}`);
      log(`  ${showCache(run.cache)}`);
      runs.push(run);
    }

    const cpu = cpus();
    const environment = [
      new Date().toISOString().slice(0, 10),
      `Node ${process.version}`,
      `${cpu[0]?.model.trim() ?? "CPU"} × ${cpu.length} cores shared by every process`,
      `load average ${loadAtStart.toFixed(2)} at the start`,
      `XRouter: \`node ${startScriptArgs(root).join(" ")}\` (\`npm start\`, Next in the process), Postgres + Redis, default log level (log file ${Math.round(statSync(server.logFile).size / 1024)} KiB)`,
      `upstream: the OpenAI-compatible emulator serving ${BENCH_UPSTREAM_MODEL} (model ${BENCH_MODEL} through XRouter)`,
    ];
    const { markdown, met } = render(runs, environment, SECONDS);
    const file = path.join(benchDir, "results.md");
    const formatted = await writeMarkdown(file, markdown);
    process.stdout.write(`\n${formatted}\n`);
    log(`written to bench/results.md; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return met;
  } finally {
    await runCleanups(cleanups, log);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

process.on("exit", killChildren);

main().then(
  (met) => process.exit(!met && process.env.BENCH_STRICT === "1" ? 1 : 0),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
