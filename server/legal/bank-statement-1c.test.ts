import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  buildStatement1C,
  parseStatement1C,
  statementErrorText,
  type StatementDocumentInput,
} from "./bank-statement-1c";
import {
  SAMPLE_BUYER_IP,
  SAMPLE_BUYER_UL,
  SAMPLE_SELLER,
  SAMPLE_STATEMENT,
  SAMPLE_STRANGER,
} from "./fixtures/sample-statement";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
const lineOf = (bytes: Buffer, text: string) => iconv.decode(bytes, "win1251").split("\r\n").indexOf(text) + 1;

const SELLER = SAMPLE_SELLER.account;
const payment: StatementDocumentInput = {
  number: "5",
  date: "2026-12-05",
  amountMicro: 100_000_000,
  payerAccount: SAMPLE_BUYER_UL.account,
  payerInn: SAMPLE_BUYER_UL.inn,
  payerName: SAMPLE_BUYER_UL.name,
  payeeAccount: SELLER,
  payeeName: SAMPLE_SELLER.name,
  purpose: "Оплата по счету СЧ-2026-000005",
};
/** A one-document statement with some lines changed or dropped. */
const withFields = (fields: Record<string, string | null>, encoding?: "utf-8") =>
  buildStatement1C({ account: SELLER, documents: [{ ...payment, fields }], encoding });
const utf8 = (text: string) => Buffer.from(text.replaceAll("\n", "\r\n"), "utf8");

describe("the sample statement (windows-1251)", () => {
  const bytes = fixture("statement-sample.txt");
  const statement = parseStatement1C(bytes);

  it("is what fixtures/sample-statement.ts writes (npx tsx server/legal/fixtures/write-samples.ts)", () => {
    expect(bytes.equals(buildStatement1C(SAMPLE_STATEMENT))).toBe(true);
    expect(
      fixture("statement-sample-utf8.txt").equals(buildStatement1C({ ...SAMPLE_STATEMENT, encoding: "utf-8" })),
    ).toBe(true);
    expect(bytes.includes(Buffer.from("Платежное", "utf8"))).toBe(false);
  });

  it("reads the header, the account and every well-formed document", () => {
    expect(statement).toMatchObject({ encoding: "windows-1251", formatVersion: "1.03", accounts: [SELLER] });
    expect(statement.documents.map((d) => [d.number, d.date, d.amountMicro, d.incoming])).toEqual([
      ["318", "2026-12-03", 1_599_660_000, true],
      ["42", "2026-12-03", 5_000_000_000, true],
      ["1205", "2026-12-04", 1_000_000_000, true],
      ["318", "2026-12-03", 1_599_660_000, true],
      ["9", "2026-12-04", 12_000_000_000, false],
    ]);
    expect(statement.documents[1]).toEqual({
      line: lineOf(bytes, "Номер=42") - 1,
      kind: "Платежное поручение",
      number: "42",
      date: "2026-12-03",
      amountMicro: 5_000_000_000,
      payerAccount: SAMPLE_BUYER_IP.account,
      payerInn: SAMPLE_BUYER_IP.inn,
      payerName: "ИП Иванов Иван Иванович",
      payeeAccount: SELLER,
      payeeInn: SAMPLE_SELLER.inn,
      payeeName: "ООО «ИксРоутер»",
      purpose: "Оплата по счёту № 2 от 03.12.2026 за услуги доступа к моделям. В т.ч. НДС 22% 901,64 руб.",
      receivedDate: "2026-12-03",
      incoming: true,
    });
    expect(statement.documents[4]).toMatchObject({
      payerAccount: SELLER,
      payeeAccount: SAMPLE_STRANGER.account,
      receivedDate: null,
    });
  });

  it("leaves out the document with a bad amount, naming its line and field", () => {
    expect(statement.errors).toEqual([
      { line: lineOf(bytes, "Сумма=2500.005"), problem: "bad_amount", field: "Сумма", value: "2500.005" },
    ]);
    expect(statementErrorText(statement.errors[0]!, "ru")).toBe(
      `Строка ${lineOf(bytes, "Сумма=2500.005")}: Сумма «2500.005» — не сумма в рублях с копейками больше нуля`,
    );
  });

  it("reads the UTF-8 variant the same", () => {
    const other = parseStatement1C(fixture("statement-sample-utf8.txt"));
    expect(other.encoding).toBe("utf-8");
    expect(other.documents).toEqual(statement.documents);
    expect(other.errors).toEqual(statement.errors);
  });
});

describe("parseStatement1C", () => {
  it("takes a UTF-8 BOM and cp866 (Кодировка=DOS)", () => {
    const text = buildStatement1C({ account: SELLER, documents: [payment], encoding: "utf-8" }).toString("utf8");
    const bom = parseStatement1C(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(bom).toMatchObject({ encoding: "utf-8", accounts: [SELLER], errors: [] });
    // cp866 has no «»: a plain name.
    const dosText = text.replace("Кодировка=UTF-8", "Кодировка=DOS").replaceAll(SAMPLE_BUYER_UL.name, "ООО Ромашка");
    const dos = parseStatement1C(iconv.encode(dosText, "cp866"));
    expect(dos).toMatchObject({ encoding: "cp866", errors: [] });
    expect(dos.documents[0]).toMatchObject({ payerName: "ООО Ромашка", purpose: payment.purpose });
  });

  it("drops control characters from values (a NUL would abort the import in Postgres), a tab is a space", () => {
    const [document] = parseStatement1C(
      withFields({ НазначениеПлатежа: "Оплата\u0000 по счету\u0007 СЧ-2026-000005", Плательщик1: "ООО\t«Ромашка»\u001b" }, "utf-8"),
    ).documents;
    expect(document).toMatchObject({ purpose: "Оплата по счету СЧ-2026-000005", payerName: "ООО «Ромашка»" });
  });

  it("turns amounts into micro-rubles exactly", () => {
    const amount = (text: string) => parseStatement1C(withFields({ Сумма: text })).documents[0]?.amountMicro;
    expect(amount("1599,66")).toBe(1_599_660_000);
    expect(amount("0.29")).toBe(290_000);
    expect(amount("1600")).toBe(1_600_000_000);
    expect(amount("1.1")).toBe(1_100_000);
    expect(amount("8999999999.99")).toBe(8_999_999_999_990_000);
    for (const bad of ["0.00", "-5.00", "1 000.00", "12.345", "1e3", "", "9999999999.99"])
      expect(amount(bad), bad).toBeUndefined();
  });

  it("names a missing field or a bad date at its line, and keeps the other documents", () => {
    const bytes = buildStatement1C({
      account: SELLER,
      documents: [
        { ...payment, fields: { Номер: null, ПлательщикСчет: null, ПлательщикРасчСчет: null } },
        { ...payment, number: "6", fields: { Дата: "31.02.2026" } },
        { ...payment, number: "7", fields: { ДатаПоступило: "2026-12-05" } },
        { ...payment, number: "8" },
      ],
    });
    const { documents, errors } = parseStatement1C(bytes);
    expect(documents.map((d) => d.number)).toEqual(["8"]);
    const section = lineOf(bytes, "СекцияДокумент=Платежное поручение");
    expect(errors).toEqual([
      { line: section, problem: "missing_field", field: "Номер" },
      { line: section, problem: "missing_field", field: "ПлательщикСчет" },
      { line: lineOf(bytes, "Дата=31.02.2026"), problem: "bad_date", field: "Дата", value: "31.02.2026" },
      {
        line: lineOf(bytes, "ДатаПоступило=2026-12-05"),
        problem: "bad_date",
        field: "ДатаПоступило",
        value: "2026-12-05",
      },
    ]);
    expect(statementErrorText(errors[0]!, "en")).toBe(`Line ${section}: the document has no Номер`);
  });

  it("reports an unterminated section and a file cut short", () => {
    const text = [
      "1CClientBankExchange",
      "ВерсияФормата=1.03",
      `РасчСчет=${SELLER}`,
      "СекцияДокумент=Платежное поручение",
      "Номер=1",
      "СекцияДокумент=Платежное поручение",
      "Номер=2",
      "Дата=05.12.2026",
      "Сумма=10.00",
      `ПлательщикСчет=${SAMPLE_BUYER_UL.account}`,
      `ПолучательСчет=${SELLER}`,
      "КонецДокумента",
      "СекцияДокумент=Платежное поручение",
      "Номер=3",
    ].join("\n");
    const { documents, errors } = parseStatement1C(utf8(text));
    expect(documents.map((d) => [d.number, d.incoming])).toEqual([["2", true]]);
    expect(errors).toEqual([
      { line: 4, problem: "unterminated", field: "КонецДокумента" },
      { line: 13, problem: "unterminated", field: "КонецДокумента" },
      { line: 14, problem: "no_end", field: "КонецФайла" },
    ]);
    expect(statementErrorText(errors[1]!, "ru")).toBe("Строка 13: секция не закрыта (КонецДокумента)");
  });

  it("refuses a file that is not a 1C statement", () => {
    expect(parseStatement1C(utf8("Дата;Сумма\n05.12.2026;10.00"))).toMatchObject({
      documents: [],
      errors: [{ line: 1, problem: "not_1c" }],
    });
    expect(parseStatement1C(Buffer.alloc(0)).errors).toEqual([{ line: 1, problem: "not_1c" }]);
  });

  it("reads the one-line payer, a multi-line purpose and the seller's own account", () => {
    const text = [
      "1CClientBankExchange",
      "СекцияДокумент=Платежное поручение",
      "Номер=12",
      "Дата=05.12.2026",
      "Сумма=250.50",
      `ПлательщикРасчСчет=${SAMPLE_BUYER_IP.account}`,
      `Плательщик=ИНН ${SAMPLE_BUYER_IP.inn} ИП Иванов И.И.`,
      `ПолучательСчет=${SELLER}`,
      "ПолучательИНН=0",
      "НазначениеПлатежа1=Оплата по счету СЧ-2026-000012",
      "НазначениеПлатежа2=НДС не облагается",
      "КонецДокумента",
      "КонецФайла",
    ].join("\n");
    const statement = parseStatement1C(utf8(text), { ownAccounts: [SELLER] });
    expect(statement.accounts).toEqual([]);
    expect(statement.documents[0]).toMatchObject({
      payerAccount: SAMPLE_BUYER_IP.account,
      payerInn: SAMPLE_BUYER_IP.inn,
      payerName: "ИП Иванов И.И.",
      payeeInn: null,
      amountMicro: 250_500_000,
      purpose: "Оплата по счету СЧ-2026-000012 НДС не облагается",
      incoming: true,
    });
    expect(parseStatement1C(utf8(text)).documents[0]!.incoming).toBe(false);
  });
});

describe("buildStatement1C", () => {
  it("writes CRLF windows-1251 with the balances of the period", () => {
    const bytes = buildStatement1C({
      account: SELLER,
      documents: [
        payment,
        { ...payment, number: "6", amountMicro: 20_000, payerAccount: SELLER, payeeAccount: SAMPLE_STRANGER.account },
      ],
    });
    const text = iconv.decode(bytes, "win1251");
    expect(text.startsWith("1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\n")).toBe(true);
    expect(text).toContain("\r\nВсегоПоступило=100.00\r\nВсегоСписано=0.02\r\nКонечныйОстаток=99.98\r\n");
    expect(text.endsWith("КонецФайла\r\n")).toBe(true);
  });

  it("refuses amounts that are not whole kopecks", () => {
    expect(() => buildStatement1C({ account: SELLER, documents: [{ ...payment, amountMicro: 1_005 }] })).toThrow(
      RangeError,
    );
  });
});
