import { describe, expect, it } from "vitest";
import { csv, csvRow, csvRub, csvStart, toCsvVariant } from "./csv";
import { formatNumber, formatPercent, formatUnit } from "./number";

const at = new Date("2025-03-31T21:05:09.123Z");

describe("csv", () => {
  it("writes what Russian Excel opens: BOM, semicolons, comma decimals, Moscow wall-clock time", () => {
    const text = csv(
      [
        ["Дата", "Сумма, ₽", "Токены"],
        [at, csvRub(-1_599_661_940), 1.5],
      ],
      { variant: "excel-ru" },
    );
    expect(text).toBe("\uFEFFДата;Сумма, ₽;Токены\r\n2025-04-01 00:05:09;-1599,66194;1,5\r\n");
  });

  it("writes the machine variant: commas, dot decimals, ISO UTC, no BOM", () => {
    const text = csv(
      [
        ["Дата", "Сумма, ₽"],
        [at, csvRub(50_000_000)],
      ],
      { variant: "machine" },
    );
    expect(text).toBe('Дата,"Сумма, ₽"\r\n2025-03-31T21:05:09.123Z,50.00\r\n');
  });

  it("quotes what holds the separator, a quote or a line break, and only that", () => {
    expect(csvRow(["a;b", "a,b", 'say "hi"', "two\nlines", null, undefined, true], { variant: "excel-ru" })).toBe(
      '"a;b";a,b;"say ""hi""";"two\nlines";;;true\r\n',
    );
    expect(csvRow(["a;b", "a,b"], { variant: "machine" })).toBe('a;b,"a,b"\r\n');
  });

  it("makes text that looks like a formula plain text, but not numbers or money", () => {
    expect(csvRow(["=SUM(A1)", "-1+1", "+7", "@x", "\tx", -5, csvRub(-10_000)], { variant: "excel-ru" })).toBe(
      "'=SUM(A1);'-1+1;'+7;'@x;'\tx;-5;-0,01\r\n",
    );
  });

  it("writes excel times in the zone asked for", () => {
    expect(csvRow([at], { variant: "excel-ru", zone: "UTC" })).toBe("2025-03-31 21:05:09\r\n");
  });

  it("starts Excel files with a BOM only, and reads the variant from a query", () => {
    expect(csvStart("excel-ru")).toBe("\uFEFF");
    expect(csvStart("machine")).toBe("");
    expect(toCsvVariant("machine")).toBe("machine");
    expect(toCsvVariant(null)).toBe("excel-ru");
    expect(toCsvVariant("xlsx")).toBe("excel-ru");
  });
});

describe("numbers", () => {
  it("groups digits the locale's way", () => {
    expect(formatNumber(1_234_567, "ru")).toBe("1\u00a0234\u00a0567");
    expect(formatNumber(1_234_567, "en")).toBe("1,234,567");
    expect(formatNumber(0.125, "ru", { maximumFractionDigits: 2 })).toBe("0,13");
  });

  it("writes shares and units", () => {
    expect(formatPercent(0.125, "ru")).toBe("12,5\u00a0%");
    expect(formatPercent(0.125, "en")).toBe("12.5%");
    expect(formatUnit(5, "day", "ru")).toBe("5 дней");
    expect(formatUnit(1, "hour", "en")).toBe("1 hour");
  });
});
