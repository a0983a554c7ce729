import { describe, expect, it } from "vitest";
import { formatRub, parseRub } from "./money";

describe("money", () => {
  it("parses rubles exactly", () => {
    expect(parseRub("12.5")).toBe(12_500_000);
    expect(parseRub("0,01")).toBe(10_000);
    expect(parseRub(0.1)).toBe(100_000);
    expect(parseRub("100")).toBe(100_000_000);
    expect(parseRub("-3.000001")).toBe(-3_000_001);
  });

  it("rejects malformed amounts", () => {
    for (const bad of ["", "abc", "1.2.3", "1e5", "0.0000001", " . "]) expect(parseRub(bad)).toBeUndefined();
  });

  it("formats micro-rubles", () => {
    expect(formatRub(12_500_000)).toBe("12.50");
    expect(formatRub(1_234)).toBe("0.001234");
    expect(formatRub(-10_000)).toBe("-0.01");
    expect(formatRub(0)).toBe("0.00");
  });
});
