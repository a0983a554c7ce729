import { describe, expect, it } from "vitest";
import { AMOUNT_RULES, formatRub, formatRubCell, MAX_AMOUNT_MICRO, parseRubInput, PRICE_RULES, roundToKopecks } from "./rub";
import { rubInputErrorText } from "./rub-messages";

const nb = (text: string) => text.replaceAll(" ", "\u00a0");

describe("formatRub", () => {
  it("writes totals the Russian way: no-break spaces for thousands, comma and two decimals", () => {
    expect(formatRub(1_599_661_940, "ru")).toBe(nb("1 599,66 ₽"));
    expect(formatRub(0, "ru")).toBe(nb("0,00 ₽"));
    expect(formatRub(10_000, "ru")).toBe(nb("0,01 ₽"));
    expect(formatRub(1_234_567_890_000, "ru")).toBe(nb("1 234 567,89 ₽"));
    expect(formatRub(12_500_000, "ru", { symbol: false })).toBe("12,50");
  });

  it("writes English with commas for thousands and a dot for kopecks, from the same module", () => {
    expect(formatRub(1_599_661_940, "en")).toBe(nb("1,599.66 ₽"));
    expect(formatRub(460, "en", { precision: "request" })).toBe(nb("0.00046 ₽"));
    expect(formatRub(-3_500_000, "en", { symbol: false })).toBe("−3.50");
  });

  it("rounds half-up at the micro → kopeck step, away from zero for debits", () => {
    expect(formatRub(4_999, "ru", { symbol: false })).toBe("0,00");
    expect(formatRub(5_000, "ru", { symbol: false })).toBe("0,01");
    expect(formatRub(1_594_999, "ru", { symbol: false })).toBe("1,59");
    expect(formatRub(1_595_000, "ru", { symbol: false })).toBe("1,60");
    expect(formatRub(999_995_000, "ru", { symbol: false })).toBe("1 000,00".replace(" ", "\u00a0"));
    expect(formatRub(-5_000, "ru", { symbol: false })).toBe("−0,01");
    expect(formatRub(-4_999, "ru", { symbol: false })).toBe("0,00");
    expect(roundToKopecks(-15_000)).toBe(-20_000);
    expect(Object.is(roundToKopecks(-1), 0)).toBe(true);
  });

  it("keeps a request's cost exact, at least two decimals", () => {
    expect(formatRub(460, "ru", { precision: "request" })).toBe(nb("0,00046 ₽"));
    expect(formatRub(1, "ru", { precision: "request" })).toBe(nb("0,000001 ₽"));
    expect(formatRub(1_599_661_940, "ru", { precision: "request" })).toBe(nb("1 599,66194 ₽"));
    expect(formatRub(12_500_000, "ru", { precision: "request" })).toBe(nb("12,50 ₽"));
    expect(formatRub(0, "ru", { precision: "request" })).toBe(nb("0,00 ₽"));
  });

  it("signs movements: + for credits when asked, a true minus for debits, none for zero", () => {
    expect(formatRub(250_500_000, "ru", { signed: true, symbol: false })).toBe("+250,50");
    expect(formatRub(-1_234_567, "ru", { signed: true, precision: "request", symbol: false })).toBe("−1,234567");
    expect(formatRub(0, "ru", { signed: true, symbol: false })).toBe("0,00");
    expect(formatRub(-10_000_000_000, "ru")).toBe(nb("−10 000,00 ₽"));
  });

  it("formats huge balances exactly (no float rounding)", () => {
    expect(formatRub(Number.MAX_SAFE_INTEGER, "ru", { precision: "request", symbol: false })).toBe(nb("9 007 199 254,740991"));
    expect(formatRub(Number.MAX_SAFE_INTEGER, "en", { symbol: false })).toBe("9,007,199,254.74");
  });
});

describe("formatRubCell", () => {
  it("writes spreadsheet money without grouping, exact, with a plain minus", () => {
    expect(formatRubCell(1_599_661_940, ",")).toBe("1599,66194");
    expect(formatRubCell(1_599_661_940, ".")).toBe("1599.66194");
    expect(formatRubCell(-1_234_567, ",")).toBe("-1,234567");
    expect(formatRubCell(50_000_000, ".")).toBe("50.00");
    expect(formatRubCell(0, ",")).toBe("0,00");
  });
});

describe("parseRubInput", () => {
  const ok = (micro: number) => ({ ok: true, micro });
  const error = (code: string) => ({ ok: false, error: code });

  it("reads a comma or a dot, and spaced thousands", () => {
    expect(parseRubInput("250,50")).toEqual(ok(250_500_000));
    expect(parseRubInput("250.50")).toEqual(ok(250_500_000));
    expect(parseRubInput(" 100 ")).toEqual(ok(100_000_000));
    expect(parseRubInput("1 500,5")).toEqual(ok(1_500_500_000));
    expect(parseRubInput("1\u00a0500")).toEqual(ok(1_500_000_000));
    expect(parseRubInput("0,01")).toEqual(ok(10_000));
    expect(parseRubInput(12.5)).toEqual(ok(12_500_000));
    expect(parseRubInput("007")).toEqual(ok(7_000_000));
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "abc", "1.2.3", "1e5", "1,", ",5", "1 50", "12 500 00", "--1", "+1", "1,5 ₽"]) expect(parseRubInput(bad)).toEqual(error("invalid"));
  });

  it("allows two decimals for amounts, six for prices", () => {
    expect(parseRubInput("1.001")).toEqual(error("too_precise"));
    expect(parseRubInput("0,000001")).toEqual(error("too_precise"));
    expect(parseRubInput("0,000001", PRICE_RULES)).toEqual(ok(1));
    expect(parseRubInput("0,0000001", PRICE_RULES)).toEqual(error("too_precise"));
    expect(parseRubInput("0", PRICE_RULES)).toEqual(ok(0));
  });

  it("refuses zero, negatives and anything below one kopeck as too small", () => {
    expect(parseRubInput("0")).toEqual(error("too_small"));
    expect(parseRubInput("0,00")).toEqual(error("too_small"));
    expect(parseRubInput("-5")).toEqual(error("too_small"));
    expect(parseRubInput(-5)).toEqual(error("too_small"));
    expect(parseRubInput("-1", PRICE_RULES)).toEqual(error("too_small"));
    expect(parseRubInput("-0", PRICE_RULES)).toEqual(ok(0));
  });

  it("refuses amounts above the maximum with their own error", () => {
    expect(parseRubInput("1000000")).toEqual(ok(MAX_AMOUNT_MICRO));
    expect(parseRubInput("1000000,01")).toEqual(error("too_large"));
    expect(parseRubInput("99999999999999999999")).toEqual(error("too_large"));
    expect(parseRubInput("5000", { ...AMOUNT_RULES, maxMicro: 100_000 * 1_000_000 })).toEqual(ok(5_000_000_000));
  });
});

describe("rubInputErrorText", () => {
  it("names the field's bounds in the reader's language", () => {
    expect(rubInputErrorText("too_large", "ru", AMOUNT_RULES)).toBe(`Сумма не может быть больше ${nb("1 000 000,00 ₽")}.`);
    expect(rubInputErrorText("too_small", "ru", AMOUNT_RULES)).toBe(`Сумма должна быть не меньше ${nb("0,01 ₽")}.`);
    expect(rubInputErrorText("too_small", "en", AMOUNT_RULES)).toBe(`The amount must be at least ${nb("0.01 ₽")}.`);
    expect(rubInputErrorText("too_precise", "ru", AMOUNT_RULES)).toBe("Не больше 2 знаков после запятой.");
    expect(rubInputErrorText("invalid", "ru", AMOUNT_RULES)).toContain("250,50 или 250.50");
  });
});
