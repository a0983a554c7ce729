import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { providerHealthDays, providerHealthSamples } from "../../db/schema";
import { dayInZone } from "../../core/format/time";
import type { AccountHealth } from "../../health/provider-health";
import { samplesOfRound } from "./aggregate";

/**
 * Keeps one round of health checks: a sample per provider (for the 24-hour latency percentiles) and the count
 * of its Moscow day (for the 90-day availability bars), one statement each.
 */
export async function recordHealthRound(db: Db, results: AccountHealth[], at = new Date()): Promise<void> {
  const samples = samplesOfRound(results);
  if (!samples.length) return;
  const day = dayInZone(at);
  await db.insert(providerHealthSamples).values(samples.map((s) => ({ ...s, at })));
  await db
    .insert(providerHealthDays)
    .values(samples.map((s) => ({ provider: s.provider, day, checks: 1, ok: s.ok ? 1 : 0 })))
    .onConflictDoUpdate({
      target: [providerHealthDays.provider, providerHealthDays.day],
      set: {
        checks: sql`${providerHealthDays.checks} + excluded.checks`,
        ok: sql`${providerHealthDays.ok} + excluded.ok`,
      },
    });
}
