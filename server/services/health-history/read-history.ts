import { and, eq, gte } from "drizzle-orm";
import type { Db } from "../../db";
import { providerHealthDays, providerHealthSamples } from "../../db/schema";
import { addDays, dayInZone } from "../../core/format/time";
import { dailyBars, latencyPercentiles, overallAvailability, type DayBar, type LatencyPercentiles } from "./aggregate";

/** The availability bars cover this many Moscow days, today included. */
export const HISTORY_DAYS = 90;
/** The latency percentiles cover this window. */
export const SAMPLE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ProviderHistory {
  days: DayBar[];
  /** Over all the days; null when nothing was checked. */
  availability: number | null;
  /** Of the passing checks in the last 24 hours; null without any. */
  latency: LatencyPercentiles | null;
}

/** Each provider's 90 daily availability bars (oldest first) and its health-check latency over the last 24 hours. */
export async function getHealthHistory(
  db: Db,
  providers: string[],
  now = new Date(),
): Promise<Map<string, ProviderHistory>> {
  const today = dayInZone(now);
  const [days, samples] = await Promise.all([
    db
      .select()
      .from(providerHealthDays)
      .where(gte(providerHealthDays.day, addDays(today, 1 - HISTORY_DAYS))),
    db
      .select({ provider: providerHealthSamples.provider, latencyMs: providerHealthSamples.latencyMs })
      .from(providerHealthSamples)
      .where(
        and(
          gte(providerHealthSamples.at, new Date(now.getTime() - SAMPLE_WINDOW_MS)),
          eq(providerHealthSamples.ok, true),
        ),
      ),
  ]);
  return new Map(
    providers.map((provider) => {
      const bars = dailyBars(
        days.filter((d) => d.provider === provider),
        today,
        HISTORY_DAYS,
      );
      const latencies = samples.flatMap((s) => (s.provider === provider && s.latencyMs !== null ? [s.latencyMs] : []));
      return [
        provider,
        { days: bars, availability: overallAvailability(bars), latency: latencyPercentiles(latencies) },
      ];
    }),
  );
}

const CACHE_MS = 30_000;
const g = globalThis as { __xrouterHealthHistory?: { at: number; value: Promise<Map<string, ProviderHistory>> } };

/** The public page's history, read at most every 30 s per instance (a round of checks is a minute apart). */
export function getCachedHealthHistory(db: Db, providers: string[]): Promise<Map<string, ProviderHistory>> {
  const cached = g.__xrouterHealthHistory;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = getHealthHistory(db, providers);
  g.__xrouterHealthHistory = { at: Date.now(), value };
  value.catch(() => (g.__xrouterHealthHistory = undefined));
  return value;
}
