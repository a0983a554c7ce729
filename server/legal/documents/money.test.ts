import { describe, expect, it } from "vitest";
import { roundLinesToKopecks, vatRateText } from "./money";

describe("roundLinesToKopecks", () => {
  it("gives the kopecks left after flooring to the largest remainders, so lines add up to the total rounded once", () => {
    // 0,3333 ₽ three times: 1,00 ₽ rounded once; rounding each line alone would give 0,99 ₽.
    expect(roundLinesToKopecks([333_333, 333_333, 333_334])).toEqual([330_000, 330_000, 340_000]);
    const lines = [1_234_567, 7_654_321, 5_000, 4_999, 1];
    const rounded = roundLinesToKopecks(lines);
    expect(rounded.every((micro) => micro % 10_000 === 0)).toBe(true);
    expect(rounded.reduce((a, b) => a + b, 0)).toBe(8_900_000); // 8,898888 ₽ → 8,90 ₽
    expect(rounded).toEqual([1_230_000, 7_650_000, 10_000, 10_000, 0]);
  });

  it("breaks equal remainders in favour of the earlier line, and leaves whole kopecks alone", () => {
    expect(roundLinesToKopecks([5_000, 5_000, 5_000])).toEqual([10_000, 10_000, 0]);
    expect(roundLinesToKopecks([120_000, 30_000])).toEqual([120_000, 30_000]);
    expect(roundLinesToKopecks([])).toEqual([]);
  });
});

describe("vatRateText", () => {
  it("prints the rate in percent, comma decimals", () => {
    expect(vatRateText(2200)).toBe("22 %");
    expect(vatRateText(550)).toBe("5,5 %");
  });
});
