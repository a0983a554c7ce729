import { describe, expect, it } from "vitest";
import { kopecksFromMicro, VAT_RATE_SEED, vatIncluded, vatRateOn } from "./vat";

const RATES = [
  { validFrom: "2019-01-01", rateBasisPoints: 2000 },
  VAT_RATE_SEED,
  { validFrom: "2030-07-01", rateBasisPoints: 2500 },
];

describe("vatRateOn", () => {
  it("takes the latest rate that had started by the day, whatever the rows' order", () => {
    expect(vatRateOn("2025-12-31", RATES)).toBe(2000);
    expect(vatRateOn("2026-01-01", RATES)).toBe(2200);
    expect(vatRateOn("2030-06-30", [...RATES].reverse())).toBe(2200);
    expect(vatRateOn("2030-07-01", RATES)).toBe(2500);
  });

  it("counts a moment by its Moscow day", () => {
    expect(vatRateOn(new Date("2025-12-31T20:59:59Z"), RATES)).toBe(2000);
    expect(vatRateOn(new Date("2025-12-31T21:00:00Z"), RATES)).toBe(2200);
  });

  it("has no rate before the first row", () => {
    expect(vatRateOn("2018-12-31", RATES)).toBeUndefined();
    expect(vatRateOn("2026-05-01", [])).toBeUndefined();
  });
});

describe("vatIncluded", () => {
  it("is total × rate / (100 % + rate), rounded half-up to the kopeck", () => {
    expect(vatIncluded(159_966, 2200)).toBe(28_846); // 28 846,33…
    expect(vatIncluded(500_000, 2200)).toBe(90_164); // 90 163,93…
    expect(vatIncluded(12_200, 2200)).toBe(2_200);
    expect(vatIncluded(12_000, 2000)).toBe(2_000);
    expect(vatIncluded(0, 2200)).toBe(0);
    expect(vatIncluded(100, 0)).toBe(0);
  });

  it("rounds an exact half up, and away from zero for a correction", () => {
    // 61 × 2200 / 12200 = 11,0 exactly; 3 × 2000 / 12000 = 0,5 → 1.
    expect(vatIncluded(61, 2200)).toBe(11);
    expect(vatIncluded(3, 2000)).toBe(1);
    expect(vatIncluded(-3, 2000)).toBe(-1);
    expect(vatIncluded(-500_000, 2200)).toBe(-90_164);
  });

  it("stays exact for totals far beyond a double's product", () => {
    expect(vatIncluded(9_000_000_000_000_000 - 1, 2200)).toBe(1_622_950_819_672_131);
  });

  it("refuses fractions", () => {
    expect(() => vatIncluded(1.5, 2200)).toThrow(RangeError);
    expect(() => vatIncluded(100, 22.5)).toThrow(RangeError);
  });
});

describe("kopecksFromMicro", () => {
  it("rounds half-up to whole kopecks", () => {
    expect(kopecksFromMicro(1_599_660_000)).toBe(159_966);
    expect(kopecksFromMicro(4_999)).toBe(0);
    expect(kopecksFromMicro(5_000)).toBe(1);
    expect(kopecksFromMicro(14_999)).toBe(1);
    expect(kopecksFromMicro(-5_000)).toBe(-1);
    expect(kopecksFromMicro(0)).toBe(0);
  });
});
