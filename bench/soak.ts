/**
 * `npm run soak`: two instances of the production server (`npm start`'s command, bench/production-server.ts) share
 * one Postgres database and one Redis logical database, made for the run and removed after it, in front of the
 * OpenAI-compatible upstream emulator (bench/emulator-process.ts). Fixed-rate chat traffic, JSON and streams, with
 * client aborts (bench/soak-load.ts) runs against both for the whole duration; every sample prints each instance's
 * RSS, heap, event-loop delay and CPU (bench/soak-metrics.ts) and the traffic's outcomes. At the end the instances are
 * stopped (SIGTERM: they book what they hold) and `xrouter ledger check` runs on the database.
 *
 * Options (environment or arguments; arguments win): SOAK_SECONDS / --seconds (default 600, at most 3600),
 * SOAK_RATE / --rate (requests a second over both instances, default 100), SOAK_SAMPLE_SECONDS / --sample
 * (default 10, less for short runs), SOAK_STREAMS (share of streams, default 0.5), SOAK_ABORTS (share cut by the
 * client, default 0.01), SOAK_SEED (replays the draw), BENCH_PG_URL and BENCH_REDIS_URL as for the bench.
 * Exit 1 when an instance died, the ledger check failed, or more than 1% of requests failed (client aborts aside).
 * The summary goes to stdout and bench/soak-results.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { freePort } from "../server/testing/faults/processes";
import { seededRandom } from "../server/testing/faults/random";
import { killChildren, startChild } from "./children";
import { runCleanups, writeMarkdown } from "./run-support";
import { claimRedisDb, createDatabase } from "./infra";
import { createTarget, type Target } from "./load";
import { startProductionServer, startScriptArgs, type ProductionServer } from "./production-server";
import { BENCH_MODEL } from "./protocol";
import { startMixedLoad, type Window } from "./soak-load";
import { instanceSampler, type InstanceSample } from "./soak-metrics";

const MAX_SECONDS = 3600;
const MAX_ERROR_SHARE = 0.01;
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, "..");
const log = (line: string) => process.stderr.write(`soak: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function settings() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { seconds: { type: "string" }, rate: { type: "string" }, sample: { type: "string" } },
    strict: true,
  });
  const number = (arg: string | undefined, env: string, fallback: number) =>
    Number(arg ?? process.env[env] ?? fallback);
  const seconds = number(values.seconds, "SOAK_SECONDS", 600);
  if (!Number.isInteger(seconds) || seconds < 5 || seconds > MAX_SECONDS)
    throw new Error(`the duration must be a whole number of seconds from 5 to ${MAX_SECONDS}, not ${seconds}`);
  const rate = number(values.rate, "SOAK_RATE", 100);
  if (!(rate > 0 && rate <= 2000))
    throw new Error(`the rate must be between 0 and 2000 requests a second, not ${rate}`);
  const sample = number(values.sample, "SOAK_SAMPLE_SECONDS", Math.min(10, Math.max(2, Math.floor(seconds / 10))));
  return {
    seconds,
    rate,
    sampleSeconds: sample,
    streams: Number(process.env.SOAK_STREAMS ?? 0.5),
    aborts: Number(process.env.SOAK_ABORTS ?? 0.01),
    seed: Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31)),
    pgUrl: process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
  };
}

interface Row {
  at: number;
  window: Window;
  instances: InstanceSample[];
}

const mib = (bytes?: number) => (bytes === undefined ? "n/a" : (bytes / 2 ** 20).toFixed(0));
const ms = (seconds?: number) => (seconds === undefined ? "n/a" : (seconds * 1000).toFixed(1));
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const errorCount = (w: Window) => [...w.errors.values()].reduce((a, b) => a + b, 0);

function rowLine({ at, window: w, instances }: Row): string {
  const each = instances.map(
    (s, i) =>
      `${"AB"[i]} ${s.alive ? "" : "DEAD "}rss ${mib(s.rssBytes)} heap ${mib(s.heapUsedBytes)} MiB, ` +
      `loop p99 ${ms(s.loopP99Seconds)} max ${ms(s.loopMaxSeconds)} ms, cpu ${fixed(s.cpuPercent ?? NaN, 0)}%`,
  );
  return (
    `${String(Math.round(at)).padStart(5)} s: sent ${w.sent}, ok ${w.ok}, aborted ${w.aborted}, errors ${errorCount(w)}; ` +
    `json p99 ${fixed(w.json.p99)} ms, stream first byte p99 ${fixed(w.streamFirstByte.p99)} ms | ${each.join(" | ")}`
  );
}

function tableRow({ at, window: w, instances }: Row): string {
  const cells = [
    String(Math.round(at)),
    String(w.sent),
    String(w.ok),
    String(w.aborted),
    String(errorCount(w)),
    fixed(w.json.p99),
    fixed(w.streamFirstByte.p99),
    ...instances.flatMap((s) => [
      mib(s.rssBytes),
      mib(s.heapUsedBytes),
      ms(s.loopP99Seconds),
      ms(s.loopMaxSeconds),
      fixed(s.cpuPercent ?? NaN, 0),
    ]),
  ];
  return `| ${cells.join(" | ")} |`;
}

/** Pino's error and fatal lines (level 50, 60) in an instance's log. */
function errorLogLines(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => /"level":(50|60)\b/.test(line));
}

function ledgerCheck(databaseUrl: string): { ok: boolean; summary: string } {
  const result = spawnSync(process.execPath, [path.join(root, "bin/xrouter.mjs"), "ledger", "check"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  const lines = `${result.stdout}${result.stderr}`.trim().split("\n");
  return { ok: result.status === 0, summary: lines.slice(-5).join("; ") };
}

function render(
  options: ReturnType<typeof settings>,
  rows: Row[],
  totals: Window[],
  verdict: string[],
  environment: string[],
): string {
  const sum = (pick: (w: Window) => number) => totals.reduce((a, w) => a + pick(w), 0);
  const errors = new Map<string, number>();
  for (const w of totals) for (const [kind, n] of w.errors) errors.set(kind, (errors.get(kind) ?? 0) + n);
  const rss = (i: number) => rows.map((r) => r.instances[i]?.rssBytes).filter((v): v is number => v !== undefined);
  const loop = (i: number) =>
    rows.map((r) => r.instances[i]?.loopP99Seconds).filter((v): v is number => v !== undefined);
  const trend = [0, 1].map((i) => {
    const r = rss(i);
    return `instance ${"AB"[i]}: RSS ${mib(r[0])} → ${mib(r.at(-1))} MiB (max ${mib(Math.max(...r))}), event-loop p99 max ${ms(Math.max(...loop(i)))} ms`;
  });
  const header = ["s", "sent", "ok", "aborted", "errors", "json p99 ms", "stream 1st byte p99 ms"];
  for (const name of ["A", "B"])
    header.push(`${name} RSS MiB`, `${name} heap MiB`, `${name} loop p99 ms`, `${name} loop max ms`, `${name} CPU %`);
  return [
    "# Soak (`npm run soak`)",
    "",
    ...environment.map((line) => `- ${line}`),
    `- ${options.seconds} s at ${options.rate} req/s over two instances, ${options.streams * 100}% streams, ${options.aborts * 100}% cut by the client (seed ${options.seed}), a sample every ${options.sampleSeconds} s`,
    "",
    `Requests: ${sum((w) => w.sent)} sent, ${sum((w) => w.ok)} answered in full, ${sum((w) => w.aborted)} cut by the client, ${sum(errorCount)} failed` +
      (errors.size ? ` (${[...errors].map(([k, n]) => `${k}: ${n}`).join(", ")})` : "") +
      ".",
    "",
    ...trend.map((line) => `- ${line}`),
    ...verdict.map((line) => `- ${line}`),
    "",
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map(tableRow),
    "",
  ].join("\n");
}

async function main(): Promise<boolean> {
  const options = settings();
  const cleanups: (() => Promise<unknown>)[] = [];
  const onSignal = () => {
    log("interrupted; cleaning up");
    void runCleanups(cleanups, log).finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const loadAtStart = loadavg()[0] ?? 0;

  try {
    const database = await createDatabase(options.pgUrl);
    cleanups.push(() => database.drop());
    const redis = await claimRedisDb(options.redisUrl);
    cleanups.unshift(() => redis.clear());
    const work = mkdtempSync(path.join(tmpdir(), "xrouter-soak-"));
    cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
    log(`database ${database.name}, Redis db ${redis.db}, node ${process.version}, seed ${options.seed}`);

    const emulator = await startChild("emulator", "./emulator-process.ts", { ...process.env, NODE_ENV: "production" });
    cleanups.unshift(() => emulator.stop());
    // Instances sharing a database must share the secret the API keys are hashed with.
    const shared = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      AUTH_SECRET: `soak-${crypto.randomUUID()}-${crypto.randomUUID()}`,
      XROUTER_DEMO: "off",
      MWS_API_KEY: emulator.key,
      MWS_BASE_URL: emulator.url,
      GIGACHAT_CREDENTIALS: "",
      YANDEX_API_KEY: "",
      YANDEX_IAM_TOKEN: "",
      TBANK_BASE_URL: "",
    };
    const servers: ProductionServer[] = [];
    // One after the other: the first start of a fresh clone runs next build, which two at once would both run.
    for (const name of ["a", "b"]) {
      const server = await startProductionServer({
        root,
        port: await freePort(),
        env: { ...shared, XROUTER_DATA_DIR: path.join(work, `data-${name}`) },
        logFile: path.join(work, `server-${name}.log`),
        nodeArgs: [],
        log,
      });
      cleanups.unshift(() => server.stop());
      servers.push(server);
    }
    // Round robin over both instances, each called with both instances' keys, as behind a load balancer.
    const targets: Target[] = servers.flatMap((server, i) =>
      servers.map((owner) =>
        createTarget(
          "AB"[i]!,
          server.url,
          "/api/v1/chat/completions",
          { authorization: `Bearer ${owner.key}` },
          BENCH_MODEL,
        ),
      ),
    );
    cleanups.unshift(() => Promise.allSettled(targets.map((t) => t.pool.destroy())));
    const samplers = servers.map((s) => instanceSampler(s.url, s.pid));
    await Promise.all(samplers.map((sample) => sample()));

    log(`${options.seconds} s at ${options.rate} req/s; a sample every ${options.sampleSeconds} s`);
    const load = startMixedLoad(targets, options, seededRandom(options.seed));
    const started = performance.now();
    const rows: Row[] = [];
    const deadline = started + options.seconds * 1000;
    while (performance.now() < deadline) {
      await sleep(Math.min(options.sampleSeconds * 1000, deadline - performance.now()));
      const instances = await Promise.all(samplers.map((sample) => sample()));
      const row = { at: (performance.now() - started) / 1000, window: load.take(), instances };
      rows.push(row);
      log(rowLine(row));
    }
    await load.stop(30_000);
    const totals = [...rows.map((r) => r.window), load.take()];

    const died = servers.filter((s, i) => !rows.at(-1)?.instances[i]?.alive).map((s) => s.url);
    const errorLines = servers.map((s) => errorLogLines(s.logFile));
    for (const server of servers) await server.stop();
    const ledger = ledgerCheck(database.url);
    const sent = totals.reduce((a, w) => a + w.sent, 0);
    const failed = totals.reduce((a, w) => a + errorCount(w), 0);
    const verdict = [
      died.length ? `instances that died: ${died.join(", ")}` : "both instances ran to the end and stopped on SIGTERM",
      `ledger check after the stop: ${ledger.ok ? "clean" : "FAILED"} (${ledger.summary})`,
      `error lines in the instances' logs: ${errorLines.map((lines) => lines.length).join(" and ")}` +
        (errorLines.flat().length ? ` (first: ${errorLines.flat()[0]!.slice(0, 300)})` : ""),
    ];
    const cpu = cpus();
    const environment = [
      new Date().toISOString().slice(0, 10),
      `Node ${process.version}`,
      `${cpu[0]?.model.trim() ?? "CPU"} × ${cpu.length} cores shared by every process, load average ${loadAtStart.toFixed(2)} at the start`,
      `two instances of \`node ${startScriptArgs(root).join(" ")}\` (\`npm start\`), one Postgres database and one Redis logical database, the upstream emulator serving ${BENCH_MODEL}`,
    ];
    const file = path.join(benchDir, "soak-results.md");
    const markdown = render(options, rows, totals, verdict, environment);
    const formatted = await writeMarkdown(file, markdown);
    process.stdout.write(`\n${formatted}`);
    log("written to bench/soak-results.md");
    return died.length === 0 && ledger.ok && failed <= sent * MAX_ERROR_SHARE;
  } finally {
    await runCleanups(cleanups, log);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

process.on("exit", killChildren);

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
