import type { RequestRecord } from "../core/request-record";
import { getMetrics } from "./registry";

/** Counts one finished API request (in memory: no I/O on the hot path). */
export function observeRequest(row: RequestRecord): void {
  const m = getMetrics();
  const provider = row.provider ?? "none";
  m.requests.inc({ endpoint: row.endpoint, provider, model: row.model, status: String(row.status) });
  m.duration.observe({ endpoint: row.endpoint, provider }, row.latencyMs / 1000);
  if (row.firstTokenMs) m.firstToken.observe({ provider }, row.firstTokenMs / 1000);
  if (row.promptTokens) m.tokens.inc({ provider, direction: "input" }, row.promptTokens);
  if (row.completionTokens) m.tokens.inc({ provider, direction: "output" }, row.completionTokens);
  if (row.costMicro) m.costRub.inc({ provider }, row.costMicro / 1_000_000);
  for (const attempt of row.attempts ?? [])
    m.attempts.inc({ provider: attempt.provider, account: attempt.account, outcome: attempt.status === 200 ? "ok" : String(attempt.status) });
}
