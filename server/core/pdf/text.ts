import type { PDFFont } from "pdf-lib";

/**
 * Measures text one way or the other: `width` is exact (the font's layout, kerning included) but costs the length of
 * the text, so it is only asked about strings that fit a line; `estimate` sums cached per-character widths, so a long
 * word is cut in one pass instead of being re-measured a character at a time.
 */
function measurer(font: PDFFont, size: number) {
  const charWidths = new Map<string, number>();
  const charWidth = (char: string) => {
    let width = charWidths.get(char);
    if (width === undefined) charWidths.set(char, (width = font.widthOfTextAtSize(char, size)));
    return width;
  };
  return {
    width: (text: string) => font.widthOfTextAtSize(text, size),
    /** The longest prefix of `chars` (from `start`) whose estimated width plus `suffix` fits `width`; at least one character. */
    prefixFitting(chars: string[], start: number, width: number, suffix = 0): number {
      let end = start;
      let sum = suffix;
      while (end < chars.length && sum + charWidth(chars[end]!) <= width) sum += charWidth(chars[end++]!);
      return Math.max(end, start + 1);
    },
  };
}

/**
 * The longest cut of `chars` from `start`, ending in `suffix`, no wider than `width` when measured exactly: the estimate
 * first, then a step at a time while kerning makes it too wide (a step or two at most). At least one character.
 */
function cutFitting(chars: string[], start: number, width: number, suffix: string, measure: ReturnType<typeof measurer>): number {
  let end = measure.prefixFitting(chars, start, width, measure.width(suffix));
  while (end > start + 1 && measure.width(`${chars.slice(start, end).join("")}${suffix}`) > width) end--;
  return end;
}

/** Cuts text with an ellipsis so it fits the width. */
export function fitText(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  const chars = [...text];
  return `${chars.slice(0, cutFitting(chars, 0, width, "…", measurer(font, size))).join("")}…`;
}

/** Breaks text into lines no wider than `width`, at spaces; a word longer than a line is hyphenated where it overflows. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const measure = measurer(font, size);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure.width(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    const chars = [...word];
    let start = 0;
    // Only the word's last part can fit a line as it is; before that, cut lines ending in a hyphen.
    while (chars.length - start > 1) {
      const rest = measure.prefixFitting(chars, start, width * 2);
      if (rest === chars.length && measure.width(chars.slice(start).join("")) <= width) break;
      const end = cutFitting(chars, start, width, "-", measure);
      lines.push(`${chars.slice(start, end).join("")}-`);
      start = end;
    }
    line = chars.slice(start).join("");
  }
  if (line) lines.push(line);
  return lines;
}
