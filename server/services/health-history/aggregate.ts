import type { AccountHealth } from "../../health/provider-health";
import { addDays } from "../../core/format/time";

/** One provider's result in one round of health checks. */
export interface ProviderSample {
  provider: string;
  /** At least one of its accounts passed: requests can be routed to it. */
  ok: boolean;
  /** Mean latency of the passing accounts; null when none passed. */
  latencyMs: number | null;
}

/** A round's account results as one sample per provider (providers without accounts have none). */
export function samplesOfRound(results: AccountHealth[]): ProviderSample[] {
  const byProvider = new Map<string, AccountHealth[]>();
  for (const r of results) byProvider.set(r.provider, [...(byProvider.get(r.provider) ?? []), r]);
  return [...byProvider].map(([provider, checks]) => {
    const passing = checks.filter((c) => c.ok);
    return {
      provider,
      ok: passing.length > 0,
      latencyMs: passing.length ? Math.round(passing.reduce((sum, c) => sum + c.latencyMs, 0) / passing.length) : null,
    };
  });
}

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
  samples: number;
}

/** p50/p95/p99 by the nearest-rank method (always a latency that was measured); null without samples. */
export function latencyPercentiles(latencies: number[]): LatencyPercentiles | null {
  if (!latencies.length) return null;
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), samples: sorted.length };
}

export interface DayCount {
  day: string;
  checks: number;
  ok: number;
}

export interface DayBar extends DayCount {
  /** ok / checks, 0..1; null on a day without checks. */
  availability: number | null;
}

/** The last `days` calendar days up to `today` (YYYY-MM-DD), oldest first, with the days nothing was checked. */
export function dailyBars(counts: DayCount[], today: string, days: number): DayBar[] {
  const byDay = new Map(counts.map((c) => [c.day, c]));
  return Array.from({ length: days }, (_, i) => {
    const day = addDays(today, i - days + 1);
    const count = byDay.get(day);
    return count && count.checks > 0
      ? { ...count, availability: count.ok / count.checks }
      : { day, checks: 0, ok: 0, availability: null };
  });
}

/** The share of passed checks over all the bars' days; null when nothing was checked. */
export function overallAvailability(bars: DayBar[]): number | null {
  const checks = bars.reduce((sum, b) => sum + b.checks, 0);
  return checks ? bars.reduce((sum, b) => sum + b.ok, 0) / checks : null;
}
