/** The bench's markdown: the headline table (range over runs), the targets, then each run's figures. */
import { summarize, type ClosedLoopResult, type OpenLoopResult } from "./load";

export interface TargetFigures {
  json: OpenLoopResult;
  stream: OpenLoopResult;
  /** The closed loop's slices together (bench/run.ts, measureSaturation). */
  saturation: ClosedLoopResult;
  /** CPU µs per request of the target's own process(es) in the closed loop. */
  cpuPerRequest: number;
  /** Write syscalls per request of the target's own process(es) in the closed loop (/proc/<pid>/io syscw). */
  writesPerRequest: number;
  /** Postgres and Redis CPU µs per request in the closed loop (the gateway's stores; ~0 for the others). */
  postgresPerRequest: number;
  redisPerRequest: number;
}

/** The cache scenario (XRouter only): a Zipf workload with `x-xrouter-cache: use`, from an empty cache. */
export interface CacheFigures {
  step: OpenLoopResult;
  /** The best hit ratio the step's sequence allows: each distinct prompt's first request must miss. */
  ceiling: number;
  prompts: number;
  /** The Zipf exponent. */
  s: number;
}

export interface RunFigures {
  direct: TargetFigures;
  floor: TargetFigures;
  xrouter: TargetFigures;
  cache: CacheFigures;
}

export const TARGETS = {
  cpuPerRequest: 300,
  floorShare: 0.4,
  overheadP50: 1,
  overheadP99: 5,
  firstByteP50: 1,
  cacheHitRatio: 0.8,
};

const int = (v: number) => Math.round(v).toLocaleString("en-US");
const ms = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(2)}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

function range(values: number[], show: (v: number) => string): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return show(lo) === show(hi) ? show(lo) : `${show(lo)} … ${show(hi)}`;
}

/** Overheads of a target against the upstream called directly, in one run. */
export function overheads(run: RunFigures, target: TargetFigures) {
  return {
    p50: target.json.latency.p50 - run.direct.json.latency.p50,
    p99: target.json.latency.p99 - run.direct.json.latency.p99,
    firstByteP50: target.stream.firstByte.p50 - run.direct.stream.firstByte.p50,
    firstByteP99: target.stream.firstByte.p99 - run.direct.stream.firstByte.p99,
  };
}

function absolute(t: TargetFigures) {
  return {
    p50: t.json.latency.p50,
    p99: t.json.latency.p99,
    firstByteP50: t.stream.firstByte.p50,
    firstByteP99: t.stream.firstByte.p99,
  };
}

const direct = (r: RunFigures) => r.direct;
const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The cache step of a run: its hit ratio (hits over requests sent) and hit / miss overheads against the upstream. */
export function cacheFigures(run: RunFigures) {
  const { step } = run.cache;
  const c = step.cache ?? { hits: 0, misses: 0, hit: summarize([]), miss: summarize([]) };
  const base = run.direct.json.latency;
  return {
    hitRatio: c.hits / step.sent,
    hits: c.hits,
    misses: c.misses,
    hitAbsoluteP50: c.hit.p50,
    hitAbsoluteP99: c.hit.p99,
    hitP50: c.hit.p50 - base.p50,
    hitP99: c.hit.p99 - base.p99,
    missP50: c.miss.p50 - base.p50,
    missP99: c.miss.p99 - base.p99,
  };
}

function errors(t: TargetFigures): number {
  return t.json.errors + t.stream.errors + t.saturation.errors;
}

export function render(runs: RunFigures[], environment: string[], seconds: number): { markdown: string; met: boolean } {
  const over = (pick: (r: RunFigures) => TargetFigures) => runs.map((r) => overheads(r, pick(r)));
  const row = (label: string, pick: (r: RunFigures) => TargetFigures, cpuNote: () => string) => {
    // The upstream's own row shows its absolute latencies, the base the others' overheads are counted from.
    const o = pick === direct ? runs.map((r) => absolute(r.direct)) : over(pick);
    const fmt = pick === direct ? (v: number) => v.toFixed(2) : ms;
    const rps = range(
      runs.map((r) => pick(r).saturation.throughput),
      int,
    );
    const cpu = range(
      runs.map((r) => pick(r).cpuPerRequest),
      int,
    );
    return (
      `| ${label} | ${rps} | ${range(
        o.map((x) => x.p50),
        fmt,
      )} / ${range(
        o.map((x) => x.p99),
        fmt,
      )} ms ` +
      `| ${range(
        o.map((x) => x.firstByteP50),
        fmt,
      )} / ${range(
        o.map((x) => x.firstByteP99),
        fmt,
      )} ms | ${cpu} µs${cpuNote()} |`
    );
  };
  const storeNote = () =>
    ` (+ Postgres ${range(
      runs.map((r) => r.xrouter.postgresPerRequest),
      int,
    )} µs, Redis ${range(
      runs.map((r) => r.xrouter.redisPerRequest),
      int,
    )} µs)`;

  const x = over((r) => r.xrouter);
  const cache = runs.map(cacheFigures);
  const share = runs.map((r) => r.xrouter.saturation.throughput / r.floor.saturation.throughput);
  const checks = [
    [
      `gateway CPU per request ≤ ${TARGETS.cpuPerRequest} µs`,
      median(runs.map((r) => r.xrouter.cpuPerRequest)),
      (v: number) => `${int(v)} µs`,
      TARGETS.cpuPerRequest,
    ],
    [
      `max throughput ≥ ${TARGETS.floorShare * 100}% of the floor's`,
      -median(share),
      (v: number) => `${Math.round(-v * 100)}%`,
      -TARGETS.floorShare,
    ],
    [
      `overhead @500 req/s p50 ≤ ${TARGETS.overheadP50} ms`,
      median(x.map((o) => o.p50)),
      (v: number) => `${ms(v)} ms`,
      TARGETS.overheadP50,
    ],
    [
      `overhead @500 req/s p99 ≤ ${TARGETS.overheadP99} ms`,
      median(x.map((o) => o.p99)),
      (v: number) => `${ms(v)} ms`,
      TARGETS.overheadP99,
    ],
    [
      `stream first byte overhead p50 ≤ ${TARGETS.firstByteP50} ms`,
      median(x.map((o) => o.firstByteP50)),
      (v: number) => `${ms(v)} ms`,
      TARGETS.firstByteP50,
    ],
    [
      `cache hit ratio ≥ ${TARGETS.cacheHitRatio * 100}%`,
      -median(cache.map((c) => c.hitRatio)),
      (v: number) => percent(-v),
      -TARGETS.cacheHitRatio,
    ],
  ] as const;
  const met = checks.every(([, value, , limit]) => value <= limit);
  const totalErrors = runs.reduce((n, r) => n + errors(r.floor) + errors(r.xrouter) + r.cache.step.errors, 0);

  const detail = runs.flatMap((r, i) => {
    const line = (label: string, t: TargetFigures, direct: boolean) => {
      const o = overheads(r, t);
      const lat = direct
        ? `${t.json.latency.p50.toFixed(2)} / ${t.json.latency.p99.toFixed(2)} ms`
        : `${ms(o.p50)} / ${ms(o.p99)} ms`;
      const fb = direct
        ? `${t.stream.firstByte.p50.toFixed(2)} / ${t.stream.firstByte.p99.toFixed(2)} ms`
        : `${ms(o.firstByteP50)} / ${ms(o.firstByteP99)} ms`;
      return `| ${i + 1} | ${label} | ${int(t.saturation.throughput)} | ${lat} | ${fb} | ${int(t.cpuPerRequest)} | ${t.writesPerRequest.toFixed(2)} | ${int(t.postgresPerRequest)} | ${int(t.redisPerRequest)} | ${errors(t)} |`;
    };
    return [line("upstream, direct", r.direct, true), line("floor", r.floor, false), line("XRouter", r.xrouter, false)];
  });

  const markdown = [
    `| ${runs.length} run${runs.length > 1 ? "s" : ""} (range) | max req/s (closed loop, 50 conns) | overhead @500 req/s p50 / p99 | stream first byte overhead p50 / p99 | CPU per request at saturation |`,
    "|---|---|---|---|---|",
    row("upstream, direct (absolute)", direct, () => " (upstream)"),
    row(
      "floor (node:http → undici)",
      (r) => r.floor,
      () => "",
    ),
    row("XRouter (`npm start`)", (r) => r.xrouter, storeNote),
    "",
    `Cache scenario (XRouter, \`x-xrouter-cache: use\`, Zipf s = ${runs[0]!.cache.s} over ${runs[0]!.cache.prompts} distinct chat requests at 500 req/s, from an empty cache):`,
    "",
    `| ${runs.length} run${runs.length > 1 ? "s" : ""} (range) | hit ratio (ceiling) | hit overhead p50 / p99 | hit latency p50 / p99 (absolute) | miss overhead p50 / p99 | hits / misses |`,
    "|---|---|---|---|---|---|",
    `| XRouter, cache on | ${range(
      cache.map((c) => c.hitRatio),
      percent,
    )} (${range(
      runs.map((r) => r.cache.ceiling),
      percent,
    )}) | ${range(
      cache.map((c) => c.hitP50),
      ms,
    )} / ${range(
      cache.map((c) => c.hitP99),
      ms,
    )} ms | ${range(
      cache.map((c) => c.hitAbsoluteP50),
      (v) => v.toFixed(2),
    )} / ${range(
      cache.map((c) => c.hitAbsoluteP99),
      (v) => v.toFixed(2),
    )} ms | ${range(
      cache.map((c) => c.missP50),
      ms,
    )} / ${range(
      cache.map((c) => c.missP99),
      ms,
    )} ms | ${range(
      cache.map((c) => c.hits),
      int,
    )} / ${range(
      cache.map((c) => c.misses),
      int,
    )} |`,
    "",
    "Targets (median of the runs):",
    "",
    ...checks.map(([name, value, show, limit]) => `- ${value <= limit ? "✅" : "❌"} ${name}: ${show(value)}`),
    `- errors through the floor and XRouter: ${totalErrors}`,
    "",
    "Each run:",
    "",
    "| run | target | max req/s | @500 req/s p50 / p99 | stream first byte p50 / p99 | CPU µs/req | write syscalls/req | Postgres µs/req | Redis µs/req | errors |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...detail,
    "",
    "| run | cache hit ratio (ceiling) | hit overhead p50 / p99 | hit latency p50 / p99 | miss overhead p50 / p99 | hits / misses | errors |",
    "|---|---|---|---|---|---|---|",
    ...cache.map(
      (c, i) =>
        `| ${i + 1} | ${percent(c.hitRatio)} (${percent(runs[i]!.cache.ceiling)}) | ${ms(c.hitP50)} / ${ms(c.hitP99)} ms | ${c.hitAbsoluteP50.toFixed(2)} / ${c.hitAbsoluteP99.toFixed(2)} ms | ${ms(c.missP50)} / ${ms(c.missP99)} ms | ${int(c.hits)} / ${int(c.misses)} | ${runs[i]!.cache.step.errors} |`,
    ),
    "",
    `Measured by \`npm run bench\`: ${environment.join("; ")}. ` +
      `Each step runs ${seconds} s per target (the upstream directly, the floor, XRouter, one after the other): ` +
      "JSON chat completions at a fixed 500 req/s (latency counted from the scheduled send time), streamed ones at " +
      "500 req/s (first SSE byte), then a closed loop of 50 connections for the maximum throughput. Overheads are a " +
      "target's percentile minus the upstream's own in the same step; for the upstream row its absolute figures. " +
      "CPU per request is user + system time from /proc over the closed loop divided by the requests answered: the " +
      "server process started by `npm start` (and any child), the floor process, the emulator for the upstream row; " +
      "write syscalls likewise (/proc/<pid>/io), a count other load on the machine cannot move. " +
      "Postgres is the bench database's backends plus the server's writer and checkpointer processes; Redis is the " +
      "whole redis-server, shared with anything else the machine runs at the time. " +
      "The cache scenario runs after XRouter's steps, XRouter only: the bench key's cache is purged " +
      "(DELETE /api/v1/cache), then JSON chat completions with `x-xrouter-cache: use` at a fixed 500 req/s, the " +
      "body of each drawn from a fixed Zipf sequence over the distinct requests; the hit ratio is the hits over the " +
      "requests sent, its ceiling the share the sequence allows (each distinct request's first one must miss), and " +
      "hit and miss latencies (split by the answer's `x-xrouter-cache` header) are against the upstream's own JSON " +
      "latency in the same run.",
  ].join("\n");
  return { markdown, met };
}
