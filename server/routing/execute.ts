import { isBrokenCircuitError } from "cockatiel";
import { GatewayError, toGatewayError } from "../core/errors";
import { getLogger, scrubSecrets } from "../logging/logger";
import { isUpstreamError, UpstreamError } from "../core/upstream-error";
import { breakerFor } from "./breakers";
import { recordLatency } from "./latency";
import type { Plan, Route } from "./plan";
import { rememberAccount } from "./session-affinity";
import { routingSettings } from "./settings";
import { acquireSlot, coolDown, type FirstSlot } from "./slots";

export interface Attempt {
  account: string;
  provider: string;
  model: string;
  status: number;
  latencyMs: number;
  /** What the caller may read: sanitised (see gateway/upstream-message). */
  error?: string;
  /** The upstream's full text, for the log and admins only: it may name hosts, ports and paths. */
  detail?: string;
}

export interface Success<T> {
  value: T;
  route: Route;
  attempts: Attempt[];
  /** Frees the account's concurrency slot: call when the response (or stream) has ended. */
  release: () => void;
  /** Ends the answering upstream call (a stream that stalled). */
  abort: (reason: unknown) => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/** Exponential backoff with full jitter. */
const backoff = (retry: number) => Math.random() * Math.min(routingSettings.backoffMaxMs, routingSettings.backoffBaseMs * 2 ** retry);

type Outcome = "retry" | "next" | "stop";

/** What to do after an attempt failed before the first byte. */
async function classify(err: unknown, route: Route, retriesLeft: number): Promise<{ outcome: Outcome; waitMs: number }> {
  if (isBrokenCircuitError(err)) return { outcome: "next", waitMs: 0 };
  if (isUpstreamError(err)) {
    const retryAfterMs = (err.options.retryAfterSeconds ?? 0) * 1000;
    if (err.status === 429 || err.status === 402) {
      // A quota answer: wait it out here when short, else cool the account down for what it asked.
      if (err.status === 429 && retriesLeft > 0 && retryAfterMs > 0 && retryAfterMs <= routingSettings.maxRetryAfterWaitMs)
        return { outcome: "retry", waitMs: retryAfterMs };
      await coolDown(route.account.id, err.options.retryAfterSeconds ?? 30);
      return { outcome: "next", waitMs: 0 };
    }
    if (err.retryable) return { outcome: retriesLeft > 0 ? "retry" : "next", waitMs: 0 };
    // Any other 4xx: the request itself is wrong and would be wrong everywhere.
    return { outcome: "stop", waitMs: 0 };
  }
  return { outcome: "next", waitMs: 0 };
}

/**
 * Waits for a free slot on any of the routes from `start`, in plan order; undefined when the wait is over.
 * `firstSlot`, when given, is the answer already obtained for route 0 on the first pass.
 */
async function firstFreeRoute(routes: Route[], start: number, deadline: number, signal: AbortSignal, firstSlot?: FirstSlot) {
  for (;;) {
    for (let i = start; i < routes.length; i++) {
      const prefetched = i === 0 ? firstSlot : undefined;
      firstSlot = undefined;
      const release = prefetched ? prefetched.release : await acquireSlot(routes[i]!.account.id, routes[i]!.account.concurrency);
      if (release) return { index: i, release };
    }
    if (Date.now() + 25 > deadline || signal.aborted) return undefined;
    await sleep(25, signal);
  }
}

/**
 * Tries the plan's routes in order until one answers: retries with backoff (honouring Retry-After) on
 * connection errors, timeouts, 429 and 5xx, then falls back to the next route. Only runs before the first
 * byte reaches the client: `attempt` resolves when the upstream has produced its first output. `firstSlot` is
 * the first route's concurrency slot when the caller already asked for it (see gateway/admission).
 */
export async function runRoutes<T>(
  plan: Plan,
  signal: AbortSignal,
  attempt: (route: Route, signal: AbortSignal) => Promise<T>,
  firstSlot?: FirstSlot,
): Promise<Success<T>> {
  const attempts: Attempt[] = [];
  const deadline = Date.now() + routingSettings.totalTimeoutMs;
  let lastError: unknown;
  let index = 0;
  while (index < plan.routes.length) {
    const slot = await firstFreeRoute(plan.routes, index, Math.min(deadline, Date.now() + routingSettings.slotWaitMs), signal, firstSlot);
    firstSlot = undefined;
    if (!slot) {
      if (signal.aborted) break;
      throw new GatewayError(429, "every route for this model is at its concurrency limit; retry shortly", "rate_limit_error", "routes_busy", null, {
        "retry-after": "1",
      });
    }
    index = slot.index;
    const route = plan.routes[index]!;
    for (let retry = 0; retry <= routingSettings.retriesPerRoute; retry++) {
      const started = Date.now();
      // The attempt ends when the caller goes away, or when the upstream's first output is late. The first-byte
      // timeout covers that wait only, never the rest of a stream. (A listener, not AbortSignal.any: on Node 20 each
      // `any` signal is tracked by weak references that every major GC has to sweep.)
      const attemptAbort = new AbortController();
      let timedOut = false;
      const forwardAbort = () => attemptAbort.abort(signal.reason);
      if (signal.aborted) forwardAbort();
      else signal.addEventListener("abort", forwardAbort, { once: true });
      const timer = setTimeout(
        () => {
          timedOut = true;
          attemptAbort.abort();
        },
        Math.min(routingSettings.firstByteTimeoutMs, Math.max(1, deadline - started)),
      );
      try {
        const value = await breakerFor(route.account.id, route.model.id)
          .execute(() =>
            attempt(route, attemptAbort.signal).catch((err: unknown) => {
              // Our own first-byte timeout is the upstream's failure, not the caller's abort.
              if (timedOut && !signal.aborted)
                throw new UpstreamError(504, `no first byte within ${routingSettings.firstByteTimeoutMs} ms`, { retryable: true });
              throw err;
            }),
          )
          .finally(() => clearTimeout(timer));
        recordLatency(route.account.id, route.model.id, Date.now() - started);
        // A conversation stays on the account that answered it, also after falling back to it.
        if (route.affinity) rememberAccount(route.affinity, route.model.id, route.account.id);
        attempts.push({ account: route.account.id, provider: route.account.provider, model: route.model.id, status: 200, latencyMs: Date.now() - started });
        return { value, route, attempts, release: slot.release, abort: (reason) => attemptAbort.abort(reason) };
      } catch (err) {
        // A failed attempt no longer follows the caller (a successful one must: its stream goes on).
        signal.removeEventListener("abort", forwardAbort);
        lastError = err;
        const failure = isBrokenCircuitError(err) ? undefined : toGatewayError(err, route.account.provider);
        const detail = failure ? scrubSecrets(err instanceof Error ? err.message : String(err)) : undefined;
        attempts.push({
          account: route.account.id,
          provider: route.account.provider,
          model: route.model.id,
          status: isUpstreamError(err) ? err.status : (failure?.status ?? 503),
          latencyMs: Date.now() - started,
          error: failure ? failure.message : "circuit open",
          ...(detail !== undefined && { detail }),
        });
        if (detail !== undefined) getLogger().warn({ attempt: attempts.at(-1) }, "upstream attempt failed");
        if (signal.aborted) {
          slot.release();
          throw err;
        }
        const { outcome, waitMs } = await classify(err, route, routingSettings.retriesPerRoute - retry);
        if (outcome === "stop") {
          slot.release();
          throw Object.assign(toGatewayError(err, route.account.provider), { attempts });
        }
        if (outcome === "next" || Date.now() >= deadline) break;
        await sleep(waitMs || backoff(retry), signal);
      }
    }
    slot.release();
    index++;
    if (Date.now() >= deadline) break;
  }
  getLogger().warn({ attempts }, "every route failed");
  const error = isBrokenCircuitError(lastError) || lastError === undefined
    ? new GatewayError(503, "every route for this model is failing; retry later", "upstream_error", "no_healthy_route")
    : toGatewayError(lastError, plan.routes[Math.min(index, plan.routes.length - 1)]?.account.provider);
  throw Object.assign(error, { attempts });
}

/** The attempts recorded on an error thrown by runRoutes, and the route that was tried last (if any). */
export function failedRoute(plan: Plan, err: unknown): { attempts: Attempt[]; last?: Route } {
  const attempts = (err as { attempts?: Attempt[] }).attempts ?? [];
  return { attempts, last: plan.routes.find((r) => r.account.id === attempts.at(-1)?.account) };
}
