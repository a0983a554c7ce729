import { describe, expect, it } from "vitest";
import type { AccountHealth } from "../../health/provider-health";
import { dailyBars, latencyPercentiles, overallAvailability, samplesOfRound } from "./aggregate";

const check = (provider: string, ok: boolean, latencyMs: number): AccountHealth => ({
  accountId: `${provider}-${latencyMs}`,
  provider,
  name: provider,
  ok,
  latencyMs,
  checkedAt: new Date(),
  failuresInARow: ok ? 0 : 1,
});

describe("the health history's aggregation", () => {
  it("makes one sample per provider: up when any account passed, the passing accounts' mean latency", () => {
    const samples = samplesOfRound([
      check("mts", true, 100),
      check("mts", false, 9000),
      check("mts", true, 201),
      check("yandex", false, 10_000),
    ]);
    expect(samples).toEqual([
      { provider: "mts", ok: true, latencyMs: 151 },
      { provider: "yandex", ok: false, latencyMs: null },
    ]);
    expect(samplesOfRound([])).toEqual([]);
  });

  it("takes p50/p95/p99 by nearest rank, so each is a latency that was measured", () => {
    const latencies = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(latencyPercentiles(latencies)).toEqual({ p50: 50, p95: 95, p99: 99, samples: 100 });
    expect(latencyPercentiles([42])).toEqual({ p50: 42, p95: 42, p99: 42, samples: 1 });
    expect(latencyPercentiles([10, 20, 1000])).toEqual({ p50: 20, p95: 1000, p99: 1000, samples: 3 });
    expect(latencyPercentiles([])).toBeNull();
  });

  it("lays the day counts out as the last N days, oldest first, across a month end, with empty days", () => {
    const bars = dailyBars(
      [
        { day: "2026-02-27", checks: 1440, ok: 1440 },
        { day: "2026-03-01", checks: 1000, ok: 990 },
        { day: "2026-01-01", checks: 5, ok: 0 }, // older than the window
      ],
      "2026-03-02",
      5,
    );
    expect(bars.map((b) => b.day)).toEqual(["2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(bars.map((b) => b.availability)).toEqual([null, 1, null, 0.99, null]);
    expect(overallAvailability(bars)).toBeCloseTo(2430 / 2440);
    expect(overallAvailability(dailyBars([], "2026-03-02", 90))).toBeNull();
    expect(dailyBars([], "2026-03-02", 90)).toHaveLength(90);
  });
});
