import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { auditEvents, topups } from "../../db/schema";
import { newId } from "../../ids";
import { createLogger } from "../../logging/logger";
import type { YooKassaClient } from "../../payments";
import type { YooKassaPayment } from "../../payments/yookassa/types";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { applyPayment } from "./apply-payment";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

describe("a credited top-up", () => {
  it("is recorded once in the owner's audit log, by the system, with the amount and payment id", async () => {
    const { user } = await createTestUser(handle);
    const topupId = newId("top");
    const paymentId = `pay-${crypto.randomUUID()}`;
    await handle.db.insert(topups).values({ id: topupId, userId: user.id, amountMicro: 150_000_000, status: "pending", idempotenceKey: crypto.randomUUID(), paymentId, test: true });
    const payment: YooKassaPayment = {
      id: paymentId,
      status: "succeeded",
      paid: true,
      amount: { value: "150.00", currency: "RUB" },
      test: true,
      created_at: new Date().toISOString(),
      metadata: { topup_id: topupId },
    };
    const deps = { db: handle.db, payments: { shopIsTest: async () => true } as unknown as YooKassaClient, log: createLogger("silent") };
    expect(await applyPayment(deps, payment)).toMatchObject({ result: "credited" });
    expect(await applyPayment(deps, payment)).toMatchObject({ result: "already_credited" });
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.userId, user.id));
    expect(events).toMatchObject([{ kind: "topup.credited", actorId: null, subject: topupId, data: { amountMicro: 150_000_000, paymentId } }]);
  });
});
