/** Exponentially weighted moving average of time to first token per account and model (this instance). */
const ALPHA = 0.2;
const g = globalThis as { __xrouterLatency?: Map<string, number> };

export function recordLatency(accountId: string, modelId: string, ms: number): void {
  g.__xrouterLatency ??= new Map();
  const key = `${accountId}|${modelId}`;
  const previous = g.__xrouterLatency.get(key);
  g.__xrouterLatency.set(key, previous === undefined ? ms : previous + ALPHA * (ms - previous));
}

/** Unmeasured routes rank first so each gets tried. */
export function latencyOf(accountId: string, modelId: string): number {
  return g.__xrouterLatency?.get(`${accountId}|${modelId}`) ?? 0;
}
