import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { feedback, requests, routingRules } from "../../db/schema";
import { inArray } from "drizzle-orm";
import { stopProviderHealthChecks } from "../../health/provider-health";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { abResults } from "./ab-results";
import { getProviderStatus } from "./provider-status";
import { routingAnalytics } from "./routing-analytics";

let handle: DbHandle;
const ruleId = `rule_abtest_${crypto.randomUUID().slice(0, 8)}`;
const ruleName = `ab ${crypto.randomUUID().slice(0, 6)} 50%_x`;

beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  stopProviderHealthChecks();
  await handle.db.delete(routingRules).where(inArray(routingRules.id, [ruleId]));
  await handle?.close();
});

type Attempt = { account: string; provider: string; model: string; status: number; latencyMs: number };
const attempt = (account: string, provider: string, model: string, status: number, latencyMs = 100): Attempt => ({ account, provider, model, status, latencyMs });

describe("routing analytics", () => {
  it("breaks a far-past range down by provider, model and account (last attempt answered), per day, with A/B sides", async () => {
    const { user } = await createTestUser(handle);
    await handle.db.insert(routingRules).values({
      id: ruleId,
      position: 9_000,
      name: ruleName,
      match: { models: ["gigachat/GigaChat-2-Max"], userIds: [user.id] },
      action: { type: "split", to: "yandex/yandexgpt", percent: 50 },
      enabled: false,
    });
    const at = (day: number, hour = 10) => new Date(Date.UTC(2001, 0, day, hour));
    const row = (i: number, values: Partial<typeof requests.$inferInsert>) => ({
      id: `req_analytics_${crypto.randomUUID()}_${i}`,
      userId: user.id,
      endpoint: "chat.completions",
      model: "gigachat/GigaChat-2-Max",
      provider: "gigachat",
      status: 200,
      latencyMs: 100,
      costMicro: 1_000,
      ...values,
    });
    const reasonB = `rule '${ruleName}' (A/B: 50% to yandex/yandexgpt)`;
    const rows = [
      // A side: GigaChat Max answered by demo:gigachat, one after a failed attempt on acc_flaky.
      row(1, { createdAt: at(2), latencyMs: 100, attempts: [attempt("demo:gigachat", "gigachat", "gigachat/GigaChat-2-Max", 200)] }),
      row(2, { createdAt: at(2), latencyMs: 300, attempts: [attempt("acc_flaky", "gigachat", "gigachat/GigaChat-2-Max", 503), attempt("demo:gigachat", "gigachat", "gigachat/GigaChat-2-Max", 200)] }),
      row(3, { createdAt: at(3), status: 502, costMicro: 0, latencyMs: 50, attempts: [attempt("acc_flaky", "gigachat", "gigachat/GigaChat-2-Max", 502)] }),
      // B side: sent to YandexGPT by the rule.
      row(4, { createdAt: at(3), model: "yandex/yandexgpt", provider: "yandex", latencyMs: 200, costMicro: 3_000, routeReason: reasonB, attempts: [attempt("demo:yandex", "yandex", "yandex/yandexgpt", 200)] }),
      row(5, { createdAt: at(4), model: "yandex/yandexgpt", provider: "yandex", latencyMs: 400, costMicro: 5_000, routeReason: reasonB, attempts: [attempt("demo:yandex", "yandex", "yandex/yandexgpt", 200)] }),
      // Outside the range.
      row(6, { createdAt: at(20), attempts: [attempt("demo:gigachat", "gigachat", "gigachat/GigaChat-2-Max", 200)] }),
    ];
    await handle.db.insert(requests).values(rows);
    // Thumbs: A gets one up and one down (the failed request unrated), B two ups; the out-of-range one is ignored.
    const rate = (i: number, rating: number) => ({ requestId: rows[i]!.id, userId: user.id, rating });
    await handle.db.insert(feedback).values([rate(0, 1), rate(1, -1), rate(3, 1), rate(4, 1), rate(5, -1)]);

    const a = await routingAnalytics(handle.db, { from: "2001-01-01", to: "2001-01-07", zone: "Europe/Moscow" });
    expect(a.totals).toMatchObject({ requests: 5, errors: 1, costMicro: 10_000 });
    expect(a.days).toHaveLength(7);
    expect(a.days.find((d) => d.day === "2001-01-03")).toMatchObject({ requests: 2, errors: 1, byProvider: { gigachat: 1, yandex: 1 } });
    const giga = a.byProvider.find((p) => p.key === "gigachat")!;
    expect(giga).toMatchObject({ requests: 3, errors: 1, p50Ms: 200, costMicro: 2_000 });
    expect(giga.share).toBeCloseTo(0.6);
    expect(giga.errorRate).toBeCloseTo(1 / 3);
    expect(a.byProvider.find((p) => p.key === "yandex")).toMatchObject({ requests: 2, errors: 0, p50Ms: 300, p95Ms: 390, costMicro: 8_000 });
    expect(a.byModel.map((m) => m.key).sort()).toEqual(["gigachat/GigaChat-2-Max", "yandex/yandexgpt"]);
    expect(a.byAccount.find((r) => r.accountId === "demo:gigachat")).toMatchObject({ answered: 2, failedAttempts: 0, attempts: 2, p50Ms: 200 });
    expect(a.byAccount.find((r) => r.accountId === "acc_flaky")).toMatchObject({ answered: 0, failedAttempts: 2, attempts: 2, provider: "gigachat" });
    expect(a.byAccount.find((r) => r.accountId === "demo:yandex")).toMatchObject({ answered: 2, costMicro: 8_000 });

    const ab = (await abResults(handle.db, { from: "2001-01-01", to: "2001-01-07", zone: "Europe/Moscow" })).find((r) => r.ruleId === ruleId)!;
    expect(ab).toMatchObject({ name: ruleName, toModel: "yandex/yandexgpt", percent: 50, fromModels: ["gigachat/GigaChat-2-Max"] });
    expect(ab.a).toMatchObject({ requests: 3, errors: 1, users: 1, models: ["gigachat/GigaChat-2-Max"], p50Ms: 200, feedback: 2, thumbsUpShare: 0.5 });
    expect(ab.b).toMatchObject({ requests: 2, errors: 0, users: 1, models: ["yandex/yandexgpt"], p50Ms: 300, avgCostMicro: 4_000, feedback: 2, thumbsUpShare: 1 });
    // The feedback join leaves the request stats as they were.
    expect(ab.a.costMicro).toBe(2_000);
    expect(ab.b.costMicro).toBe(8_000);

    // Without ratings: zero feedback and no share (not 0%).
    await handle.db.delete(feedback).where(inArray(feedback.requestId, rows.map((r) => r.id)));
    const unrated = (await abResults(handle.db, { from: "2001-01-01", to: "2001-01-07", zone: "Europe/Moscow" })).find((r) => r.ruleId === ruleId)!;
    expect(unrated.a).toMatchObject({ requests: 3, feedback: 0, thumbsUpShare: null });
    expect(unrated.b).toMatchObject({ requests: 2, feedback: 0, thumbsUpShare: null });

    const empty = await routingAnalytics(handle.db, { from: "1999-01-01", to: "1999-01-01", zone: "Europe/Moscow" });
    expect(empty.totals).toMatchObject({ requests: 0, errorRate: null, p50Ms: null });
    expect(empty.days).toHaveLength(1);
  });

  it("counts the days in the reader's zone: 23:30 Moscow time is the next day in Vladivostok", async () => {
    const { user } = await createTestUser(handle);
    const lateInMoscow = new Date("2003-03-10T20:30:00Z");
    await handle.db.insert(requests).values({ id: `req_zone_${crypto.randomUUID()}`, userId: user.id, endpoint: "chat.completions", model: "gigachat/GigaChat-2", provider: "gigachat", status: 200, latencyMs: 100, createdAt: lateInMoscow });

    const vladivostok = await routingAnalytics(handle.db, { from: "2003-03-10", to: "2003-03-11", zone: "Asia/Vladivostok" });
    expect(vladivostok.days.map((d) => [d.day, d.requests])).toEqual([["2003-03-10", 0], ["2003-03-11", 1]]);
    const moscow = await routingAnalytics(handle.db, { from: "2003-03-10", to: "2003-03-11", zone: "Europe/Moscow" });
    expect(moscow.days.map((d) => [d.day, d.requests])).toEqual([["2003-03-10", 1], ["2003-03-11", 0]]);
    expect((await routingAnalytics(handle.db, { from: "2003-03-10", to: "2003-03-10", zone: "Asia/Vladivostok" })).totals.requests).toBe(0);
  });

  it("computes the last hour's error rate and percentiles per provider for the status page", async () => {
    const { user } = await createTestUser(handle);
    const now = new Date(Date.UTC(2002, 5, 1, 12));
    const rows = Array.from({ length: 10 }, (_, i) => ({
      id: `req_status_${crypto.randomUUID()}`,
      userId: user.id,
      endpoint: "chat.completions",
      model: "tbank/T-pro-it-1.0",
      provider: "tbank",
      status: i < 2 ? 503 : 200,
      latencyMs: (i + 1) * 100,
      createdAt: new Date(now.getTime() - (i + 1) * 60_000),
    }));
    rows.push({ ...rows[0]!, id: `req_status_${crypto.randomUUID()}`, createdAt: new Date(now.getTime() - 2 * 3_600_000) });
    await handle.db.insert(requests).values(rows);
    const status = await getProviderStatus(handle.db, { now, waitMs: 0 });
    const tbank = status.providers.find((p) => p.provider === "tbank")!;
    expect(tbank).toMatchObject({ requests: 10, errors: 2, p50Ms: 650 });
    expect(tbank.errorRate).toBeCloseTo(0.2);
    expect(tbank.p95Ms).toBe(965);
    expect(tbank.state === "degraded" || tbank.state === "down").toBe(true);
    expect(status.providers.find((p) => p.provider === "mts")).toMatchObject({ requests: 0, errorRate: null });
  });
});
