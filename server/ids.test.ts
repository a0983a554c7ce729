import { describe, expect, it } from "vitest";
import { newId, randomBase62 } from "./ids";

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
});
