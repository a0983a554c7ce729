import type { RequestRecord } from "../core/request-record";
import { getMetrics } from "./registry";

/** Counts one finished API request (in memory: no I/O on the hot path). */
export function observeRequest(row: RequestRecord): void {
  const m = getMetrics();
  const provider = row.provider ?? "none";
  const { endpoint, model } = row;
  m.requests.inc({ endpoint, provider, model, status: String(row.status) });
  m.duration.observe({ endpoint, provider }, row.latencyMs / 1000);
  if (row.firstTokenMs) m.firstToken.observe({ provider }, row.firstTokenMs / 1000);
  if (row.promptTokens) m.tokens.inc({ provider, model, direction: "input" }, row.promptTokens);
  if (row.completionTokens) m.tokens.inc({ provider, model, direction: "output" }, row.completionTokens);
  if (row.costMicro) m.costRub.inc({ provider, model }, row.costMicro / 1_000_000);
  let upstreamMs = 0;
  for (const attempt of row.attempts ?? []) {
    upstreamMs += attempt.latencyMs;
    const ok = attempt.status === 200;
    m.attempts.inc({ provider: attempt.provider, account: attempt.account, outcome: ok ? "ok" : String(attempt.status) });
    m.upstream.observe({ provider: attempt.provider, outcome: ok ? "ok" : "error" }, attempt.latencyMs / 1000);
  }
  // Until the answer: a stream's first token (its attempt ended at the upstream's first chunk), else the end.
  const answeredMs = row.stream && row.firstTokenMs ? row.firstTokenMs : row.latencyMs;
  m.overhead.observe({ endpoint }, Math.max(0, answeredMs - upstreamMs) / 1000);
}

const DEPENDENCY_OF_CODE: Record<string, "store" | "database"> = { store_unavailable: "store", database_unavailable: "database" };

/** Counts an API error answered because the store or the database was unreachable (other codes: nothing). */
export function observeApiError(code: string | null): void {
  const dependency = code === null ? undefined : DEPENDENCY_OF_CODE[code];
  if (dependency) getMetrics().dependencyErrors.inc({ dependency });
}
