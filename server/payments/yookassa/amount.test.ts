import { describe, expect, it } from "vitest";
import { formatKopecks, kopecksToMicro, microToKopecks, parseKopecks } from "./amount";

describe("YooKassa amounts", () => {
  it("formats integer kopecks with exactly two decimals", () => {
    expect(formatKopecks(50_000)).toBe("500.00");
    expect(formatKopecks(1)).toBe("0.01");
    expect(formatKopecks(10_000_005)).toBe("100000.05");
    expect(() => formatKopecks(1.5)).toThrow();
    expect(() => formatKopecks(-1)).toThrow();
  });

  it("parses wire strings exactly, refusing anything that is not d+.dd", () => {
    expect(parseKopecks("500.00")).toBe(50_000);
    expect(parseKopecks("0.10")).toBe(10);
    expect(parseKopecks("1234567.89")).toBe(123_456_789);
    for (const bad of ["500", "500.0", "500.000", "-1.00", "1e3", " 1.00", "1,00", 500, null, undefined]) {
      expect(parseKopecks(bad)).toBeUndefined();
    }
  });

  it("converts between kopecks and micro-rubles without rounding", () => {
    expect(kopecksToMicro(50_000)).toBe(500_000_000);
    expect(microToKopecks(500_000_000)).toBe(50_000);
    expect(microToKopecks(500_005_000)).toBeUndefined();
  });
});
