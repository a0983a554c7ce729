import { describe, expect, it } from "vitest";
import { MEMORY_METER_REFRESH_MS, MemoryMeter } from "./memory-meter";
import type { MeterSource } from "./meter";

/**
 * A database stand-in that counts its reads. `hold()` makes the next reads wait until the returned
 * function is called (they answer with the values as they are then, or as given).
 */
function countingSource(balances: Record<string, number>, spend: Record<string, number> = {}) {
  const reads = { balance: 0, keySpend: 0 };
  let gate: Promise<void> | undefined;
  const source: MeterSource = {
    async balance(userId) {
      reads.balance++;
      const value = balances[userId] ?? 0;
      if (gate) await gate;
      return value;
    },
    async keySpend(keyId) {
      reads.keySpend++;
      const value = spend[keyId] ?? 0;
      if (gate) await gate;
      return value;
    },
    async memberSpend(walletUserId, memberUserId) {
      const value = spend[`${walletUserId}/${memberUserId}`] ?? 0;
      if (gate) await gate;
      return value;
    },
  };
  return {
    source,
    reads,
    balances,
    spend,
    /** Reads from now on see the values of this moment but answer only when the returned function is called. */
    hold() {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = undefined;
        open();
      };
    },
  };
}

/** A clock the test moves. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const id = () => `req_${crypto.randomUUID()}`;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("MemoryMeter caching", () => {
  it("reads the balance and the key's spend once, then reserves and settles without the source", async () => {
    const db = countingSource({ u: 1_000_000 }, { k: 0 });
    const time = clock();
    const meter = new MemoryMeter(db.source, { now: time.now });
    const limit = { limitMicro: 500_000, period: "day" as const };
    const first = await Promise.all(
      Array.from({ length: 10 }, () =>
        meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 1_000, keyLimit: limit }),
      ),
    );
    expect(first.every((r) => r.ok)).toBe(true);
    // Ten concurrent first reservations shared one read of each value.
    expect(db.reads).toEqual({ balance: 1, keySpend: 1 });

    for (let i = 0; i < 50; i++) {
      const req = id();
      expect(await meter.reserve({ id: req, userId: "u", keyId: "k", amountMicro: 1_000, keyLimit: limit })).toEqual({
        ok: true,
      });
      await meter.mark(req, { costMicro: 100, priceId: 1, note: "m" }, true).applied;
      expect(await meter.settle(req, 100)).toBe(true);
      time.advance(10);
    }
    expect(db.reads).toEqual({ balance: 1, keySpend: 1 });
  });

  it("lowers the cached balance and raises the key's spend by each settled cost, with no read", async () => {
    const db = countingSource({ u: 1_000 }, { k: 200 });
    const meter = new MemoryMeter(db.source, { now: clock().now });
    const limit = { limitMicro: 10_000, period: "month" as const };
    const req = id();
    await meter.reserve({ id: req, userId: "u", keyId: "k", amountMicro: 500, keyLimit: limit });
    expect(await meter.available("u")).toBe(500);
    db.balances.u = 700; // the charge is booked in the database, then settled
    db.spend.k = 500;
    await meter.settle(req, 300);
    expect(await meter.available("u")).toBe(700);
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 701, keyLimit: limit })).toEqual({
      ok: false,
      reason: "balance",
      availableMicro: 700,
    });
    const tight = { limitMicro: 800, period: "month" as const };
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 301, keyLimit: tight })).toEqual({
      ok: false,
      reason: "key_limit",
      availableMicro: 300,
    });
    expect(db.reads).toEqual({ balance: 1, keySpend: 1 });
  });

  it("adds a credit of this process to a cached balance, and leaves an uncached one to its first read", async () => {
    const db = countingSource({ u: 100, v: 0 });
    const meter = new MemoryMeter(db.source, { now: clock().now });
    await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 100 });
    db.balances.u = 1_100;
    await meter.credit("u", 1_000);
    expect(await meter.available("u")).toBe(1_000);
    await meter.credit("v", 50); // not cached: nothing to change, nothing read
    expect(await meter.available("v")).toBeUndefined();
    expect(db.reads.balance).toBe(1);
  });

  it("sees a credit booked by another process once the refresh interval has passed, without making requests wait", async () => {
    const db = countingSource({ u: 1_000 });
    const time = clock();
    const meter = new MemoryMeter(db.source, { now: time.now });
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 1_000 })).toEqual({ ok: true });

    db.balances.u = 11_000; // `npx xrouter credits add` in another process: this meter hears nothing
    time.advance(MEMORY_METER_REFRESH_MS - 1);
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 5_000 })).toMatchObject({ ok: false });
    expect(db.reads.balance).toBe(1);

    // Due: a reservation the cached balance allows goes on at once, while the balance is re-read behind it.
    time.advance(1);
    const open = db.hold();
    await meter.settle((await meter.expired(Infinity))[0]!.id, 0);
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 400 })).toEqual({ ok: true });
    expect(db.reads.balance).toBe(2);
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 400 })).toEqual({ ok: true });
    expect(db.reads.balance).toBe(2); // one re-read at a time
    open();
    await tick();
    expect(await meter.available("u")).toBe(11_000 - 800);
  });

  it("makes a reservation the stale balance would refuse wait for the due re-read", async () => {
    const db = countingSource({ u: 0 });
    const time = clock();
    const meter = new MemoryMeter(db.source, { now: time.now });
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 100 })).toMatchObject({
      ok: false,
      availableMicro: 0,
    });
    db.balances.u = 5_000;
    time.advance(MEMORY_METER_REFRESH_MS);
    expect(await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 100 })).toEqual({ ok: true });
    expect(db.reads.balance).toBe(2);
  });

  it("drops a re-read that a settled charge overtook, and reads again at the next reservation", async () => {
    const db = countingSource({ u: 1_000 });
    const time = clock();
    const meter = new MemoryMeter(db.source, { now: time.now });
    const req = id();
    await meter.reserve({ id: req, userId: "u", keyId: "k", amountMicro: 300 });
    time.advance(MEMORY_METER_REFRESH_MS);
    const open = db.hold(); // the re-read sees 1000: the charge is not booked yet
    await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 1 });
    expect(db.reads.balance).toBe(2);
    db.balances.u = 700; // booked, then settled while the re-read is out
    await meter.settle(req, 300);
    open();
    await tick();
    expect(await meter.available("u")).toBe(700 - 1); // not the stale 1000
    await meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 1 });
    await tick();
    expect(db.reads.balance).toBe(3);
    expect(await meter.available("u")).toBe(700 - 2);
  });

  it("never overspends under concurrent reservations, across first loads and a due re-read", async () => {
    const db = countingSource({ u: 1_000_000 }, { k: 0 });
    const time = clock();
    const meter = new MemoryMeter(db.source, { now: time.now });
    const limit = { limitMicro: 100_000_000, period: "week" as const };
    const burst = () =>
      Promise.all(
        Array.from({ length: 100 }, () =>
          meter.reserve({ id: id(), userId: "u", keyId: "k", amountMicro: 30_000, keyLimit: limit }),
        ),
      );
    expect((await burst()).filter((r) => r.ok)).toHaveLength(33);
    expect(db.reads).toEqual({ balance: 1, keySpend: 1 });

    // Settle everything held, at cost, then credit more in the database: the re-read brings 1 RUB more.
    for (const req of await meter.expired(Infinity)) await meter.settle(req.id, 30_000);
    db.balances.u = 1_000_000 - 33 * 30_000 + 1_000_000;
    db.spend.k = 33 * 30_000;
    time.advance(MEMORY_METER_REFRESH_MS);
    expect((await burst()).filter((r) => r.ok)).toHaveLength(33);
    expect(await meter.available("u")).toBe(1_010_000 - 33 * 30_000);
  });
});
