/**
 * Load generation on loopback with undici keep-alive pools.
 * - openLoop: requests at a fixed rate on a precomputed schedule (t0 + i / rate). Latency is measured from
 *   the SCHEDULED send time, not from when the request actually went out, so a stalled server (or a stalled
 *   generator) shows up in the numbers instead of silently slowing the load down (coordinated omission).
 * - closedLoop: N workers back to back for a fixed time, for the maximum throughput.
 * A step may vary the body per request (a precomputed body per index: nothing is serialized in the hot loop) and
 * splits its latencies by the answer's `x-xrouter-cache` header (hit / miss) when the answers carry one.
 * Timing is performance.now() (sub-microsecond), never Date.now().
 */
import { performance } from "node:perf_hooks";
import { Pool } from "undici";

export interface Target {
  name: string;
  pool: Pool;
  path: string;
  headers: Record<string, string>;
  jsonBody: string;
  streamBody: string;
}

export function createTarget(
  name: string,
  origin: string,
  path: string,
  headers: Record<string, string>,
  model: string,
): Target {
  const messages = [{ role: "user", content: "Hello from the XRouter benchmark, please answer briefly." }];
  return {
    name,
    pool: new Pool(origin, {
      connections: 128,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    }),
    path,
    headers: { "content-type": "application/json", ...headers },
    jsonBody: JSON.stringify({ model, messages }),
    streamBody: JSON.stringify({ model, messages, stream: true, stream_options: { include_usage: true } }),
  };
}

export interface OneResult {
  ok: boolean;
  /** performance.now() when the first body byte arrived. */
  firstByte: number;
  end: number;
  error?: string;
  /** The answer's `x-xrouter-cache` header (undici's parsed header string, not a copy), when it has one. */
  cache?: string;
}

/** One request; for streams the first body chunk is the first SSE data byte. */
export async function sendOne(
  target: Target,
  stream: boolean,
  body = stream ? target.streamBody : target.jsonBody,
): Promise<OneResult> {
  try {
    const res = await target.pool.request({ method: "POST", path: target.path, headers: target.headers, body });
    const cache = res.headers["x-xrouter-cache"];
    let firstByte = 0;
    let bytes = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (bytes === 0) firstByte = performance.now();
      bytes += chunk.length;
    }
    const end = performance.now();
    const ok = res.statusCode === 200 && bytes > 0;
    return {
      ok,
      firstByte,
      end,
      error: ok ? undefined : `HTTP ${res.statusCode}`,
      cache: typeof cache === "string" ? cache : undefined,
    };
  } catch (err) {
    const now = performance.now();
    return {
      ok: false,
      firstByte: now,
      end: now,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    };
  }
}

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

export interface OpenLoopResult {
  rate: number;
  sent: number;
  errors: number;
  errorSamples: string[];
  /** Response end − scheduled send time, ms (successful requests). */
  latency: Summary;
  /** First body byte − scheduled send time, ms (successful requests). */
  firstByte: Summary;
  /** Actual send − scheduled send time, ms: how late the generator itself was. */
  sendLag: Summary;
  /** Achieved rate over the run, req/s. */
  achievedRate: number;
  /** When answers carried `x-xrouter-cache`: the successful hits and misses, and their latencies as `latency`. */
  cache?: { hits: number; misses: number; hit: Summary; miss: Summary };
}

/**
 * Fixed-rate, open-loop load: request i is due at t0 + i/rate whatever happened to the previous ones. `body(i)`,
 * when given, is request i's body (it should return a string made before the load: it runs in the hot loop).
 */
export function openLoop(
  target: Target,
  rate: number,
  durationMs: number,
  stream: boolean,
  body?: (i: number) => string,
): Promise<OpenLoopResult> {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const interval = 1000 / rate;
  const latency: number[] = [];
  const firstByte: number[] = [];
  const hitLatency: number[] = [];
  const missLatency: number[] = [];
  const sendLag = new Float64Array(total);
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  let done = 0;
  let lastEnd = 0;
  const t0 = performance.now() + 5;

  return new Promise((resolve) => {
    const finish = () =>
      resolve({
        rate,
        sent: total,
        errors,
        errorSamples,
        latency: summarize(latency),
        firstByte: summarize(firstByte),
        sendLag: summarize(sendLag),
        achievedRate: (total / (lastEnd - t0)) * 1000,
        cache:
          hitLatency.length + missLatency.length > 0
            ? {
                hits: hitLatency.length,
                misses: missLatency.length,
                hit: summarize(hitLatency),
                miss: summarize(missLatency),
              }
            : undefined,
      });
    const fire = (i: number, scheduled: number) => {
      sendLag[i] = performance.now() - scheduled;
      void sendOne(target, stream, body?.(i)).then((r) => {
        if (r.ok) {
          latency.push(r.end - scheduled);
          firstByte.push(r.firstByte - scheduled);
          if (r.cache === "hit") hitLatency.push(r.end - scheduled);
          else if (r.cache === "miss") missLatency.push(r.end - scheduled);
        } else {
          errors++;
          if (errorSamples.length < 5 && r.error) errorSamples.push(r.error);
        }
        lastEnd = Math.max(lastEnd, r.end);
        if (++done === total) finish();
      });
    };
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        fire(next, t0 + next * interval);
        next++;
      }
      if (next < total) {
        // Timers are millisecond-grained: sleep the whole milliseconds left, never past the due time by more than ~1 ms.
        const remaining = t0 + next * interval - performance.now();
        setTimeout(tick, Math.max(1, Math.floor(remaining)));
      }
    };
    setTimeout(tick, 5);
  });
}

export interface ClosedLoopResult {
  completed: number;
  errors: number;
  errorSamples: string[];
  throughput: number;
  elapsedMs: number;
}

/** `concurrency` workers, each sending its next request as soon as the previous one ended, for durationMs. */
export async function closedLoop(
  target: Target,
  concurrency: number,
  durationMs: number,
  stream = false,
): Promise<ClosedLoopResult> {
  const start = performance.now();
  const deadline = start + durationMs;
  const errorSamples: string[] = [];
  let completed = 0;
  let errors = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const r = await sendOne(target, stream);
      if (r.ok) {
        completed++;
      } else {
        errors++;
        if (errorSamples.length < 5 && r.error) errorSamples.push(r.error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - start;
  return { completed, errors, errorSamples, throughput: (completed / elapsedMs) * 1000, elapsedMs };
}
