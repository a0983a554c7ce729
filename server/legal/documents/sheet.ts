import { type PDFFont, type PDFPage, rgb } from "pdf-lib";
import QRCode from "qrcode";
import type { PdfFonts } from "../../core/pdf/fonts";
import { fitText, wrapText } from "../../core/pdf/text";

const BLACK = rgb(0, 0, 0);
export const GREY = rgb(0.35, 0.35, 0.35);

export interface TextStyle {
  bold?: boolean;
  size?: number;
  align?: "left" | "center" | "right";
  color?: ReturnType<typeof rgb>;
}

/** A table column: its width and how its cells align (a row's style may override it). */
export interface Column {
  width: number;
  align?: TextStyle["align"];
}

/** Space between a cell's border and its text, in points. */
const PAD = 2;
/** The room at the right end of a form field for its code, `(2а)` or `[14]`. */
const CODE_WIDTH = 24;
/** Line height as a multiple of the font size. */
const LEADING = 1.2;

/**
 * A page drawn in top-down coordinates (x from the left edge, `top` from the top edge), the way a form is
 * measured: text by its top, cells with borders and wrapped text.
 */
export class Sheet {
  constructor(
    readonly page: PDFPage,
    readonly fonts: PdfFonts,
  ) {}

  get width(): number {
    return this.page.getWidth();
  }

  private font(style: TextStyle): PDFFont {
    return style.bold ? this.fonts.bold : this.fonts.regular;
  }

  /** The lines `value` takes in a column of `width`. */
  lines(value: string, width: number, style: TextStyle = {}): string[] {
    return value.split("\n").flatMap((paragraph) => wrapText(paragraph, this.font(style), style.size ?? 8, width));
  }

  /** The height of `lines` lines of text. */
  static height(lines: number, size = 8): number {
    return lines * size * LEADING;
  }

  /** One line with its top at `top`; cut with an ellipsis when `width` is given and the text is wider. */
  text(value: string, x: number, top: number, style: TextStyle & { width?: number } = {}): void {
    const font = this.font(style);
    const size = style.size ?? 8;
    const shown = style.width === undefined ? value : fitText(value, font, size, style.width);
    const room = (style.width ?? 0) - font.widthOfTextAtSize(shown, size);
    const dx = style.align === "right" ? room : style.align === "center" ? room / 2 : 0;
    this.page.drawText(shown, {
      x: x + dx,
      y: this.page.getHeight() - top - size * 0.8,
      size,
      font,
      color: style.color ?? BLACK,
    });
  }

  /** Text wrapped to `width` from `top` down; returns the height it took. */
  paragraph(value: string, x: number, top: number, width: number, style: TextStyle = {}): number {
    const size = style.size ?? 8;
    const lines = this.lines(value, width, style);
    lines.forEach((line, i) => this.text(line, x, top + i * size * LEADING, { ...style, width }));
    return Sheet.height(lines.length, size);
  }

  /** The height a cell needs for its wrapped text. */
  cellHeight(value: string, width: number, style: TextStyle = {}): number {
    return Sheet.height(Math.max(1, this.lines(value, width - 2 * PAD, style).length), style.size ?? 8) + 2 * PAD;
  }

  /** A bordered cell with its text wrapped inside, from the top. */
  cell(value: string, x: number, top: number, width: number, height: number, style: TextStyle = {}): void {
    this.rect(x, top, width, height);
    if (value) this.paragraph(value, x + PAD, top + PAD, width - 2 * PAD, style);
  }

  /**
   * A form field: the label, its value underlined to the field's right end (under the label when the label takes
   * most of the width), the field's code at the right edge. Returns its height.
   */
  field(
    label: string,
    value: string,
    code: string,
    x: number,
    top: number,
    width: number,
    style: TextStyle = {},
  ): number {
    const size = style.size ?? 7;
    const end = x + width - CODE_WIDTH;
    const labelWidth = this.fonts.regular.widthOfTextAtSize(`${label} `, size);
    const inline = labelWidth < (end - x) * 0.6;
    const valueX = inline ? x + labelWidth : x;
    const valueTop = inline ? top : top + Sheet.height(1, size);
    const lines = this.lines(value, end - valueX, { ...style, size });
    this.text(label, x, top, { size });
    lines.forEach((line, i) => this.text(line, valueX, valueTop + Sheet.height(i, size), { ...style, size }));
    const bottom = valueTop + Sheet.height(Math.max(1, lines.length), size);
    this.line(valueX, bottom, end, bottom, 0.3);
    this.text(code, end + 2, top, { size: 6, color: GREY });
    return bottom - top;
  }

  /** A table row: bordered cells side by side from `x`, all as tall as the tallest; returns that height. */
  row(columns: readonly Column[], cells: readonly string[], x: number, top: number, style: TextStyle = {}): number {
    const height = Math.max(...cells.map((text, i) => this.cellHeight(text, columns[i]!.width, style)));
    let cx = x;
    cells.forEach((text, i) => {
      const { width, align } = columns[i]!;
      this.cell(text, cx, top, width, height, { align, ...style });
      cx += width;
    });
    return height;
  }

  rect(x: number, top: number, width: number, height: number, thickness = 0.5): void {
    this.page.drawRectangle({
      x,
      y: this.page.getHeight() - top - height,
      width,
      height,
      borderColor: BLACK,
      borderWidth: thickness,
    });
  }

  line(x1: number, top1: number, x2: number, top2: number, thickness = 0.5): void {
    const h = this.page.getHeight();
    this.page.drawLine({ start: { x: x1, y: h - top1 }, end: { x: x2, y: h - top2 }, thickness, color: BLACK });
  }

  /** A QR symbol of `payload`, `size` points square, drawn as vector modules with the quiet zone the standard asks. */
  qr(payload: string, x: number, top: number, size: number): void {
    const { modules } = QRCode.create(payload, { errorCorrectionLevel: "M" });
    const quiet = 4;
    const cell = size / (modules.size + 2 * quiet);
    const h = this.page.getHeight();
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (!modules.get(row, col)) continue;
        // Slightly oversized squares: no hairline gaps between neighbours when a viewer antialiases.
        this.page.drawRectangle({
          x: x + (quiet + col) * cell,
          y: h - top - (quiet + row + 1) * cell,
          width: cell + 0.05,
          height: cell + 0.05,
          color: BLACK,
        });
      }
    }
  }
}
