import { afterAll, describe, expect, inject, it } from "vitest";
import { MemoryStore } from "./memory";
import { RedisStore } from "./redis";
import { withLock, type Store } from "./index";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const implementations: [string, () => Store][] = [
  ["memory", () => new MemoryStore()],
  ["redis", () => new RedisStore(inject("testRedisUrl"), `xr-test:${crypto.randomUUID()}:`)],
];

describe.each(implementations)("%s store", (_name, make) => {
  const store = make();
  afterAll(() => store.close());

  it("answers ping", async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it("sets, gets and expires values", async () => {
    await store.set("a", "1", 80);
    expect(await store.get("a")).toBe("1");
    await sleep(120);
    expect(await store.get("a")).toBeNull();
  });

  it("reads several values in one call", async () => {
    await store.set("m1", "a", 1000);
    await store.set("m2", "b", 1000);
    expect(await store.getMany(["m1", "missing", "m2"])).toEqual(["a", null, "b"]);
    expect(await store.getMany([])).toEqual([]);
  });

  it("sets several values with one expiry in one call", async () => {
    await store.setMany(
      [
        { key: "s1", value: "a" },
        { key: "s2", value: "b" },
      ],
      80,
    );
    await store.setMany([], 80);
    expect(await store.getMany(["s1", "s2"])).toEqual(["a", "b"]);
    expect(await store.ttl("s1")).toBeGreaterThan(0);
    await sleep(120);
    expect(await store.getMany(["s1", "s2"])).toEqual([null, null]);
  });

  it("setIfAbsent only sets once", async () => {
    expect(await store.setIfAbsent("once", "x", 1000)).toBe(true);
    expect(await store.setIfAbsent("once", "y", 1000)).toBe(false);
    expect(await store.get("once")).toBe("x");
  });

  it("delIfEquals releases only its own value", async () => {
    await store.set("lock", "mine", 1000);
    expect(await store.delIfEquals("lock", "theirs")).toBe(false);
    expect(await store.delIfEquals("lock", "mine")).toBe(true);
    expect(await store.get("lock")).toBeNull();
  });

  it("counts within a window that starts at the first increment", async () => {
    expect(await store.incr("c", 1, 100)).toBe(1);
    expect(await store.incr("c", 2, 100)).toBe(3);
    const ttl = await store.ttl("c");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(100);
    await sleep(140);
    expect(await store.incr("c", 1, 100)).toBe(1);
  });

  it("counts concurrent increments exactly", async () => {
    await Promise.all(Array.from({ length: 50 }, () => store.incr("many", 1, 5000)));
    expect(await store.incr("many", 0, 5000)).toBe(50);
  });

  it("reports a missing key's ttl as -2", async () => {
    expect(await store.ttl("missing")).toBe(-2);
  });

  it("leases places by holder: full at the limit, a release frees only its own place", async () => {
    expect(await store.leasePlace("slots", "a", 2, 5000)).toBe(true);
    expect(await store.leasePlace("slots", "b", 2, 5000)).toBe(true);
    expect(await store.leasePlace("slots", "c", 2, 5000)).toBe(false);
    expect(await store.leasePlace("slots", "a", 2, 5000)).toBe(true); // a renewal, not a second place
    await store.releasePlace("slots", "c"); // never taken: gives nothing back
    await store.releasePlace("slots", "c");
    expect(await store.countPlaces("slots")).toBe(2);
    await store.releasePlace("slots", "a");
    await store.releasePlace("slots", "a");
    expect(await store.countPlaces("slots")).toBe(1);
    expect(await store.leasePlace("slots", "c", 2, 5000)).toBe(true);
    expect(await store.countPlaces("slots")).toBe(2);
  });

  it("drops places whose lease ran out, and renews only places still held", async () => {
    expect(await store.leasePlace("leased", "dead", 1, 80)).toBe(true);
    expect(await store.leasePlace("leased", "other", 1, 80)).toBe(false);
    await sleep(120);
    expect(await store.countPlaces("leased")).toBe(0);
    expect(await store.leasePlace("leased", "live", 1, 80)).toBe(true);
    await store.renewPlaces([{ key: "leased", holder: "live" }, { key: "leased", holder: "gone" }], 5000);
    await sleep(120);
    expect(await store.countPlaces("leased")).toBe(1);
    expect(await store.leasePlace("leased", "gone", 1, 5000)).toBe(false);
    // A release after the lease ran out cannot push anything below zero.
    await store.releasePlace("leased", "dead");
    expect(await store.countPlaces("leased")).toBe(1);
  });

  it("withLock lets one holder in at a time", async () => {
    let inside = 0;
    let maxInside = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        withLock(store, "critical", 1000, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await sleep(20);
          inside--;
          return true;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(await store.get("lock:critical")).toBeNull();
  });
});

describe("redis store writes", () => {
  it("sends the commands of one tick in one write, on every connection", async () => {
    const store = new RedisStore(inject("testRedisUrl"), `xr-test:${crypto.randomUUID()}:`);
    try {
      for (let connection = 0; connection < 2; connection++) {
        await store.ping();
        const socket = store.redis.stream as import("node:net").Socket;
        const pending = [store.set("a", "1", 1000), store.get("a"), store.incr(`n${connection}`, 1, 1000)];
        expect(socket.writableCorked).toBe(1);
        expect(await Promise.all(pending)).toEqual([undefined, "1", 1]);
        expect(socket.writableCorked).toBe(0);
        // A reconnect gets a new socket, which must be wrapped too.
        store.redis.disconnect(true);
      }
    } finally {
      await store.close();
    }
  });
});
