import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { decodePdfQr, pdfText } from "../../testing/read-pdf";
import { parsePaymentQr } from "../payment-qr";
import { INVOICE_ITEM, invoicePdf, type InvoiceDocument } from "./invoice-pdf";

const invoice: InvoiceDocument = {
  number: "2026-17",
  date: "2026-12-07",
  validUntil: "2026-12-17",
  seller: {
    name: "ООО «ИксРоутер»",
    inn: "7707083893",
    kpp: "770701001",
    address: "125009, г. Москва, ул. Тверская, д. 7, офис 12",
    bankName: "ПАО Сбербанк",
    bik: "044525225",
    account: "40702810938000012345",
    corrAccount: "30101810400000000225",
  },
  buyer: {
    name: "ООО «Ромашка»",
    inn: "7736207543",
    kpp: "773601001",
    address: "119021, г. Москва, ул. Льва Толстого, д. 16",
  },
  amountMicro: 12_345_670_000,
  vatBasisPoints: 2200,
  purpose: "Оплата по счёту № 2026-17 от 07.12.2026 за доступ к API XRouter, в т. ч. НДС 22 % 2 226,27 руб.",
};

/** The text with every run of whitespace as one space: lines wrap where the layout says, not where a test expects. */
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("invoicePdf", () => {
  it("renders the whole invoice in Russian: bank block, title, parties, the line, VAT at the given rate, the sum in words, purpose, validity", async () => {
    const bytes = await invoicePdf(invoice);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe("Счёт на оплату № 2026-17 от 7 декабря 2026 г.");
    const text = flat(await pdfText(bytes));
    for (const expected of [
      "Счёт на оплату № 2026-17 от 7 декабря 2026 г.",
      "Банк получателя",
      "ПАО Сбербанк",
      "БИК 044525225",
      "Сч. № 30101810400000000225",
      "ИНН 7707083893 КПП 770701001 ООО «ИксРоутер» Получатель Сч. № 40702810938000012345",
      "Поставщик (Исполнитель): ООО «ИксРоутер», ИНН 7707083893, КПП 770701001, 125009, г. Москва, ул. Тверская, д. 7, офис 12",
      "Покупатель (Заказчик): ООО «Ромашка», ИНН 7736207543, КПП 773601001, 119021, г. Москва, ул. Льва Толстого, д. 16",
      "Товары (работы, услуги)",
      "Итого: 12 345,67",
      "В том числе НДС 22 %: 2 226,27",
      "Всего к оплате: 12 345,67",
      "Всего наименований 1, на сумму 12 345,67 руб.",
      "Двенадцать тысяч триста сорок пять рублей 67 копеек",
      "Назначение платежа: Оплата по счёту № 2026-17 от 07.12.2026",
      "Счёт действителен до 17 декабря 2026 г. включительно",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(`1 ${INVOICE_ITEM} 1 усл. 12 345,67 12 345,67`);
  });

  it("prints a QR a banking app reads: the payee's requisites, the purpose with the number and the sum in kopecks", async () => {
    const qr = await decodePdfQr(await invoicePdf(invoice));
    expect(qr?.startsWith("ST00012|")).toBe(true);
    expect(parsePaymentQr(qr!)).toEqual({
      Name: "ООО «ИксРоутер»",
      PersonalAcc: "40702810938000012345",
      BankName: "ПАО Сбербанк",
      BIC: "044525225",
      CorrespAcc: "30101810400000000225",
      PayeeINN: "7707083893",
      KPP: "770701001",
      Purpose: invoice.purpose,
      Sum: "1234567",
    });
  });

  it("takes the VAT rate from its input, and says so when the seller pays none", async () => {
    const ten = flat(await pdfText(await invoicePdf({ ...invoice, vatBasisPoints: 1000 })));
    expect(ten).toContain("В том числе НДС 10 %: 1 122,33"); // 12 345,67 × 10 / 110 = 1 122,333…
    const none = flat(
      await pdfText(await invoicePdf({ ...invoice, vatBasisPoints: null, seller: { ...invoice.seller, kpp: null } })),
    );
    expect(none).toContain("Без налога (НДС): —");
    expect(none).not.toContain("КПП 770701001");
  });

  it("refuses an amount with fractions of a kopeck and a purpose that does not name the invoice", async () => {
    await expect(invoicePdf({ ...invoice, amountMicro: 12_345_675_000 + 1 })).rejects.toThrow(/whole kopecks/);
    await expect(invoicePdf({ ...invoice, purpose: "Оплата за доступ к API" })).rejects.toThrow(/2026-17/);
  });
});

describe("invoicePdf with unbroken 2,000-character requisites", () => {
  it("renders in well under the seconds a character-at-a-time wrap took", async () => {
    const long = "Ж".repeat(2000);
    const started = performance.now();
    const bytes = await invoicePdf({ ...invoice, buyer: { ...invoice.buyer, name: long, address: long } });
    expect(performance.now() - started).toBeLessThan(3000);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThanOrEqual(1);
  });
});
