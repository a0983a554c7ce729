import { and, eq, gte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db";
import { providerHealthDays, providerHealthSamples } from "../../db/schema";
import { addDays, dayInZone } from "../../core/format/time";
import { checkProviderHealthNow, stopProviderHealthChecks } from "../../health/provider-health";
import { startTestApi, type TestApi } from "../../testing/api-server";
import { getHealthHistory, HISTORY_DAYS } from "./read-history";
import { recordHealthRound } from "./record-round";
import { sweepHealthHistory } from "./sweep-history";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  stopProviderHealthChecks();
  await api?.close();
});

const HOUR_MS = 60 * 60 * 1000;

describe("the health history", () => {
  it("keeps every round of checks the runtime runs: a sample per provider and its day's count", async () => {
    const db = await getDb();
    const since = new Date();
    const today = dayInZone(since);
    const before = await db
      .select()
      .from(providerHealthDays)
      .where(and(eq(providerHealthDays.provider, "gigachat"), eq(providerHealthDays.day, today)));
    await checkProviderHealthNow();

    const samples = await db.select().from(providerHealthSamples).where(gte(providerHealthSamples.at, since));
    for (const provider of ["gigachat", "yandex", "mts", "tbank"]) {
      const mine = samples.filter((s) => s.provider === provider);
      expect(mine.length, provider).toBeGreaterThanOrEqual(1);
      expect(mine.at(-1)).toMatchObject({ ok: true, latencyMs: expect.any(Number) as number });
    }
    const [after] = await db
      .select()
      .from(providerHealthDays)
      .where(and(eq(providerHealthDays.provider, "gigachat"), eq(providerHealthDays.day, today)));
    expect(after!.checks).toBeGreaterThanOrEqual((before[0]?.checks ?? 0) + 1);
    expect(after!.ok).toBeGreaterThanOrEqual((before[0]?.ok ?? 0) + 1);

    const history = (await getHealthHistory(db, ["gigachat"])).get("gigachat")!;
    expect(history.days).toHaveLength(HISTORY_DAYS);
    expect(history.days.at(-1)).toMatchObject({ day: today });
    expect(history.days.at(-1)!.availability).toBeGreaterThan(0);
    expect(history.latency!.samples).toBeGreaterThanOrEqual(1);
  });

  it("counts failed rounds, reads percentiles of the passing ones, and sweeps what is past its window", async () => {
    const db = await getDb();
    const provider = `test-${crypto.randomUUID().slice(0, 8)}`;
    const now = new Date();
    const result = (ok: boolean, latencyMs: number, at: Date) => ({
      accountId: "a",
      provider,
      name: "a",
      ok,
      latencyMs,
      checkedAt: at,
      failuresInARow: 0,
    });
    const old = new Date(now.getTime() - 100 * 24 * HOUR_MS);
    await recordHealthRound(db, [result(true, 10, old)], old);
    await recordHealthRound(
      db,
      [result(true, 30, new Date(now.getTime() - 30 * HOUR_MS))],
      new Date(now.getTime() - 30 * HOUR_MS),
    );
    for (const [ok, ms] of [
      [true, 100],
      [true, 200],
      [false, 10_000],
    ] as const)
      await recordHealthRound(db, [result(ok, ms, now)], now);

    const history = (await getHealthHistory(db, [provider], now)).get(provider)!;
    expect(history.latency).toEqual({ p50: 100, p95: 200, p99: 200, samples: 2 });
    expect(history.days.at(-1)).toMatchObject({ day: dayInZone(now), checks: 3, ok: 2 });

    expect(await sweepHealthHistory(db, now)).toBeGreaterThanOrEqual(3);
    const samples = await db.select().from(providerHealthSamples).where(eq(providerHealthSamples.provider, provider));
    expect(samples).toHaveLength(3);
    const days = await db
      .select({ day: providerHealthDays.day })
      .from(providerHealthDays)
      .where(eq(providerHealthDays.provider, provider));
    expect(days.map((d) => d.day).sort()).toEqual(
      [...new Set([dayInZone(new Date(now.getTime() - 30 * HOUR_MS)), dayInZone(now)])].sort(),
    );
    expect(days.every((d) => d.day >= addDays(dayInZone(now), 1 - HISTORY_DAYS))).toBe(true);
  });
});
