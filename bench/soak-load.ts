/**
 * The soak's traffic: chat requests at a fixed rate (request i is due at t0 + i / rate, as in load.ts's openLoop),
 * spread round-robin over the instances, a drawn share of them streams, a drawn share cut by the client: a stream
 * after its first chunk, a JSON request a millisecond or two after it was sent. Figures are kept per window, so the
 * soak can print them over time and see drift.
 */
import { performance } from "node:perf_hooks";
import type { Random } from "../server/testing/faults/random";
import { summarize, type Summary, type Target } from "./load";

export interface LoadMix {
  rate: number;
  /** Shares in [0, 1]. */
  streams: number;
  aborts: number;
}

export interface Window {
  sent: number;
  ok: number;
  /** Cut by the client on purpose. */
  aborted: number;
  /** Every other outcome, by kind (HTTP status or the client's error). */
  errors: Map<string, number>;
  json: Summary;
  streamFirstByte: Summary;
}

interface Collecting {
  sent: number;
  ok: number;
  aborted: number;
  errors: Map<string, number>;
  json: number[];
  streamFirstByte: number[];
}

const emptyWindow = (): Collecting => ({
  sent: 0,
  ok: 0,
  aborted: 0,
  errors: new Map(),
  json: [],
  streamFirstByte: [],
});

type Outcome = { kind: "ok"; firstByte: number; end: number } | { kind: "aborted" } | { kind: "error"; error: string };

async function sendOne(target: Target, stream: boolean, abort: boolean, random: Random): Promise<Outcome> {
  const controller = abort ? new AbortController() : undefined;
  if (controller && !stream) setTimeout(() => controller.abort(), random.int(0, 2));
  try {
    const res = await target.pool.request({
      method: "POST",
      path: target.path,
      headers: target.headers,
      body: stream ? target.streamBody : target.jsonBody,
      signal: controller?.signal,
    });
    let firstByte = 0;
    let text = "";
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (firstByte === 0) {
        firstByte = performance.now();
        if (controller && stream) {
          controller.abort();
          return { kind: "aborted" };
        }
      }
      text += chunk.toString();
    }
    const end = performance.now();
    if (res.statusCode !== 200) return { kind: "error", error: `HTTP ${res.statusCode}` };
    if (controller) return { kind: "aborted" };
    const complete = stream ? text.includes("data: [DONE]") && !text.includes('"error"') : text.includes('"choices"');
    return complete
      ? { kind: "ok", firstByte, end }
      : { kind: "error", error: stream ? "stream without [DONE]" : "JSON without choices" };
  } catch (err) {
    if (controller?.signal.aborted) return { kind: "aborted" };
    return { kind: "error", error: err instanceof Error ? err.name : String(err) };
  }
}

/** Fixed-rate mixed traffic until `stop()`; `take()` returns the window since the previous take. */
export function startMixedLoad(targets: Target[], mix: LoadMix, random: Random) {
  const interval = 1000 / mix.rate;
  const t0 = performance.now() + 5;
  let current = emptyWindow();
  let next = 0;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();

  const fire = (i: number, scheduled: number) => {
    const stream = random.chance(mix.streams);
    current.sent++;
    const request = sendOne(targets[i % targets.length]!, stream, random.chance(mix.aborts), random).then((outcome) => {
      // A request counts as sent in the window it was sent in, its outcome in the window it ended in.
      const into = current;
      if (outcome.kind === "aborted") into.aborted++;
      else if (outcome.kind === "error") into.errors.set(outcome.error, (into.errors.get(outcome.error) ?? 0) + 1);
      else {
        into.ok++;
        if (stream) into.streamFirstByte.push(outcome.firstByte - scheduled);
        else into.json.push(outcome.end - scheduled);
      }
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  };

  const tick = () => {
    if (stopped) return;
    const now = performance.now();
    while (t0 + next * interval <= now) {
      fire(next, t0 + next * interval);
      next++;
    }
    setTimeout(tick, Math.max(1, Math.floor(t0 + next * interval - performance.now())));
  };
  setTimeout(tick, 5);

  return {
    take(): Window {
      const done = current;
      current = emptyWindow();
      return { ...done, json: summarize(done.json), streamFirstByte: summarize(done.streamFirstByte) };
    },
    /** Stops sending and waits (up to `timeoutMs`) for the requests in flight. */
    async stop(timeoutMs: number): Promise<void> {
      stopped = true;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
    },
  };
}
