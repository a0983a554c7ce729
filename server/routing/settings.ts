/** Routing and resilience knobs (tests shorten them). */
export const routingSettings = {
  /** Time to the first byte of an attempt before it counts as failed. */
  firstByteTimeoutMs: 10_000,
  /** Silence between two chunks of a started stream before it is ended with an error event. */
  streamIdleTimeoutMs: 30_000,
  /** Whole request budget, retries and fallbacks included. */
  totalTimeoutMs: 120_000,
  /** Retries of one route before moving to the next (connection errors, 429, 5xx). */
  retriesPerRoute: 1,
  backoffBaseMs: 200,
  backoffMaxMs: 2_000,
  /** The longest Retry-After we wait out on the same route; longer ones cool the account down instead. */
  maxRetryAfterWaitMs: 3_000,
  /** Breaker: opens when this share of calls fails within the window (with at least minimumRps). */
  breakerThreshold: 0.5,
  breakerWindowMs: 30_000,
  breakerMinimumRps: 0.5,
  breakerHalfOpenAfterMs: 10_000,
  /** How long a request may wait for a free slot on a busy account before it is refused. */
  slotWaitMs: 30_000,
};
