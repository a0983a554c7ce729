import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStatement1C } from "./bank-statement-1c";
import { SAMPLE_BUYER_IP, SAMPLE_BUYER_UL, SAMPLE_STRANGER } from "./fixtures/sample-statement";
import {
  findInvoiceReferences,
  INVOICE_NUMBER_RE,
  invoiceNumberText,
  matchPayments,
  paymentKey,
  paymentMatchText,
  type IncomingPayment,
  type OpenInvoice,
} from "./match-payments";

const invoice1: OpenInvoice = {
  id: "inv_1",
  year: 2026,
  number: 1,
  buyerInn: SAMPLE_BUYER_UL.inn,
  amountMicro: 1_599_660_000,
  paidMicro: 0,
};
const invoice2: OpenInvoice = {
  id: "inv_2",
  year: 2026,
  number: 2,
  buyerInn: SAMPLE_BUYER_IP.inn,
  amountMicro: 5_000_000_000,
  paidMicro: 0,
};

const pay = (
  amountMicro: number,
  purpose: string,
  number = "1",
  payerInn: string | null = SAMPLE_BUYER_UL.inn,
): IncomingPayment => ({
  number,
  date: "2026-12-05",
  payerAccount: SAMPLE_BUYER_UL.account,
  payerInn,
  amountMicro,
  purpose,
});
const summary = (payments: IncomingPayment[], invoices: OpenInvoice[], booked?: Set<string>) =>
  matchPayments(payments, invoices, booked).map((m) =>
    m.status === "matched"
      ? [m.payment.number, m.invoiceId, m.outcome, m.creditMicro, m.paidMicro]
      : [m.payment.number, m.reason],
  );

describe("invoice numbers", () => {
  it("prints the year and a six-digit number, and finds it again", () => {
    expect(invoiceNumberText(2026, 17)).toBe("СЧ-2026-000017");
    expect(invoiceNumberText(2027, 1_234_567)).toBe("СЧ-2027-1234567");
    expect(findInvoiceReferences(`Оплата по счету ${invoiceNumberText(2026, 17)} от 05.12.2026`)).toEqual([
      { year: 2026, number: 17 },
    ]);
    expect(INVOICE_NUMBER_RE.exec("Оплата СЧ-2026-000017 за API")?.slice(0, 3)).toEqual([
      "СЧ-2026-000017",
      "2026",
      "17",
    ]);
  });

  it("finds the ways buyers write them", () => {
    const cases: [string, { year?: number; number: number }[]][] = [
      ["Оплата по счету СЧ-2026-000017 от 05.12.2026", [{ year: 2026, number: 17 }]],
      ["оплата сч 2026/17, без НДС", [{ year: 2026, number: 17 }]],
      ["Оплата CЧ-2026-17 (латинская C)", [{ year: 2026, number: 17 }]],
      ["Оплата по счёту № 17 от 05.12.2026 за услуги", [{ year: 2026, number: 17 }]],
      ["Оплата по счету №17 от 5.12.26", [{ year: 2026, number: 17 }]],
      ["Оплата по сч. № 0017", [{ year: undefined, number: 17 }]],
      ["Счет на оплату N 17 от 01.12.2026", [{ year: 2026, number: 17 }]],
      ["Предоплата по счету 17", [{ year: undefined, number: 17 }]],
      [
        "Счета СЧ 2026 - 000017 и счет № 18 от 06.12.2026",
        [
          { year: 2026, number: 17 },
          { year: 2026, number: 18 },
        ],
      ],
    ];
    for (const [purpose, refs] of cases) expect(findInvoiceReferences(purpose), purpose).toEqual(refs);
  });

  it("is not fooled by accounts, «расчёт» or счёт-фактура", () => {
    for (const purpose of [
      "Перевод на счет 40702810938000012345",
      "Оплата по расчету № 5 от 01.12.2026",
      "Возврат по счету-фактуре № 5",
      "Оплата по счет-фактуре № 5",
      "Оплата за декабрь 2026 по договору 15/26",
    ])
      expect(findInvoiceReferences(purpose), purpose).toEqual([]);
  });
});

describe("matchPayments", () => {
  it("matches the sample statement's incoming payments", () => {
    const incoming = parseStatement1C(
      readFileSync(new URL("fixtures/statement-sample.txt", import.meta.url)),
    ).documents.filter((d) => d.incoming);
    const matches = matchPayments(incoming, [invoice1, invoice2]);
    expect(
      matches.map((m) =>
        m.status === "matched" ? [m.payment.number, m.invoiceId, m.outcome] : [m.payment.number, m.reason],
      ),
    ).toEqual([
      ["318", "inv_1", "exact"],
      ["42", "inv_2", "exact"],
      ["1205", "no_invoice_number"],
      ["318", "duplicate"],
    ]);
    expect(matches[0]!.payment.payerAccount).toBe(SAMPLE_BUYER_UL.account);
    expect(matches[2]!.payment.payerInn).toBe(SAMPLE_STRANGER.inn);
  });

  it("tells exact, part and over by what was still due, adding up payments of one file", () => {
    const due = { ...invoice1, paidMicro: 599_660_000 };
    expect(summary([pay(1_000_000_000, "СЧ-2026-000001")], [due])).toEqual([
      ["1", "inv_1", "exact", 1_000_000_000, 1_599_660_000],
    ]);
    expect(summary([pay(1_000_000, "СЧ-2026-000001")], [invoice1])).toEqual([
      ["1", "inv_1", "part", 1_000_000, 1_000_000],
    ]);
    expect(summary([pay(2_000_000_000, "СЧ-2026-000001")], [invoice1])).toEqual([
      ["1", "inv_1", "over", 2_000_000_000, 2_000_000_000],
    ]);
    expect(
      summary(
        [pay(599_660_000, "счет № 1 от 02.12.2026", "1"), pay(1_000_000_000, "счет № 1 от 02.12.2026", "2")],
        [invoice1],
      ),
    ).toEqual([
      ["1", "inv_1", "part", 599_660_000, 599_660_000],
      ["2", "inv_1", "exact", 1_000_000_000, 1_599_660_000],
    ]);
  });

  it("wants the payer's ИНН to be the buyer's", () => {
    expect(summary([pay(1_599_660_000, "СЧ-2026-000001", "1", SAMPLE_STRANGER.inn)], [invoice1])).toEqual([
      ["1", "inn_mismatch"],
    ]);
    expect(summary([pay(1_599_660_000, "СЧ-2026-000001", "1", null)], [invoice1])).toEqual([["1", "inn_mismatch"]]);
  });

  it("leaves unknown, paid and ambiguous invoices to an admin", () => {
    expect(summary([pay(1_000, "СЧ-2026-000099")], [invoice1])).toEqual([["1", "invoice_not_found"]]);
    expect(summary([pay(1_000, "СЧ-2025-000001")], [invoice1])).toEqual([["1", "invoice_not_found"]]);
    const nextYear = { ...invoice1, id: "inv_2027_1", year: 2027 };
    expect(summary([pay(1_000, "по счету № 1")], [invoice1, nextYear])).toEqual([["1", "ambiguous"]]);
    expect(summary([pay(1_000, "по счету № 1 от 10.01.2027")], [invoice1, nextYear])).toEqual([
      ["1", "inv_2027_1", "part", 1_000, 1_000],
    ]);
  });

  it("refuses a payment booked before or twice in the list", () => {
    const payment = pay(1_599_660_000, "СЧ-2026-000001");
    expect(summary([payment], [invoice1], new Set([paymentKey(payment)]))).toEqual([["1", "duplicate"]]);
    expect(
      summary([payment, { ...payment, date: "2026-12-06" }, payment], [invoice1]).map((row) => row[2] ?? row[1]),
    ).toEqual(["exact", "over", "duplicate"]);
  });

  it("keys a payment by number, date and payer account", () => {
    expect(paymentKey({ number: "318", date: "2026-12-03", payerAccount: "40702810210000054321" })).toBe(
      "318|2026-12-03|40702810210000054321",
    );
  });

  it("explains each outcome", () => {
    const [matched, unmatched] = matchPayments(
      [pay(1_000, "СЧ-2026-000001", "1"), pay(1_000, "без номера", "2")],
      [invoice1],
    );
    expect(paymentMatchText(matched!, "ru")).toBe("Частичная оплата");
    expect(paymentMatchText(unmatched!, "en")).toBe("The payment purpose names no invoice");
  });
});
