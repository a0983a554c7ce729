import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { apiKeys, auditEvents, mailOutbox, requests } from "../../db/schema";
import { GatewayError } from "../../core/errors";
import { identify, PRINCIPAL_CACHE_MS } from "../../gateway/identify";
import { newId } from "../../ids";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { checkSpendAnomalies } from "./check-spend-anomalies";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const RUB = 1_000_000;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A key `ageDays` old that spent `dailyRub` on each of the last 7 days before the last hour, and `lastHourRub` in it. */
async function keyWithSpend(options: { ageDays: number; dailyRub: number; lastHourRub: number; pauseOnAnomaly?: boolean }) {
  const { user, caller } = await createTestUser(handle);
  const { key, record } = await caller.keys.create({ name: "watched", pauseOnAnomaly: options.pauseOnAnomaly ?? false });
  const now = Date.now();
  await handle.db.update(apiKeys).set({ createdAt: new Date(now - options.ageDays * DAY) }).where(eq(apiKeys.id, record.id));
  const spend = (costMicro: number, at: number) =>
    handle.db.insert(requests).values({ id: newId("req"), userId: user.id, keyId: record.id, endpoint: "chat", model: "m", status: 200, costMicro, latencyMs: 5, createdAt: new Date(at) });
  for (let day = 0; day < Math.min(7, options.ageDays - 1); day++) if (options.dailyRub) await spend(options.dailyRub * RUB, now - 2 * HOUR - day * DAY);
  if (options.lastHourRub) await spend(options.lastHourRub * RUB, now - 10 * 60 * 1000);
  return { user, caller, key, keyId: record.id };
}

const check = () => checkSpendAnomalies(handle.db, { baseUrl: "https://xrouter.test" });
const mine = async (keyId: string) => (await check()).filter((a) => a.keyId === keyId);
const keyRow = async (id: string) => (await handle.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!;
const mailsTo = (email: string) => handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
const eventsOf = (userId: string) => handle.db.select().from(auditEvents).where(eq(auditEvents.userId, userId));

describe("checkSpendAnomalies", () => {
  it("flags a key whose last hour cost over 10× its average day, mails the owner once, and records the event", async () => {
    const { user, keyId } = await keyWithSpend({ ageDays: 10, dailyRub: 1, lastHourRub: 12 });
    expect(await mine(keyId)).toEqual([{ keyId, userId: user.id, hourMicro: 12 * RUB, dailyAverageMicro: 1 * RUB, paused: false }]);
    expect(await keyRow(keyId)).toMatchObject({ disabledAt: null, disabledReason: null });
    const [mail] = await mailsTo(user.email);
    expect(mail!.subject).toBe("XRouter: необычные расходы по ключу watched");
    expect(mail!.text).toContain("12,00\u00a0₽");
    expect(mail!.text).toContain("https://xrouter.test/keys");
    const events = (await eventsOf(user.id)).filter((e) => e.kind === "key.spend_anomaly");
    expect(events).toMatchObject([{ actorId: null, subject: keyId, data: { hourMicro: 12 * RUB, dailyAverageMicro: 1 * RUB, paused: false } }]);

    // Told once a day at most, however long the spending goes on.
    expect(await mine(keyId)).toEqual([]);
    expect(await mailsTo(user.email)).toHaveLength(1);
  });

  it("pauses the key when its owner opted in: the gateway refuses it with the reason, and re-enabling clears it", async () => {
    const { user, caller, key, keyId } = await keyWithSpend({ ageDays: 30, dailyRub: 2, lastHourRub: 25, pauseOnAnomaly: true });
    expect(await mine(keyId)).toMatchObject([{ keyId, paused: true }]);
    expect(await keyRow(keyId)).toMatchObject({ disabledReason: "spend_anomaly", disabledAt: expect.any(Date) });
    expect((await mailsTo(user.email))[0]!.text).toContain("Ключ приостановлен");
    const refused = await identify(`Bearer ${key}`).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).message).toContain("paused after unusual spending");

    const [listed] = (await caller.keys.list()).filter((k) => k.id === keyId);
    expect(listed).toMatchObject({ status: "disabled", disabledReason: "spend_anomaly", pauseOnAnomaly: true });
    expect(await caller.keys.setDisabled({ id: keyId, disabled: false })).toMatchObject({ status: "active", disabledReason: null });
    // Not paused again the same day: the owner decided the spending is fine.
    expect(await mine(keyId)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, PRINCIPAL_CACHE_MS + 100));
    await expect(identify(`Bearer ${key}`)).resolves.toMatchObject({ keyId });
  });

  it("leaves steady, new and small keys alone", async () => {
    const steady = await keyWithSpend({ ageDays: 20, dailyRub: 100, lastHourRub: 50 });
    const fresh = await keyWithSpend({ ageDays: 0.5, dailyRub: 0, lastHourRub: 500 });
    const small = await keyWithSpend({ ageDays: 20, dailyRub: 0, lastHourRub: 5 });
    const flagged = (await check()).map((a) => a.keyId);
    for (const { keyId, user } of [steady, fresh, small]) {
      expect(flagged).not.toContain(keyId);
      expect(await mailsTo(user.email)).toEqual([]);
    }
  });

  it("averages over the key's life when it is younger than the 7 days", async () => {
    // 3 days old: 60 RUB over its ~3 days is about 20 RUB a day, so 200 RUB in an hour is not over 10×; 20 RUB is.
    const { keyId } = await keyWithSpend({ ageDays: 3, dailyRub: 30, lastHourRub: 200 });
    expect(await mine(keyId)).toEqual([]);
    const { keyId: spiking } = await keyWithSpend({ ageDays: 3, dailyRub: 10, lastHourRub: 200 });
    expect(await mine(spiking)).toMatchObject([{ keyId: spiking }]);
  });
});
