import { getMetrics } from "./registry";

const g = globalThis as { __xrouterLastReady?: boolean };

/** Records a readiness answer: each part's state, and a change of the overall answer (flapping shows as many). */
export function observeReadiness(readiness: { ready: boolean; checks: Record<string, { ok: boolean }> }): void {
  const { readiness: gauge, readinessChanges } = getMetrics();
  if (g.__xrouterLastReady !== undefined && g.__xrouterLastReady !== readiness.ready) readinessChanges.inc();
  g.__xrouterLastReady = readiness.ready;
  gauge.set({ check: "overall" }, Number(readiness.ready));
  for (const [check, { ok }] of Object.entries(readiness.checks)) gauge.set({ check }, Number(ok));
}
