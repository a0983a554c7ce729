import { CircuitBreakerPolicy, CircuitState, circuitBreaker, handleWhen, SamplingBreaker } from "cockatiel";
import { isUpstreamError } from "../core/upstream-error";
import { routingSettings } from "./settings";

/**
 * Failures that count against a route: the upstream's 5xx, and (as 502/504 UpstreamErrors from providers/http)
 * unreachable and timed out. Quota answers (402/429) cool the account down instead, a bad request (other 4xx)
 * says nothing about the route's health, and neither does our own bug (say a RangeError building the request)
 * or the caller going away.
 */
export function isRouteFailure(err: unknown): boolean {
  return isUpstreamError(err) && err.status >= 500;
}

const g = globalThis as { __xrouterBreakers?: Map<string, CircuitBreakerPolicy>; __xrouterBrokenAt?: Map<string, number> };

/** The breaker of one account and model: opens on a sliding-window error rate, then probes half-open. */
export function breakerFor(accountId: string, modelId: string): CircuitBreakerPolicy {
  g.__xrouterBreakers ??= new Map();
  const key = `${accountId}|${modelId}`;
  let breaker = g.__xrouterBreakers.get(key);
  if (!breaker) {
    breaker = circuitBreaker(handleWhen(isRouteFailure), {
      halfOpenAfter: routingSettings.breakerHalfOpenAfterMs,
      breaker: new SamplingBreaker({
        threshold: routingSettings.breakerThreshold,
        duration: routingSettings.breakerWindowMs,
        minimumRps: routingSettings.breakerMinimumRps,
      }),
    });
    g.__xrouterBrokenAt ??= new Map();
    breaker.onBreak(() => g.__xrouterBrokenAt!.set(key, Date.now()));
    g.__xrouterBreakers.set(key, breaker);
  }
  return breaker;
}

/**
 * True while the breaker is open and its half-open probe is not yet due. Once due, the route ranks
 * normally again so that real traffic makes the probe (cockatiel only turns half-open on a call).
 */
export function isOpen(accountId: string, modelId: string): boolean {
  const key = `${accountId}|${modelId}`;
  const state = g.__xrouterBreakers?.get(key)?.state;
  if (state === CircuitState.Isolated) return true;
  if (state !== CircuitState.Open) return false;
  return Date.now() - (g.__xrouterBrokenAt?.get(key) ?? 0) < routingSettings.breakerHalfOpenAfterMs;
}

/** Every breaker this process has made, and whether it is open (metrics read them at scrape time). */
export function breakerStates(): { accountId: string; modelId: string; open: boolean }[] {
  return [...(g.__xrouterBreakers ?? [])].map(([key, breaker]) => {
    const [accountId = "", modelId = ""] = key.split("|");
    return { accountId, modelId, open: breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated };
  });
}
