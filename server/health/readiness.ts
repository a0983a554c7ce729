import { sql } from "drizzle-orm";
import { getBilling } from "../billing";
import type { ChargeBacklog } from "../billing/charges";
import { getDb } from "../db";
import { getLogger } from "../logging/logger";
import { observeReadiness } from "../metrics/observe-readiness";
import { isDraining } from "../net/drain";
import { getStore } from "../store";

export interface Readiness {
  ready: boolean;
  checks: Record<"database" | "store" | "billing", { ok: boolean; error?: string }>;
}

/** A charge waiting longer than this means booking is stuck (it normally waits a fraction of a second). */
export const STUCK_CHARGE_MS = 60_000;

type Check = { ok: boolean; error?: string };

/** Charges are being booked: none has waited longer than STUCK_CHARGE_MS. */
export function billingReadiness({ waiting, oldestMs }: ChargeBacklog): Check {
  return oldestMs < STUCK_CHARGE_MS
    ? { ok: true }
    : { ok: false, error: `${waiting} charges waiting to be booked, the oldest for ${Math.round(oldestMs / 1000)} s` };
}

/** A part answers within the time. The answer is public: it names the part that failed, never a host or a driver's message. */
export async function probeReadiness(part: string, probe: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), timeoutMs)))]);
    return { ok: true };
  } catch (err) {
    getLogger().warn({ part, code: (err as NodeJS.ErrnoException).code ?? (err as Error).name }, "readiness check failed");
    return { ok: false, error: timer && (err as Error).message === "timeout" ? `no answer within ${timeoutMs} ms` : "unreachable" };
  } finally {
    clearTimeout(timer);
  }
}

/** Readiness: the database and the store both answer, and charges are being booked. */
export async function checkReadiness(): Promise<Readiness> {
  const [database, store] = await Promise.all([
    probeReadiness("database", async () => (await getDb()).execute(sql`select 1`)),
    probeReadiness("store", () => getStore().ping()),
  ]);
  const billing = billingReadiness(getBilling().charges.backlog());
  const readiness = { ready: database.ok && store.ok && billing.ok, checks: { database, store, billing } };
  observeReadiness(readiness);
  return readiness;
}

/**
 * The answer of /api/ready: 200 when ready; 503 `{"status":"draining"}` once the process is stopping (before it
 * stops accepting, so a balancer sends elsewhere first), or 503 naming the failing parts.
 */
export async function readinessAnswer(): Promise<{ status: 200 | 503; body: object }> {
  if (isDraining()) return { status: 503, body: { status: "draining" } };
  const readiness = await checkReadiness();
  if (readiness.ready) return { status: 200, body: { status: "ready", checks: readiness.checks } };
  const failing = Object.entries(readiness.checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  return { status: 503, body: { status: "unavailable", failing, checks: readiness.checks } };
}
