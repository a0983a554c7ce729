import { PDFDocument } from "pdf-lib";
import { embedDejaVu } from "../../core/pdf/fonts";
import { longDate } from "./dates";
import { assertKopecks } from "./money";
import { GREY, Sheet } from "./sheet";
import { updAppendix } from "./upd-appendix";
import { addUpdAppendixPages } from "./upd-appendix-pdf";
import { HEIGHT, MARGIN, type UpdDocument, WIDTH } from "./upd-document";
import { drawUpdInvoicePart } from "./upd-invoice-part";
import { drawUpdTransferPart } from "./upd-transfer-part";

// The document's shape is defined beside its parts; callers take it from here, with the renderer.
export type { UpdDocument } from "./upd-document";

/**
 * The УПД on A4 landscape: the счёт-фактура header (fields 1–8), the one service line and the totals, the
 * signatures, the transfer part (fields 8–19); then the appendix by model and key on the following pages.
 */
export async function updPdf(upd: UpdDocument): Promise<Uint8Array> {
  assertKopecks(upd.amountMicro, "УПД amount");
  assertKopecks(upd.vatMicro, "УПД VAT");
  const appendix = updAppendix(upd.lines);
  if (appendix.amountMicro !== upd.amountMicro) {
    throw new RangeError(
      `УПД ${upd.number}: the appendix adds up to ${appendix.amountMicro} µ₽, the document says ${upd.amountMicro} µ₽`,
    );
  }
  const doc = await PDFDocument.create();
  const fonts = await embedDejaVu(doc);
  const correction = upd.correction
    ? `, исправление № ${upd.correction.number} от ${longDate(upd.correction.date)}`
    : "";
  doc.setTitle(`УПД: счёт-фактура № ${upd.number} от ${longDate(upd.date)}${correction}`);
  doc.setAuthor(upd.seller.name);
  doc.setCreator("XRouter");
  doc.setProducer("XRouter (pdf-lib)");
  doc.setCreationDate(new Date(`${(upd.correction ?? upd).date}T00:00:00+03:00`));
  const sheet = new Sheet(doc.addPage([WIDTH, HEIGHT]), fonts);

  const { top, pagesLabelTop } = drawUpdInvoicePart(sheet, upd);
  drawUpdTransferPart(sheet, upd, top);

  addUpdAppendixPages(doc, fonts, upd, appendix);
  const pages = doc.getPages();
  sheet.text(
    `Документ составлен на ${pages.length} ${pages.length % 10 === 1 && pages.length % 100 !== 11 ? "листе" : "листах"}`,
    MARGIN,
    pagesLabelTop,
    { size: 6 },
  );
  pages.forEach((page, i) =>
    new Sheet(page, fonts).text(`Лист ${i + 1} из ${pages.length}`, WIDTH - MARGIN - 80, HEIGHT - MARGIN + 6, {
      size: 6,
      color: GREY,
      align: "right",
      width: 80,
    }),
  );
  return doc.save();
}
