import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { ledger, promoCodes, promoRedemptions, users } from "../../db/schema";
import { checkLedger } from "../billing/check-ledger";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { createPromo } from "./create-promo";
import { PromoError } from "./promo-error";
import { redeemPromo } from "./redeem-promo";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const uniqueCode = (prefix: string) => `${prefix}${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
const newUser = async () => (await createTestUser(handle)).user;

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(PromoError);
    return (err as PromoError).code;
  }
  throw new Error("expected a refusal");
}

async function balanceOf(userId: string) {
  const [row] = await handle.db.select({ b: users.balanceMicro }).from(users).where(eq(users.id, userId));
  return row!.b;
}

describe("redeemPromo", () => {
  it("credits the amount once per user through a promo ledger row", async () => {
    const user = await newUser();
    const code = uniqueCode("ONCE");
    await createPromo(handle.db, user.id, { code, amountMicro: 25_000_000 });
    expect(await redeemPromo(handle.db, user.id, code)).toEqual({
      code,
      amountMicro: 25_000_000,
      balanceMicro: 25_000_000,
    });
    expect(await refusal(redeemPromo(handle.db, user.id, code.toLowerCase()))).toBe("promo_already_redeemed");
    expect(await balanceOf(user.id)).toBe(25_000_000);
    const rows = await handle.db.select().from(ledger).where(eq(ledger.userId, user.id));
    expect(rows).toEqual([
      expect.objectContaining({
        kind: "promo",
        amountMicro: 25_000_000,
        balanceAfterMicro: 25_000_000,
        reference: `promo:${code}:${user.id}`,
      }),
    ]);
    const [promo] = await handle.db.select().from(promoCodes).where(eq(promoCodes.code, code));
    expect(promo!.uses).toBe(1);
  });

  it("refuses unknown, expired and exhausted codes without crediting or counting", async () => {
    const user = await newUser();
    expect(await refusal(redeemPromo(handle.db, user.id, "NOPE-NOPE"))).toBe("promo_not_redeemable");
    expect(await refusal(redeemPromo(handle.db, user.id, "   "))).toBe("promo_not_redeemable");

    const expired = uniqueCode("OLD");
    await createPromo(handle.db, user.id, {
      code: expired,
      amountMicro: 1_000_000,
      expiresAt: new Date(Date.now() - 60_000),
    });
    expect(await refusal(redeemPromo(handle.db, user.id, expired))).toBe("promo_not_redeemable");

    const single = uniqueCode("ONE");
    await createPromo(handle.db, user.id, { code: single, amountMicro: 1_000_000, maxUses: 1 });
    const first = await newUser();
    await redeemPromo(handle.db, first.id, single);
    expect(await refusal(redeemPromo(handle.db, user.id, single))).toBe("promo_not_redeemable");

    expect(await balanceOf(user.id)).toBe(0);
    const redemptions = await handle.db.select().from(promoRedemptions).where(eq(promoRedemptions.userId, user.id));
    expect(redemptions).toEqual([]);
    const [row] = await handle.db.select().from(promoCodes).where(eq(promoCodes.code, single));
    expect(row!.uses).toBe(1);
  });

  it("never exceeds max uses under concurrent redemptions", async () => {
    const code = uniqueCode("RACE");
    const admin = await newUser();
    await createPromo(handle.db, admin.id, { code, amountMicro: 3_000_000, maxUses: 3 });
    const people = await Promise.all(Array.from({ length: 12 }, () => newUser()));
    // Each person twice at the same time, too: one use per user whatever the interleaving.
    const results = await Promise.allSettled([...people, ...people].map((p) => redeemPromo(handle.db, p.id, code)));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(PromoError);
    const [promo] = await handle.db.select().from(promoCodes).where(eq(promoCodes.code, code));
    expect(promo!.uses).toBe(3);
    const [count] = await handle.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(ledger)
      .where(sql`${ledger.kind} = 'promo' and ${ledger.reference} like ${`promo:${code}:%`}`);
    expect(count!.n).toBe(3);
    const redemptions = await handle.db.select().from(promoRedemptions).where(eq(promoRedemptions.code, code));
    expect(redemptions).toHaveLength(3);
    const { problems } = await checkLedger(handle.db);
    expect(problems).toEqual([]);
  });
});
