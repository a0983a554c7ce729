import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getBilling } from "../../billing";
import type { DbHandle } from "../../db/client";
import { ledger, promoCodes, promoRedemptions, users } from "../../db/schema";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { createPromo } from "./create-promo";
import { redeemPromo } from "./redeem-promo";

const failure = vi.hoisted(() => ({ fail: false }));

vi.mock("../credits/add-credits", async (original) => {
  const real = await original<typeof import("../credits/add-credits")>();
  return {
    ...real,
    addCredits: async (...args: Parameters<typeof real.addCredits>) => {
      const result = await real.addCredits(...args);
      if (failure.fail) throw new Error("crash after the credit, before the commit");
      return result;
    },
  };
});

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

describe("redeemPromo atomicity", () => {
  it("a failure rolls back the credit, the redemption and the use together; a retry then succeeds", async () => {
    const { user } = await createTestUser(handle);
    const code = `ATOM${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await createPromo(handle.db, user.id, { code, amountMicro: 7_000_000, maxUses: 1 });

    // The gateway has the user's balance cached: a rolled-back credit must not reach it.
    const { meter } = getBilling();
    const warm = `req_${crypto.randomUUID()}`;
    await meter.reserve({ id: warm, userId: user.id, keyId: "k", amountMicro: 0 });
    await meter.release(warm);

    failure.fail = true;
    await expect(redeemPromo(handle.db, user.id, code)).rejects.toThrow(/crash/);
    failure.fail = false;
    expect(await meter.available(user.id)).toBe(0);

    const [balance] = await handle.db.select({ b: users.balanceMicro }).from(users).where(eq(users.id, user.id));
    expect(balance!.b).toBe(0);
    expect(await handle.db.select().from(ledger).where(eq(ledger.userId, user.id))).toEqual([]);
    expect(await handle.db.select().from(promoRedemptions).where(eq(promoRedemptions.code, code))).toEqual([]);
    const [promo] = await handle.db.select().from(promoCodes).where(eq(promoCodes.code, code));
    expect(promo!.uses).toBe(0);

    expect((await redeemPromo(handle.db, user.id, code)).balanceMicro).toBe(7_000_000);
    expect(await meter.available(user.id)).toBe(7_000_000);
  });
});
