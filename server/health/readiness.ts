import { sql } from "drizzle-orm";
import { getBilling } from "../billing";
import { getDb } from "../db";
import { getStore } from "../store";

export interface Readiness {
  ready: boolean;
  checks: Record<"database" | "store" | "billing", { ok: boolean; error?: string }>;
}

/** A charge waiting longer than this means booking is stuck (it normally waits a fraction of a second). */
export const STUCK_CHARGE_MS = 60_000;

function billingCheck(): { ok: boolean; error?: string } {
  const { waiting, oldestMs } = getBilling().charges.backlog();
  return oldestMs < STUCK_CHARGE_MS
    ? { ok: true }
    : { ok: false, error: `${waiting} charges waiting to be booked, the oldest for ${Math.round(oldestMs / 1000)} s` };
}

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Readiness: the database and the store both answer, and charges are being booked. */
export async function checkReadiness(): Promise<Readiness> {
  const [database, store] = await Promise.all([
    check(async () => (await getDb()).execute(sql`select 1`)),
    check(() => getStore().ping()),
  ]);
  const billing = billingCheck();
  return { ready: database.ok && store.ok && billing.ok, checks: { database, store, billing } };
}
