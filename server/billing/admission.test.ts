import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MemoryStore } from "../store/memory";
import { RedisStore } from "../store/redis";
import type { Store } from "../store/types";
import { admitWith } from "./admission";
import { MemoryMeter } from "./memory-meter";
import type { AdmitInput, Meter, MeterSource } from "./meter";
import { RedisMeter } from "./redis-meter";

const closers: (() => unknown)[] = [];
afterAll(() => closers.forEach((close) => close()));

const source = (balance: number): MeterSource => ({ balance: async () => balance, keySpend: async () => 0, memberSpend: async () => 0 });

/** A meter and the store whose keys (rate counters, places) it shares, as the server pairs them. */
const kinds: [string, (balance: number) => { meter: Meter; store: Store }][] = [
  ["memory", (balance) => ({ meter: new MemoryMeter(source(balance)), store: new MemoryStore() })],
  [
    "redis",
    (balance) => {
      const prefix = `xr-test:${crypto.randomUUID()}:`;
      const store = new RedisStore(inject("testRedisUrl"), prefix);
      const redis = new Redis(inject("testRedisUrl"));
      closers.push(() => store.close(), () => redis.disconnect());
      return { meter: new RedisMeter(redis, source(balance), `${prefix}meter:`, prefix), store };
    },
  ],
];

const ask = (over: Partial<AdmitInput> = {}): AdmitInput => ({
  id: `req_${crypto.randomUUID()}`,
  userId: "u",
  keyId: "k",
  amountMicro: 100,
  rate: { key: "rpm:k:1", limit: 2, windowMs: 60_000 },
  place: { key: "inflight:a", holder: crypto.randomUUID(), limit: 1, leaseMs: 60_000 },
  ...over,
});

describe.each(kinds)("admission on the %s meter", (_kind, make) => {
  it("counts the request, holds the money and takes the place", async () => {
    const { meter, store } = make(1_000);
    expect(await admitWith(meter, store, ask())).toEqual({ rateCount: 1, hold: { ok: true }, placeTaken: true });
    expect(await meter.available("u")).toBe(900);
    expect(await store.countPlaces("inflight:a")).toBe(1);
  });

  it("holds no money and takes no place for a rate-limited request, and still counts it", async () => {
    const { meter, store } = make(1_000);
    await store.incr("rpm:k:1", 2, 60_000);
    expect(await admitWith(meter, store, ask())).toEqual({ rateCount: 3, placeTaken: false });
    expect(await store.countPlaces("inflight:a")).toBe(0);
    // Nothing is held: the whole balance can still be reserved.
    expect(await meter.reserve({ id: `req_${crypto.randomUUID()}`, userId: "u", keyId: "k", amountMicro: 1_000 })).toEqual({ ok: true });
  });

  it("takes no place when the hold is refused, and counts the request once", async () => {
    const { meter, store } = make(50);
    expect(await admitWith(meter, store, ask())).toEqual({
      rateCount: 1,
      hold: { ok: false, reason: "balance", availableMicro: 50 },
      placeTaken: false,
    });
    expect(await store.countPlaces("inflight:a")).toBe(0);
    // A second reservation (the capped retry) asks without the rate count.
    expect(await admitWith(meter, store, ask({ amountMicro: 40, rate: undefined }))).toEqual({ hold: { ok: true }, placeTaken: true });
    expect(await store.get("rpm:k:1")).toBe("1");
  });

  it("takes no place when the member's monthly limit refuses the hold", async () => {
    const { meter, store } = make(1_000);
    expect(await admitWith(meter, store, ask({ member: { userId: "m", limitMicro: 50 } }))).toEqual({
      rateCount: 1,
      hold: { ok: false, reason: "member_limit", availableMicro: 50 },
      placeTaken: false,
    });
    expect(await store.countPlaces("inflight:a")).toBe(0);
    expect(await admitWith(meter, store, ask({ rate: undefined, member: { userId: "m", limitMicro: 100 } }))).toEqual({ hold: { ok: true }, placeTaken: true });
    expect(await meter.available("u")).toBe(900);
  });

  it("holds the money when the account is full: the request waits for a slot or falls back", async () => {
    const { meter, store } = make(1_000);
    expect((await admitWith(meter, store, ask())).placeTaken).toBe(true);
    expect(await admitWith(meter, store, ask())).toEqual({ rateCount: 2, hold: { ok: true }, placeTaken: false });
    expect(await meter.available("u")).toBe(800);
    expect(await store.countPlaces("inflight:a")).toBe(1);
  });

  it("asks without a rate count or a place when none is given", async () => {
    const { meter, store } = make(1_000);
    expect(await admitWith(meter, store, ask({ rate: undefined, place: undefined }))).toEqual({ hold: { ok: true }, placeTaken: false });
    expect(await store.get("rpm:k:1")).toBeNull();
    expect(await store.countPlaces("inflight:a")).toBe(0);
  });
});
