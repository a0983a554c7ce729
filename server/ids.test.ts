import { describe, expect, it } from "vitest";
import { idInput, newId, newTimeOrderedId, randomBase62 } from "./ids";

describe("ids", () => {
  it("are base62 of the asked length, carry their kind, and do not repeat across pool refills", () => {
    // 2,000 ids of 20 characters draw well over one 4 KB pool of random bytes.
    const ids = Array.from({ length: 2_000 }, () => newId("req"));
    expect(ids.every((id) => /^req_[0-9A-Za-z]{20}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(randomBase62(48)).toMatch(/^[0-9A-Za-z]{48}$/);
  });

  it("uses every base62 character about equally often", () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) expect(Math.abs(count - 1_000)).toBeLessThan(200);
  });

  it("time-ordered ids keep newId's shape and sort by the time they were made, in byte order", () => {
    const times = [0, 1, 61, 62, 1_796_000_000_000, 1_796_000_000_001, 1_796_000_060_000, 4_000_000_000_000];
    const ids = times.map((t) => newTimeOrderedId("req", t));
    expect(ids.every((id) => idInput("req").safeParse(id).success)).toBe(true);
    const byteOrder = [...ids].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1));
    expect(byteOrder).toEqual(ids);
    const sameMs = Array.from({ length: 1_000 }, () => newTimeOrderedId("req", 1_796_000_000_000));
    expect(new Set(sameMs).size).toBe(sameMs.length);
  });
});
