import { describe, expect, it } from "vitest";
import { ByteLru } from "./byte-lru";
import { MemoryStore } from "./memory";

describe("ByteLru", () => {
  it("keeps at most its bytes, dropping the least recently used first", () => {
    const lru = new ByteLru(30);
    lru.set("a", "x".repeat(9), 60_000); // 10 bytes with its key
    lru.set("b", "x".repeat(9), 60_000);
    lru.set("c", "x".repeat(9), 60_000);
    expect(lru.bytes).toBe(30);
    expect(lru.get("a")).not.toBeNull(); // a is now the most recently used
    lru.set("d", "x".repeat(9), 60_000);
    expect(lru.get("b")).toBeNull();
    expect(lru.get("a")).not.toBeNull();
    expect(lru.bytes).toBe(30);
  });

  it("never keeps a value bigger than the bound, and forgets values past their TTL", () => {
    let now = 0;
    const lru = new ByteLru(100, () => now);
    lru.set("big", "x".repeat(200), 60_000);
    expect(lru.get("big")).toBeNull();
    lru.set("k", "v", 1_000);
    now = 999;
    expect(lru.get("k")).toBe("v");
    now = 1_000;
    expect(lru.get("k")).toBeNull();
    expect(lru.bytes).toBe(0);
  });
});

describe("MemoryStore.getVersioned", () => {
  it("reads the value under the current versions, missing versions reading 0", async () => {
    const store = new MemoryStore(Date.now, 1024);
    await store.setEvictable("p:0.0:h", "old", 60_000);
    expect(await store.getVersioned(["v1", "v2"], "p:", ":h")).toEqual({ versions: "0.0", value: "old" });
    await store.set("v2", "n", 60_000);
    expect(await store.getVersioned(["v1", "v2"], "p:", ":h")).toEqual({ versions: "0.n", value: null });
    expect(store.evictable.bytes).toBeGreaterThan(0);
    await store.close();
  });
});
