import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { apiKeys, mailOutbox, promoCodes, topups, users } from "../../db/schema";
import { newId } from "../../ids";
import { bookTestRow } from "../../services/billing/statement-test-helpers";
import { monthOf } from "../../services/billing/statement-period";
import { createTestUser, errorOf, openTrpcTestDb } from "../../testing/trpc";
import { createCaller } from "../root";

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTrpcTestDb();
});

afterAll(async () => {
  await handle?.close();
});

const anonymous = () => createCaller({ db: handle.db, user: undefined });

/** A with 10 RUB credited and a 1.5 RUB charge through its key "a-key"; B with nothing. */
async function twoUsers() {
  const a = await createTestUser(handle);
  const b = await createTestUser(handle);
  const keyId = newId("key");
  await handle.db
    .insert(apiKeys)
    .values({ id: keyId, userId: a.user.id, name: "a-key", hash: `h-${keyId}`, prefix: "xr-a…" });
  await bookTestRow(handle.db, {
    userId: a.user.id,
    kind: "topup",
    amountMicro: 10_000_000,
    reference: `pay-${keyId}`,
  });
  await bookTestRow(handle.db, {
    userId: a.user.id,
    kind: "charge",
    amountMicro: -1_500_000,
    reference: `req-${keyId}`,
    keyId,
    note: "m/x",
  });
  return { a, b, keyId };
}

describe("billing.balance", () => {
  it("returns the caller's own balance and threshold; B never sees A's", async () => {
    const { a, b } = await twoUsers();
    expect(await a.caller.billing.balance()).toEqual({ balanceMicro: 8_500_000, lowBalanceThresholdMicro: null });
    expect(await b.caller.billing.balance()).toEqual({ balanceMicro: 0, lowBalanceThresholdMicro: null });
    expect((await errorOf(anonymous().billing.balance())).code).toBe("UNAUTHORIZED");
  });
});

describe("billing.ledger", () => {
  it("pages the caller's ledger newest first with the key name on charges; B sees none of A's rows", async () => {
    const { a, b, keyId } = await twoUsers();
    for (let i = 0; i < 3; i++)
      await bookTestRow(handle.db, { userId: a.user.id, kind: "adjustment", amountMicro: 1_000_000 });
    const first = await a.caller.billing.ledger({ limit: 2 });
    expect(first.entries.map((e) => e.kind)).toEqual(["adjustment", "adjustment"]);
    expect(first.entries[0]!.balanceAfterMicro).toBe(11_500_000);
    expect(first.nextCursor).not.toBeNull();
    const second = await a.caller.billing.ledger({ limit: 2, cursor: first.nextCursor });
    const third = await a.caller.billing.ledger({ limit: 2, cursor: second.nextCursor });
    expect(second.entries.map((e) => e.kind)).toEqual(["adjustment", "charge"]);
    expect(second.entries[1]).toMatchObject({
      keyId,
      keyName: "a-key",
      amountMicro: -1_500_000,
      balanceAfterMicro: 8_500_000,
    });
    expect(third.entries.map((e) => e.kind)).toEqual(["topup"]);
    expect(third.nextCursor).toBeNull();

    // B gets nothing, not even by passing A's cursor; a charge of B's citing A's key does not reveal its name.
    expect((await b.caller.billing.ledger({})).entries).toEqual([]);
    expect((await b.caller.billing.ledger({ cursor: first.nextCursor })).entries).toEqual([]);
    await bookTestRow(handle.db, { userId: b.user.id, kind: "charge", amountMicro: -1, keyId });
    expect((await b.caller.billing.ledger({})).entries[0]).toMatchObject({ keyId, keyName: null });
    expect((await errorOf(anonymous().billing.ledger({}))).code).toBe("UNAUTHORIZED");
  });
});

describe("billing.topups", () => {
  it("lists the caller's top-ups only", async () => {
    const { a, b } = await twoUsers();
    for (const status of ["credited", "canceled", "pending"] as const) {
      await handle.db.insert(topups).values({
        id: newId("top"),
        userId: a.user.id,
        amountMicro: 500_000_000,
        status,
        idempotenceKey: crypto.randomUUID(),
      });
    }
    const page = await a.caller.billing.topups({ limit: 2 });
    expect(page.topups).toHaveLength(2);
    expect(page.more).toBe(true);
    expect((await a.caller.billing.topups({})).topups).toHaveLength(3);
    expect(await b.caller.billing.topups({})).toEqual({ topups: [], more: false });
    expect((await errorOf(anonymous().billing.topups({}))).code).toBe("UNAUTHORIZED");
  });
});

describe("billing.statementMonths", () => {
  it("lists the months since the account was created with the caller's movement counts only", async () => {
    const { a, b } = await twoUsers();
    expect(await a.caller.billing.statementMonths()).toEqual([{ month: monthOf(new Date()), movements: 2 }]);
    expect(await b.caller.billing.statementMonths()).toEqual([{ month: monthOf(new Date()), movements: 0 }]);
    expect((await errorOf(anonymous().billing.statementMonths())).code).toBe("UNAUTHORIZED");
  });
});

describe("billing.setLowBalanceThreshold", () => {
  it("sets and clears the caller's own threshold, refuses nonsense, mails at once when already below", async () => {
    const { a, b } = await twoUsers();
    expect(await a.caller.billing.setLowBalanceThreshold({ thresholdRub: "5.50" })).toEqual({
      lowBalanceThresholdMicro: 5_500_000,
    });
    expect((await a.caller.billing.balance()).lowBalanceThresholdMicro).toBe(5_500_000);
    expect((await b.caller.billing.balance()).lowBalanceThresholdMicro).toBeNull();

    // B (0 ₽) sets 1 ₽: already below, so the warning goes out now; A's threshold is untouched.
    await b.caller.billing.setLowBalanceThreshold({ thresholdRub: "1" });
    const mails = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, b.user.email));
    expect(mails).toHaveLength(1);
    expect((await a.caller.billing.balance()).lowBalanceThresholdMicro).toBe(5_500_000);

    for (const bad of ["-1", "0", "abc", "1.001"]) {
      expect((await errorOf(a.caller.billing.setLowBalanceThreshold({ thresholdRub: bad }))).message).toBe(
        "threshold_invalid",
      );
    }
    expect(await a.caller.billing.setLowBalanceThreshold({ thresholdRub: null })).toEqual({
      lowBalanceThresholdMicro: null,
    });
    expect((await errorOf(anonymous().billing.setLowBalanceThreshold({ thresholdRub: "1" }))).code).toBe(
      "UNAUTHORIZED",
    );
  });
});

describe("billing.redeemPromo", () => {
  it("credits the caller only, once; another user can still redeem it; unknown codes are refused", async () => {
    const { a, b } = await twoUsers();
    const code = `BILL${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    await handle.db.insert(promoCodes).values({ code, amountMicro: 50_000_000 });
    const result = await a.caller.billing.redeemPromo({ code: ` ${code.toLowerCase()} ` });
    expect(result).toEqual({ code, amountMicro: 50_000_000, balanceMicro: 58_500_000 });
    expect((await b.caller.billing.balance()).balanceMicro).toBe(0);
    const again = await errorOf(a.caller.billing.redeemPromo({ code }));
    expect([again.code, again.message]).toEqual(["CONFLICT", "promo_already_redeemed"]);
    expect((await b.caller.billing.redeemPromo({ code })).balanceMicro).toBe(50_000_000);
    expect((await b.caller.billing.ledger({})).entries[0]).toMatchObject({
      kind: "promo",
      reference: `promo:${code}:${b.user.id}`,
    });
    const unknown = await errorOf(a.caller.billing.redeemPromo({ code: "NO-SUCH-CODE" }));
    expect([unknown.code, unknown.message]).toEqual(["BAD_REQUEST", "promo_not_redeemable"]);
    expect((await errorOf(anonymous().billing.redeemPromo({ code }))).code).toBe("UNAUTHORIZED");
    const [row] = await handle.db.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, a.user.id));
    expect(row!.balance).toBe(58_500_000);
  });

  it("answers an unknown, an expired and a used-up code alike, so answers do not tell which codes exist", async () => {
    const { a, b } = await twoUsers();
    const expired = `OLD${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    const usedUp = `USED${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    await handle.db.insert(promoCodes).values([
      { code: expired, amountMicro: 1_000_000, expiresAt: new Date(Date.now() - 60_000) },
      { code: usedUp, amountMicro: 1_000_000, maxUses: 1 },
    ]);
    await b.caller.billing.redeemPromo({ code: usedUp });
    for (const code of ["NO-SUCH-CODE", expired, usedUp]) {
      const refused = await errorOf(a.caller.billing.redeemPromo({ code }));
      expect([refused.code, refused.message]).toEqual(["BAD_REQUEST", "promo_not_redeemable"]);
    }
  });

  it("gives a user 10 redemption attempts an hour and an address 30, whatever the answers", async () => {
    const ip = `ip-${crypto.randomUUID()}`;
    const fromIp = async () => {
      const { user } = await createTestUser(handle);
      return createCaller({ db: handle.db, user: { id: user.id, email: user.email, role: "user" }, source: { ip } });
    };
    const code = `LIM${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    await handle.db.insert(promoCodes).values({ code, amountMicro: 1_000_000 });
    const first = await fromIp();
    for (let i = 0; i < 10; i++) await errorOf(first.billing.redeemPromo({ code: `GUESS-${i}` }));
    const limited = await errorOf(first.billing.redeemPromo({ code }));
    expect([limited.code, limited.message]).toEqual(["TOO_MANY_REQUESTS", "too_many_attempts"]);

    const others = [await fromIp(), await fromIp()];
    for (const caller of others) for (let i = 0; i < 10; i++) await errorOf(caller.billing.redeemPromo({ code: `GUESS-${i}` }));
    const fromSameAddress = await errorOf((await fromIp()).billing.redeemPromo({ code }));
    expect(fromSameAddress.code).toBe("TOO_MANY_REQUESTS");
    const elsewhere = await createTestUser(handle);
    expect((await elsewhere.caller.billing.redeemPromo({ code })).amountMicro).toBe(1_000_000);
  });
});
