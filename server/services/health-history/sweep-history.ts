import { lt } from "drizzle-orm";
import type { Db } from "../../db";
import { providerHealthDays, providerHealthSamples } from "../../db/schema";
import { addDays, dayInZone } from "../../core/format/time";
import { HISTORY_DAYS, SAMPLE_WINDOW_MS } from "./read-history";

/** Removes samples older than the latency window and day counts older than the bars; returns how many rows. */
export async function sweepHealthHistory(db: Db, now = new Date()): Promise<number> {
  const samples = await db
    .delete(providerHealthSamples)
    .where(lt(providerHealthSamples.at, new Date(now.getTime() - SAMPLE_WINDOW_MS)))
    .returning({ at: providerHealthSamples.at });
  const days = await db
    .delete(providerHealthDays)
    .where(lt(providerHealthDays.day, addDays(dayInZone(now), 1 - HISTORY_DAYS)))
    .returning({ day: providerHealthDays.day });
  return samples.length + days.length;
}
