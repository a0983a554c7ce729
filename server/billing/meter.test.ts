import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MemoryMeter } from "./memory-meter";
import { IN_PROCESS_RESERVATION_TTL_MS, type Meter, type MeterSource } from "./meter";
import { RedisMeter } from "./redis-meter";

/**
 * A database stand-in: balances, key spend and organization members' spend (`wallet/member`) that the test moves as
 * a ledger would.
 */
function fakeSource(
  balances: Record<string, number>,
  spend: Record<string, number> = {},
): MeterSource & { charge(u: string, k: string, c: number, member?: string): void } {
  return {
    balance: async (userId) => balances[userId] ?? 0,
    keySpend: async (keyId) => spend[keyId] ?? 0,
    memberSpend: async (walletUserId, memberUserId) => spend[`${walletUserId}/${memberUserId}`] ?? 0,
    charge(userId, keyId, cost, member) {
      balances[userId] = (balances[userId] ?? 0) - cost;
      spend[keyId] = (spend[keyId] ?? 0) + cost;
      if (member) spend[`${userId}/${member}`] = (spend[`${userId}/${member}`] ?? 0) + cost;
    },
  };
}

const redisClients: Redis[] = [];
afterAll(() => redisClients.forEach((r) => r.disconnect()));

const kinds: [string, (source: MeterSource) => Meter][] = [
  ["memory", (source) => new MemoryMeter(source)],
  [
    "redis",
    (source) => {
      const redis = new Redis(inject("testRedisUrl"));
      redisClients.push(redis);
      return new RedisMeter(redis, source, `xr-test:${crypto.randomUUID()}:`);
    },
  ],
];

const id = () => `req_${crypto.randomUUID()}`;

describe.each(kinds)("%s meter", (_kind, make) => {
  it("reserves within the balance and refuses beyond it, naming what is available", async () => {
    const meter = make(fakeSource({ u: 1_000 }));
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 600 })).toEqual({ ok: true });
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 600 })).toEqual({
      ok: false,
      reason: "balance",
      availableMicro: 400,
    });
  });

  it("settles once: the cost is kept, the rest of the hold is freed", async () => {
    const source = fakeSource({ u: 1_000 });
    const meter = make(source);
    const first = id();
    await meter.reserve({ id: first, userId: "u", keyId: "k", amountMicro: 800 });
    source.charge("u", "k", 300);
    expect(await meter.settle(first, 300)).toBe(true);
    expect(await meter.settle(first, 300)).toBe(false);
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 700 })).toEqual({ ok: true });
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 1 })).toMatchObject({ ok: false, availableMicro: 0 });
  });

  it("counts its holds, and those whose lease ran out, for the metrics", async () => {
    const meter = make(fakeSource({ u: 1_000 }));
    const [a, b] = [id(), id()];
    await meter.reserve({ id: a, userId: "u", keyId: "k", amountMicro: 100 });
    await meter.reserve({ id: b, userId: "u", keyId: "k", amountMicro: 100 });
    expect(await meter.holds()).toEqual({ held: 2, expired: 0, oldestExpiredMs: 0 });
    // Past both the shared lease (30 s) and an in-process reservation's lifetime (10 min).
    const later = Date.now() + IN_PROCESS_RESERVATION_TTL_MS + 5_000;
    const expired = await meter.holds(later);
    expect(expired).toMatchObject({ held: 2, expired: 2 });
    expect(expired.oldestExpiredMs).toBeGreaterThanOrEqual(5_000);
    await meter.settle(a, 0);
    expect(await meter.holds(later)).toMatchObject({ held: 1, expired: 1 });
  });

  it("release frees everything and charges nothing; reserving the same id twice holds once", async () => {
    const meter = make(fakeSource({ u: 100 }));
    const same = id();
    await meter.reserve({ id: same, userId: "u", keyId: "k", amountMicro: 100 });
    expect(await meter.reserve({ id: same, userId: "u", keyId: "k", amountMicro: 100 })).toEqual({ ok: true });
    expect(await meter.release(same)).toBe(true);
    expect(await meter.release(same)).toBe(false);
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 100 })).toEqual({ ok: true });
  });

  it("holds a key's spend limit across the period, counting what it already spent", async () => {
    const meter = make(fakeSource({ u: 1_000_000 }, { k: 700 }));
    const limit = { limitMicro: 1_000, period: "month" as const };
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 300, keyLimit: limit })).toEqual({ ok: true });
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 1, keyLimit: limit })).toEqual({
      ok: false,
      reason: "key_limit",
      availableMicro: 0,
    });
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "other", amountMicro: 300, keyLimit: limit })).toEqual({ ok: true });
  });

  it("never admits more than the limit under 100 concurrent reservations", async () => {
    const meter = make(fakeSource({ u: 10_000_000 }));
    const limit = { limitMicro: 1_000_000, period: "day" as const };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 100_000, keyLimit: limit })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  it("holds an organization member's monthly limit across all the keys they made, counting what they already spent", async () => {
    const meter = make(fakeSource({ org: 1_000_000, org2: 1_000_000 }, { "org/m": 700 }));
    const m = { userId: "m", limitMicro: 1_000 };
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k1", amountMicro: 200, member: m })).toEqual({ ok: true });
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k2", amountMicro: 101, member: m })).toEqual({
      ok: false,
      reason: "member_limit",
      availableMicro: 100,
    });
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k2", amountMicro: 100, member: m })).toEqual({ ok: true });
    // Another member of the organization, and the same person in another organization, have limits of their own.
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k3", amountMicro: 500, member: { userId: "n", limitMicro: 500 } })).toEqual({ ok: true });
    expect(await meter.reserve({ id: id(), userId: "org2", keyId: "k4", amountMicro: 1_000, member: m })).toEqual({ ok: true });
    // A member without a limit spends what the balance allows.
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k5", amountMicro: 10_000, member: { userId: "o", limitMicro: null } })).toEqual({ ok: true });
  });

  it("frees a member's hold down to the cost on the final mark and counts the settled cost towards the month", async () => {
    const source = fakeSource({ org: 1_000_000 });
    const meter = make(source);
    const m = { userId: "m", limitMicro: 1_000 };
    const first = id();
    await meter.reserve({ id: first, userId: "org", keyId: "k1", amountMicro: 900, member: m });
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k2", amountMicro: 101, member: m })).toMatchObject({ reason: "member_limit" });
    await meter.mark(first, { costMicro: 300, priceId: 1, note: "model" }, true).applied;
    const second = id();
    expect(await meter.reserve({ id: second, userId: "org", keyId: "k2", amountMicro: 700, member: m })).toEqual({ ok: true });
    await meter.release(second);
    source.charge("org", "k1", 300, "m");
    expect(await meter.settle(first, 300)).toBe(true);
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k2", amountMicro: 700, member: m })).toEqual({ ok: true });
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k1", amountMicro: 1, member: m })).toMatchObject({ ok: false, availableMicro: 0 });
  });

  it("a limit set later counts what the member spent before it", async () => {
    const source = fakeSource({ org: 1_000_000 });
    const meter = make(source);
    const first = id();
    await meter.reserve({ id: first, userId: "org", keyId: "k1", amountMicro: 600, member: { userId: "m", limitMicro: null } });
    source.charge("org", "k1", 600, "m");
    await meter.settle(first, 600);
    const m = { userId: "m", limitMicro: 1_000 };
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k2", amountMicro: 401, member: m })).toMatchObject({ ok: false, availableMicro: 400 });
    expect(await meter.reserve({ id: id(), userId: "org", keyId: "k2", amountMicro: 400, member: m })).toEqual({ ok: true });
  });

  it("never admits more than a member's limit under 100 concurrent reservations on two of their keys", async () => {
    const meter = make(fakeSource({ org: 10_000_000 }));
    const m = { userId: "m", limitMicro: 1_000_000 };
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => meter.reserve({ id: id(), userId: "org", keyId: `k${i % 2}`, amountMicro: 100_000, member: m })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  it("a final mark shrinks a hold to its cost at once, keeping only the cost held until settlement", async () => {
    const meter = make(fakeSource({ u: 1_000 }));
    const first = id();
    await meter.reserve({ id: first, userId: "u", keyId: "k", amountMicro: 900 });
    await meter.mark(first, { costMicro: 300, priceId: 1, note: "m" }, false).applied;
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 101 })).toMatchObject({ ok: false, availableMicro: 100 });
    await meter.mark(first, { costMicro: 100, priceId: 1, note: "m" }, true).applied;
    await meter.mark(first, { costMicro: 500, priceId: 1, note: "m" }, true).applied;
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 900 })).toEqual({ ok: true });
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 1 })).toMatchObject({ ok: false, availableMicro: 0 });
  });

  it("lists reservations past their lifetime for the sweeper, with the charge each recorded", async () => {
    const meter = make(fakeSource({ u: 100 }));
    const [stale, marked] = [id(), id()];
    await meter.reserve({ id: stale, userId: "u", keyId: "k", amountMicro: 10 });
    await meter.reserve({ id: marked, userId: "u", keyId: "k", amountMicro: 10 });
    await meter.mark(marked, { costMicro: 7, priceId: 3, note: "model" }, false).applied;
    expect((await meter.expired(Date.now())).map((r) => r.id)).not.toContain(stale);
    const expired = await meter.expired(Date.now() + 11 * 60 * 1000);
    expect(expired).toContainEqual({ id: stale, userId: "u", keyId: "k", mark: undefined });
    expect(expired).toContainEqual({ id: marked, userId: "u", keyId: "k", mark: { costMicro: 7, priceId: 3, note: "model" } });
  });
});
