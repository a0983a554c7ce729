import type { PDFDocument } from "pdf-lib";
import { formatNumber } from "../../core/format/number";
import type { PdfFonts } from "../../core/pdf/fonts";
import { shortDate } from "./dates";
import { rubText } from "./money";
import { innKpp } from "./parties";
import { type Column, Sheet } from "./sheet";
import type { UpdAppendix } from "./upd-appendix";
import { HEIGHT, MARGIN, type UpdDocument, updServiceName, WIDTH } from "./upd-document";

/** The appendix table (№, model, key, requests, amount), continued on as many pages as it takes. */
export function addUpdAppendixPages(doc: PDFDocument, fonts: PdfFonts, upd: UpdDocument, appendix: UpdAppendix): void {
  const columns: (Column & { title: string })[] = [
    { title: "№", width: 30, align: "center" },
    { title: "Модель", width: 300, align: "left" },
    { title: "Ключ", width: 240, align: "left" },
    { title: "Запросов", width: 90, align: "right" },
    { title: "Сумма, ₽ (с НДС)", width: 120, align: "right" },
  ];
  const tableWidth = columns.reduce((sum, c) => sum + c.width, 0);
  let sheet = new Sheet(doc.addPage([WIDTH, HEIGHT]), fonts);
  let top = MARGIN;
  const row = (cells: readonly string[], bold: boolean) => {
    top += sheet.row(columns, cells, MARGIN, top, { size: 8, bold });
  };
  const heading = () =>
    row(
      columns.map((c) => c.title),
      true,
    );

  const reference = `УПД № ${upd.number} от ${shortDate(upd.date)}${upd.correction ? ` (исправление № ${upd.correction.number} от ${shortDate(upd.correction.date)})` : ""}`;
  top += sheet.paragraph(`Приложение к ${reference}`, MARGIN, top, tableWidth, { bold: true, size: 11 }) + 4;
  top +=
    sheet.paragraph(
      `Детализация: ${updServiceName(upd.period)}, по моделям и ключам. Покупатель: ${upd.buyer.name}, ИНН/КПП ${innKpp(upd.buyer)}.`,
      MARGIN,
      top,
      tableWidth,
      { size: 8 },
    ) + 8;
  heading();
  appendix.rows.forEach((line, i) => {
    if (top + 24 > HEIGHT - MARGIN - 12) {
      sheet = new Sheet(doc.addPage([WIDTH, HEIGHT]), fonts);
      top = MARGIN;
      heading();
    }
    row([String(i + 1), line.model, line.keyName, formatNumber(line.requests, "ru"), rubText(line.amountMicro)], false);
  });
  row(["", "Итого", "", formatNumber(appendix.requests, "ru"), rubText(appendix.amountMicro)], true);
}
