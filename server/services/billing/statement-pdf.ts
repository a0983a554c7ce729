import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { format, type Locale } from "../../core/locale";
import { formatRub, type RubOptions } from "../../core/format/rub";
import { formatMonth, formatZonedTimestamp, zoneLabel, type TimeZone } from "../../core/format/time";
import { embedDejaVu } from "../../core/pdf/fonts";
import { fitText } from "../../core/pdf/text";
import { LEDGER_KINDS, type ChargeGroup, type Statement, type StatementRow } from "./statement-data";
import { displayNote, displayReference } from "./statement-format";
import { statementMessages } from "./statement-messages";
import { STATEMENT_ZONE } from "./statement-period";

// A4 in points, with margins.
const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 40;
const SIZE = 8;
const ROW = 12;
const GREY = rgb(0.4, 0.45, 0.5);
const LINE = rgb(0.85, 0.87, 0.9);

/** Columns of the movements table: x offset, width, alignment. */
const COLUMNS = [
  { key: "date", x: 0, width: 82, align: "left" },
  { key: "kind", x: 84, width: 66, align: "left" },
  { key: "amount", x: 150, width: 70, align: "right" },
  { key: "balanceAfter", x: 224, width: 76, align: "right" },
  { key: "reference", x: 308, width: 110, align: "left" },
  { key: "keyOrNote", x: 420, width: 95, align: "left" },
] as const;

/** The key (and, an organization's charge, its member) or else the note. */
const keyOrNote = (row: StatementRow, locale: Locale): string =>
  row.keyName !== null && row.memberEmail !== null ? `${row.keyName} · ${row.memberEmail}` : (row.keyName ?? displayNote(row, locale));

/**
 * The statement as a PDF (A4, DejaVu Sans embedded so Russian renders): header with the account and period,
 * opening balance, the movements table (repeated header on each page), closing balance and totals by kind, and an
 * organization's charges by member and by key.
 */
export async function statementPdf(statement: Statement, locale: "ru" | "en" = "ru", zone: TimeZone = STATEMENT_ZONE): Promise<Uint8Array> {
  const m = statementMessages[locale];
  const doc = await PDFDocument.create();
  const { regular, bold } = await embedDejaVu(doc);
  const period = formatMonth(statement.month, locale);
  const when = (at: Date) => formatZonedTimestamp(at, zone);
  const rub = (micro: number, options?: RubOptions) => formatRub(micro, locale, options);
  doc.setTitle(`${m.title} — ${period} (${statement.month})`);
  doc.setSubject(`XRouter statement ${statement.month}`);
  doc.setAuthor("XRouter");
  doc.setCreator("XRouter");
  doc.setProducer("XRouter (pdf-lib)");
  doc.setCreationDate(new Date());

  let page: PDFPage = doc.addPage([WIDTH, HEIGHT]);
  let y = HEIGHT - MARGIN;
  const text = (
    value: string,
    x: number,
    options: {
      font?: PDFFont;
      size?: number;
      color?: ReturnType<typeof rgb>;
      align?: "left" | "right";
      width?: number;
    } = {},
  ) => {
    const font = options.font ?? regular;
    const size = options.size ?? SIZE;
    const shown = options.width ? fitText(value, font, size, options.width) : value;
    const dx = options.align === "right" && options.width ? options.width - font.widthOfTextAtSize(shown, size) : 0;
    page.drawText(shown, { x: MARGIN + x + dx, y, size, font, color: options.color });
  };
  const rule = () =>
    page.drawLine({
      start: { x: MARGIN, y: y - 3 },
      end: { x: WIDTH - MARGIN, y: y - 3 },
      thickness: 0.5,
      color: LINE,
    });
  const tableHeader = () => {
    for (const col of COLUMNS) {
      const heading = col.key === "date" ? `${m.date} (${zoneLabel(zone, locale)})` : m[col.key];
      text(heading, col.x, { font: bold, align: col.align, width: col.width, color: GREY });
    }
    rule();
    y -= ROW + 2;
  };
  const ensureRoom = (lines: number, header: boolean) => {
    if (y - lines * ROW >= MARGIN + ROW) return;
    page = doc.addPage([WIDTH, HEIGHT]);
    y = HEIGHT - MARGIN;
    if (header) tableHeader();
  };

  text(m.title, 0, { font: bold, size: 16 });
  y -= 24;
  text(`${m.account}: ${statement.email}`, 0, { size: 10 });
  y -= 14;
  text(
    `${m.period}: ${period} (${when(statement.from)} — ${when(new Date(statement.to.getTime() - 1000))})`,
    0,
    { size: 10 },
  );
  y -= 14;
  text(format(m.timezone, { zone: zoneLabel(zone, locale) }), 0, { size: 9, color: GREY });
  y -= 24;
  text(`${m.opening}: ${rub(statement.openingMicro)}`, 0, { font: bold, size: 11 });
  y -= 20;

  if (statement.rows.length === 0) {
    text(m.none, 0, { size: 10, color: GREY });
    y -= 20;
  } else {
    tableHeader();
    for (const row of statement.rows) {
      ensureRoom(1, true);
      text(when(row.createdAt), 0, { width: COLUMNS[0].width });
      text(m[row.kind], COLUMNS[1].x, { width: COLUMNS[1].width });
      text(rub(row.amountMicro, { precision: "request", signed: true, symbol: false }), COLUMNS[2].x, { align: "right", width: COLUMNS[2].width });
      text(rub(row.balanceAfterMicro, { symbol: false }), COLUMNS[3].x, { align: "right", width: COLUMNS[3].width });
      text(displayReference(row.kind, row.reference, locale), COLUMNS[4].x, { width: COLUMNS[4].width });
      text(keyOrNote(row, locale), COLUMNS[5].x, { width: COLUMNS[5].width });
      y -= ROW;
    }
    y -= 8;
  }

  ensureRoom(LEDGER_KINDS.length + 4, false);
  text(`${m.closing}: ${rub(statement.closingMicro)}`, 0, { font: bold, size: 11 });
  y -= 22;
  text(m.totals, 0, { font: bold, size: 10 });
  y -= 16;
  for (const kind of LEDGER_KINDS) {
    text(m[kind], 0, { size: 9, width: 120 });
    text(`${m.count}: ${statement.totals[kind].count}`, 130, { size: 9, width: 90 });
    text(rub(statement.totals[kind].amountMicro), 220, { size: 9, align: "right", width: 80 });
    y -= ROW + 2;
  }
  const grouped = (title: string, groups: ChargeGroup[]) => {
    if (groups.length === 0) return;
    ensureRoom(3, false);
    y -= 8;
    text(title, 0, { font: bold, size: 10 });
    y -= 16;
    for (const group of groups) {
      ensureRoom(1, false);
      text(group.label || "—", 0, { size: 9, width: 200 });
      text(`${m.count}: ${group.count}`, 210, { size: 9, width: 90 });
      text(rub(group.amountMicro), 300, { size: 9, align: "right", width: 80 });
      y -= ROW + 2;
    }
  };
  if (statement.spending) {
    grouped(m.byMember, statement.spending.byMember);
    grouped(m.byKey, statement.spending.byKey);
  }

  const pages = doc.getPages();
  pages.forEach((p, i) =>
    p.drawText(format(m.page, { n: i + 1, total: pages.length }), {
      x: WIDTH - MARGIN - 60,
      y: MARGIN / 2,
      size: 7,
      font: regular,
      color: GREY,
    }),
  );
  return doc.save();
}
