import { PDFDocument } from "pdf-lib";
import { KOPECK_MICRO } from "../../core/format/rub";
import { embedDejaVu } from "../../core/pdf/fonts";
import { amountInWords } from "../amount-in-words";
import { paymentQrPayload } from "../payment-qr";
import { vatIncluded } from "../vat";
import { longDate, shortDate } from "./dates";
import { assertKopecks, rubText, vatRateText } from "./money";
import { type DocumentParty, type PayeeBank, partyLine } from "./parties";
import { type Column, GREY, Sheet } from "./sheet";

/** A bank-transfer invoice (счёт на оплату) as issued: everything printed on it. */
export interface InvoiceDocument {
  /** As printed after «№», e.g. `2026-17`. */
  number: string;
  /** The day of issue, YYYY-MM-DD (Moscow). */
  date: string;
  /** The last day it may be paid, YYYY-MM-DD. */
  validUntil: string;
  seller: DocumentParty & PayeeBank;
  buyer: DocumentParty;
  /** Whole kopecks in micro-rubles, VAT included. */
  amountMicro: number;
  /** 2200 = 22 %; null when the seller pays no VAT. */
  vatBasisPoints: number | null;
  /** The payment purpose the buyer copies into the transfer; must name the invoice number (payments are matched by it). */
  purpose: string;
}

export const INVOICE_ITEM = "Пополнение баланса доступа к API языковых моделей XRouter";

// A4 portrait in points.
const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 40;
const CONTENT = WIDTH - 2 * MARGIN;

/**
 * «Счёт на оплату» on one A4 page: the bank block, title, supplier and buyer, the one-line table, totals with
 * VAT, the sum in words, the payment purpose, the ГОСТ Р 56042-2014 payment QR and how long it is valid.
 */
export async function invoicePdf(invoice: InvoiceDocument): Promise<Uint8Array> {
  assertKopecks(invoice.amountMicro, "invoice amount");
  if (!invoice.purpose.includes(invoice.number))
    throw new RangeError(`invoice purpose must contain the number ${invoice.number}`);
  const doc = await PDFDocument.create();
  const fonts = await embedDejaVu(doc);
  const title = `Счёт на оплату № ${invoice.number} от ${longDate(invoice.date)}`;
  doc.setTitle(title);
  doc.setAuthor(invoice.seller.name);
  doc.setCreator("XRouter");
  doc.setProducer("XRouter (pdf-lib)");
  doc.setCreationDate(new Date(`${invoice.date}T00:00:00+03:00`));
  const sheet = new Sheet(doc.addPage([WIDTH, HEIGHT]), fonts);
  const { seller, buyer } = invoice;

  // The bank block: the payee's bank and account as a payment order asks for them.
  const left = 300;
  const label = 50;
  const value = CONTENT - left - label;
  const x1 = MARGIN + left;
  const x2 = x1 + label;
  let top = MARGIN;
  const bankHeight = Math.max(sheet.cellHeight(seller.bankName, left) + 12, 36);
  sheet.rect(MARGIN, top, left, bankHeight);
  sheet.paragraph(seller.bankName, MARGIN + 2, top + 2, left - 4, { size: 9 });
  sheet.text("Банк получателя", MARGIN + 2, top + bankHeight - 10, { size: 7, color: GREY });
  sheet.cell("БИК", x1, top, label, 14, { size: 9 });
  sheet.cell(seller.bik, x2, top, value, 14, { size: 9 });
  sheet.cell("Сч. №", x1, top + 14, label, bankHeight - 14, { size: 9 });
  sheet.cell(seller.corrAccount, x2, top + 14, value, bankHeight - 14, { size: 9 });
  top += bankHeight;
  const half = left / 2;
  sheet.cell(`ИНН ${seller.inn}`, MARGIN, top, half, 14, { size: 9 });
  sheet.cell(seller.kpp ? `КПП ${seller.kpp}` : "", MARGIN + half, top, half, 14, { size: 9 });
  const payeeHeight = Math.max(sheet.cellHeight(seller.name, left) + 12, 36);
  sheet.rect(MARGIN, top + 14, left, payeeHeight);
  sheet.paragraph(seller.name, MARGIN + 2, top + 16, left - 4, { size: 9 });
  sheet.text("Получатель", MARGIN + 2, top + 14 + payeeHeight - 10, { size: 7, color: GREY });
  sheet.cell("Сч. №", x1, top, label, 14 + payeeHeight, { size: 9 });
  sheet.cell(seller.account, x2, top, value, 14 + payeeHeight, { size: 9 });
  top += 14 + payeeHeight + 18;

  sheet.text(title, MARGIN, top, { bold: true, size: 14 });
  top += 22;
  sheet.line(MARGIN, top, MARGIN + CONTENT, top, 1.5);
  top += 8;

  const partyRow = (caption: string, party: DocumentParty) => {
    const captionHeight = sheet.paragraph(caption, MARGIN, top, 86, { size: 9 });
    top +=
      Math.max(
        captionHeight,
        sheet.paragraph(partyLine(party), MARGIN + 90, top, CONTENT - 90, { bold: true, size: 9 }),
      ) + 6;
  };
  partyRow("Поставщик\n(Исполнитель):", seller);
  partyRow("Покупатель\n(Заказчик):", buyer);
  top += 4;

  // The one-line table.
  const columns: (Column & { title: string })[] = [
    { title: "№", width: 22, align: "center" },
    { title: "Товары (работы, услуги)", width: 245, align: "left" },
    { title: "Кол-во", width: 48, align: "right" },
    { title: "Ед.", width: 40, align: "center" },
    { title: "Цена, руб.", width: 80, align: "right" },
    { title: "Сумма, руб.", width: 80, align: "right" },
  ];
  const amount = rubText(invoice.amountMicro);
  const kopecks = invoice.amountMicro / KOPECK_MICRO;
  top += sheet.row(
    columns,
    columns.map((c) => c.title),
    MARGIN,
    top,
    { bold: true, size: 9, align: "center" },
  );
  top += sheet.row(columns, ["1", INVOICE_ITEM, "1", "усл.", amount, amount], MARGIN, top, { size: 9 });
  top += 8;

  const vatLine: [string, string] =
    invoice.vatBasisPoints === null
      ? ["Без налога (НДС):", "—"]
      : [
          `В том числе НДС ${vatRateText(invoice.vatBasisPoints)}:`,
          rubText(vatIncluded(kopecks, invoice.vatBasisPoints) * KOPECK_MICRO),
        ];
  for (const [caption, sum] of [["Итого:", amount], vatLine, ["Всего к оплате:", amount]] as const) {
    sheet.text(caption, MARGIN + CONTENT - 330, top, { bold: true, size: 9, align: "right", width: 245 });
    sheet.text(sum, MARGIN + CONTENT - 80, top, { bold: true, size: 9, align: "right", width: 80 });
    top += 13;
  }
  top += 6;

  sheet.text(`Всего наименований 1, на сумму ${amount} руб.`, MARGIN, top, { size: 9 });
  top += 13;
  top += sheet.paragraph(amountInWords(kopecks), MARGIN, top, CONTENT, { bold: true, size: 9 });
  top += 6;
  sheet.line(MARGIN, top, MARGIN + CONTENT, top, 1.5);
  top += 10;

  sheet.text("Назначение платежа:", MARGIN, top, { bold: true, size: 9 });
  top += 13;
  top += sheet.paragraph(invoice.purpose, MARGIN, top, CONTENT, { size: 9 });
  top += 12;

  // The QR and what it does, beside the validity note.
  const qrSize = 120;
  sheet.qr(
    paymentQrPayload({
      name: seller.name,
      personalAcc: seller.account,
      bankName: seller.bankName,
      bic: seller.bik,
      correspAcc: seller.corrAccount,
      payeeInn: seller.inn,
      kpp: seller.kpp ?? undefined,
      purpose: invoice.purpose,
      sumKopecks: kopecks,
    }),
    MARGIN - 6,
    top,
    qrSize,
  );
  const noteX = MARGIN + qrSize + 8;
  const noteWidth = CONTENT - qrSize - 8;
  let noteTop = top + 14;
  noteTop += sheet.paragraph("Оплата по QR-коду", noteX, noteTop, noteWidth, { bold: true, size: 9 }) + 2;
  noteTop +=
    sheet.paragraph(
      "Отсканируйте код в приложении банка: получатель, реквизиты, сумма и назначение платежа заполнятся сами. Назначение платежа с номером счёта менять не нужно: по нему зачисляется оплата.",
      noteX,
      noteTop,
      noteWidth,
      { size: 9 },
    ) + 8;
  sheet.paragraph(
    `Счёт действителен до ${longDate(invoice.validUntil)} включительно (${shortDate(invoice.validUntil)}). Баланс пополняется после поступления денег на расчётный счёт поставщика.`,
    noteX,
    noteTop,
    noteWidth,
    { size: 9 },
  );
  return doc.save();
}
