import { describe, expect, it } from "vitest";
import { parsePaymentQr, paymentQrPayload, type PaymentQrFields } from "./payment-qr";

const payee: PaymentQrFields = {
  name: "ООО «ИксРоутер»",
  personalAcc: "40702810938000012345",
  bankName: "ПАО Сбербанк",
  bic: "044525225",
  correspAcc: "30101810400000000225",
  payeeInn: "7707083893",
  kpp: "770701001",
  purpose: "Оплата по счёту № 2026-17 от 07.12.2026",
  sumKopecks: 1_234_567,
};

describe("paymentQrPayload", () => {
  it("writes the UTF-8 service block, the mandatory requisites in order, then the optional ones with Sum in kopecks", () => {
    expect(paymentQrPayload(payee)).toBe(
      "ST00012|Name=ООО «ИксРоутер»|PersonalAcc=40702810938000012345|BankName=ПАО Сбербанк|BIC=044525225|" +
        "CorrespAcc=30101810400000000225|PayeeINN=7707083893|KPP=770701001|Purpose=Оплата по счёту № 2026-17 от 07.12.2026|Sum=1234567",
    );
  });

  it("leaves out optional requisites that are absent (a sole trader has no КПП)", () => {
    const text = paymentQrPayload({ ...payee, kpp: undefined, purpose: undefined, sumKopecks: undefined });
    expect(text).toBe(
      "ST00012|Name=ООО «ИксРоутер»|PersonalAcc=40702810938000012345|BankName=ПАО Сбербанк|BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=7707083893",
    );
  });

  it("keeps the separator out of values, makes them one line and cuts them to the standard's lengths", () => {
    const text = paymentQrPayload({
      ...payee,
      name: "ООО «А|Б»\r\nфилиал",
      bankName: "Б".repeat(60),
      purpose: `Оплата | ${"я".repeat(300)}`,
    });
    const fields = parsePaymentQr(text);
    expect(fields.Name).toBe("ООО «А/Б» филиал");
    expect(fields.BankName).toHaveLength(45);
    expect(fields.Purpose).toHaveLength(210);
    expect(fields.Purpose!.startsWith("Оплата / я")).toBe(true);
    expect(text.split("|")).toHaveLength(10);
  });

  it("refuses a missing mandatory requisite and a Sum that is not a positive whole number of kopecks", () => {
    expect(() => paymentQrPayload({ ...payee, bic: " " })).toThrow(/BIC is mandatory/);
    expect(() => paymentQrPayload({ ...payee, sumKopecks: 0 })).toThrow(/kopecks/);
    expect(() => paymentQrPayload({ ...payee, sumKopecks: 12.5 })).toThrow(/kopecks/);
  });
});

describe("parsePaymentQr", () => {
  it("reads back what paymentQrPayload writes", () => {
    expect(parsePaymentQr(paymentQrPayload(payee))).toEqual({
      Name: payee.name,
      PersonalAcc: payee.personalAcc,
      BankName: payee.bankName,
      BIC: payee.bic,
      CorrespAcc: payee.correspAcc,
      PayeeINN: payee.payeeInn,
      KPP: payee.kpp,
      Purpose: payee.purpose,
      Sum: "1234567",
    });
  });

  it("honours whatever separator the text declares after its service block", () => {
    expect(parsePaymentQr("ST00012#Name=ИП Иванов|Петров#Sum=100")).toEqual({ Name: "ИП Иванов|Петров", Sum: "100" });
  });

  it("refuses text that is not a payment QR", () => {
    expect(() => parsePaymentQr("https://example.com")).toThrow(/ST0001/);
    expect(() => parsePaymentQr("ST00012|Name")).toThrow(/Key=value/);
  });
});
