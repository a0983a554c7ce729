import { PDFDocument, type PDFFont } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { embedDejaVu } from "./fonts";
import { fitText, wrapText } from "./text";

let font: PDFFont;
beforeAll(async () => {
  font = (await embedDejaVu(await PDFDocument.create())).regular;
});

/** The font with a counter of the characters it was asked to measure: the work a wrap costs. */
function counting(inner: PDFFont) {
  const counter = { chars: 0 };
  const measured = Object.create(inner) as PDFFont;
  measured.widthOfTextAtSize = (text: string, size: number) => {
    counter.chars += text.length;
    return inner.widthOfTextAtSize(text, size);
  };
  return { font: measured, counter };
}

describe("wrapText", () => {
  it("hyphenates a 2,000-character word into lines that fit, measuring a few times its length, not its square", () => {
    const word = "Ж".repeat(2000);
    const { font: measured, counter } = counting(font);
    const lines = wrapText(`ООО ${word} конец`, measured, 8, 200);
    expect(lines[0]).toBe("ООО");
    expect(lines.join("\n").replace(/-\n/g, "").replace(/\n/g, " ")).toBe(`ООО ${word} конец`);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 8)).toBeLessThanOrEqual(200);
    // Cut a character at a time, re-measured whole, this was ~ (2000²/2) × lines ≈ 10⁸ characters.
    expect(counter.chars).toBeLessThan(20 * word.length);
  });

  it("keeps words whole where they fit and the longest hyphenated cut otherwise", () => {
    expect(wrapText("один два три", font, 10, 1000)).toEqual(["один два три"]);
    const lines = wrapText("абвгдеёжзийклмн", font, 10, 40);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) {
      expect(line.endsWith("-")).toBe(true);
      expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(40);
      // One more character would not fit.
      const next = lines[lines.indexOf(line) + 1]!;
      expect(font.widthOfTextAtSize(`${line.slice(0, -1)}${next[0]}-`, 10)).toBeGreaterThan(40);
    }
  });
});

describe("fitText", () => {
  it("cuts a 2,000-character text to the width with an ellipsis in linear work", () => {
    const { font: measured, counter } = counting(font);
    const shown = fitText("Ж".repeat(2000), measured, 8, 120);
    expect(shown.endsWith("…")).toBe(true);
    expect(font.widthOfTextAtSize(shown, 8)).toBeLessThanOrEqual(120);
    expect(font.widthOfTextAtSize(`Ж${shown}`, 8)).toBeGreaterThan(120);
    expect(counter.chars).toBeLessThan(5 * 2000);
    expect(fitText("коротко", font, 8, 120)).toBe("коротко");
  });
});
