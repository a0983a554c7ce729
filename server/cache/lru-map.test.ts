import { describe, expect, it } from "vitest";
import { LruMap } from "./lru-map";

describe("LruMap", () => {
  it("never holds more than its capacity, forgetting the oldest first", () => {
    const map = new LruMap<string, number>(3);
    for (let i = 0; i < 10; i++) map.set(`k${i}`, i);
    expect(map.size).toBe(3);
    expect(map.get("k6")).toBeUndefined();
    expect([map.get("k7"), map.get("k8"), map.get("k9")]).toEqual([7, 8, 9]);
  });

  it("counts a read as a use: the entry read last is kept, the one unread is forgotten", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    expect(map.get("a")).toBe(1);
    map.set("c", 3);
    expect(map.get("b")).toBeUndefined();
    expect(map.get("a")).toBe(1);
    expect(map.get("c")).toBe(3);
  });

  it("replaces a value in place without growing, and deletes", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    map.set("a", 2);
    expect(map.size).toBe(1);
    expect(map.get("a")).toBe(2);
    expect(map.delete("a")).toBe(true);
    expect(map.size).toBe(0);
  });
});
