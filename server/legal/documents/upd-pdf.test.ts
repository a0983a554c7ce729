import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { pdfText } from "../../testing/read-pdf";
import { vatIncluded } from "../vat";
import { updAppendixCsv } from "./upd-appendix-csv";
import type { UpdLine } from "./upd-appendix";
import { type UpdDocument, updServiceName } from "./upd-document";
import { updPdf } from "./upd-pdf";

const lines: UpdLine[] = [
  { model: "yandexgpt-pro/latest", keyName: "Продакшн", requests: 12_345, amountMicro: 1_234_565_000 },
  { model: "yandexgpt-lite/latest", keyName: "Продакшн", requests: 800, amountMicro: 15_001_234 },
  { model: "gigachat-max", keyName: "Тесты; стенд", requests: 3, amountMicro: 3_333 },
];
// 1 249 569 567 µ₽ → 1 249,57 ₽ rounded once; VAT 22 % inside it: 225,33 ₽.
const upd: UpdDocument = {
  number: "2026-12",
  date: "2026-11-30",
  period: "2026-11",
  seller: {
    name: "ООО «ИксРоутер»",
    inn: "7707083893",
    kpp: "770701001",
    address: "125009, г. Москва, ул. Тверская, д. 7, офис 12",
  },
  buyer: {
    name: "ИП Петров Пётр Петрович",
    inn: "500100732259",
    kpp: null,
    address: "141400, Московская обл., г. Химки, ул. Ленина, д. 1",
  },
  amountMicro: 1_249_570_000,
  vatMicro: vatIncluded(124_957, 2200) * 10_000,
  vatBasisPoints: 2200,
  basis: "Публичная оферта XRouter, редакция 3, акцептована 01.11.2026",
  lines,
};

const flat = (text: string) => text.replace(/\s+/g, " ");

describe("updPdf", () => {
  it("renders a УПД status 1 on A4 landscape: header fields, the service line with and without VAT, totals, signatures, transfer part", async () => {
    expect(upd.vatMicro).toBe(225_330_000);
    const bytes = await updPdf(upd);
    const doc = await PDFDocument.load(bytes);
    const [width, height] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect(width).toBeGreaterThan(height);
    expect(doc.getPageCount()).toBe(2);
    const [first, second] = (await pdfText(bytes)).split("\f").map(flat);
    for (const expected of [
      "Универсальный передаточный документ",
      "Статус: 1",
      "Счёт-фактура № 2026-12 от 30 ноября 2026 г. (1)",
      "Исправление № -- от -- (1а)",
      "Продавец: ООО «ИксРоутер» (2)",
      "Адрес: 125009, г. Москва, ул. Тверская, д. 7, офис 12 (2а)",
      "ИНН/КПП продавца: 7707083893 / 770701001 (2б)",
      "Документ об отгрузке: № п/п 1 № 2026-12 от 30.11.2026 (5а)",
      "Покупатель: ИП Петров Пётр Петрович (6)",
      "ИНН/КПП покупателя: 500100732259 (6б)",
      "Валюта: наименование, код: Российский рубль, 643 (7)",
      "Услуги доступа к API языковых моделей за ноябрь 2026",
      "876 усл. ед 1 1 024,24 1 024,24 без акциза 22 % 225,33 1 249,57",
      "Всего к оплате (9) 1 024,24 X 225,33 1 249,57",
      "Руководитель организации или иное уполномоченное лицо",
      "Главный бухгалтер или иное уполномоченное лицо",
      "Основание передачи (сдачи) / получения (приёмки) Публичная оферта XRouter, редакция 3, акцептована 01.11.2026 [8]",
      "Дата отгрузки, передачи (сдачи) 30 ноября 2026 г. [11]",
      "Товар (груз) получил / услуги, результаты работ, права принял",
      "ООО «ИксРоутер», ИНН/КПП 7707083893 / 770701001",
      "ИП Петров Пётр Петрович, ИНН/КПП 500100732259",
      "Документ составлен на 2 листах",
      "Лист 1 из 2",
    ]) {
      expect(first).toContain(expected);
    }
    expect(updServiceName("2026-11")).toBe("Услуги доступа к API языковых моделей за ноябрь 2026");
    // The appendix: lines in whole kopecks by largest remainder, adding up to the document's total.
    for (const expected of [
      "Приложение к УПД № 2026-12 от 30.11.2026",
      "№ Модель Ключ Запросов Сумма, ₽ (с НДС)",
      "1 yandexgpt-pro/latest Продакшн 12 345 1 234,57",
      "2 yandexgpt-lite/latest Продакшн 800 15,00",
      "3 gigachat-max Тесты; стенд 3 0,00",
      "Итого 13 148 1 249,57",
      "Лист 2 из 2",
    ]) {
      expect(second).toContain(expected);
    }
  });

  it("titles a correction «Исправление № 1 от …» under the number and date of the document it corrects", async () => {
    const bytes = await updPdf({ ...upd, correction: { number: 1, date: "2026-12-15" } });
    const text = flat(await pdfText(bytes));
    expect(text).toContain("Счёт-фактура № 2026-12 от 30 ноября 2026 г. (1)");
    expect(text).toContain("Исправление № 1 от 15 декабря 2026 г. (1а)");
    expect(text).toContain("Приложение к УПД № 2026-12 от 30.11.2026 (исправление № 1 от 15.12.2026)");
    expect((await PDFDocument.load(bytes)).getTitle()).toBe(
      "УПД: счёт-фактура № 2026-12 от 30 ноября 2026 г., исправление № 1 от 15 декабря 2026 г.",
    );
  });

  it("prints «без НДС» when the seller pays none", async () => {
    const text = flat(await pdfText(await updPdf({ ...upd, vatMicro: 0, vatBasisPoints: null })));
    expect(text).toContain("1 249,57 1 249,57 без акциза без НДС без НДС 1 249,57");
  });

  it("continues a long appendix on further pages, every line and the total on them", async () => {
    const many = Array.from({ length: 90 }, (_, i) => ({
      model: `model-${i + 1}`,
      keyName: `key-${i + 1}`,
      requests: 1,
      amountMicro: 1_000_000 + i,
    }));
    // 90 ₽ plus 4 005 µ₽ of remainders: 90,00 ₽ rounded once.
    const bytes = await updPdf({
      ...upd,
      lines: many,
      amountMicro: 90_000_000,
      vatMicro: vatIncluded(9000, 2200) * 10_000,
    });
    const pages = (await pdfText(bytes))
      .split("\f")
      .filter((page) => page.trim())
      .map(flat);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const appendix = pages.slice(1).join(" ");
    for (const i of [1, 35, 36, 90]) expect(appendix).toContain(`${i} model-${i} key-${i} 1 1,00`);
    expect(pages.at(-1)).toContain("Итого 90 90,00");
    expect(pages[0]).toContain(`Документ составлен на ${pages.length} листах`);
    expect(appendix.match(/№ Модель Ключ/g)?.length).toBe(pages.length - 1);
  });

  it("refuses a document whose appendix does not add up to its total, or with fractions of a kopeck", async () => {
    await expect(updPdf({ ...upd, amountMicro: 1_249_580_000 })).rejects.toThrow(/appendix adds up to 1249570000/);
    await expect(updPdf({ ...upd, vatMicro: 225_330_001 })).rejects.toThrow(/whole kopecks/);
  });
});

describe("updAppendixCsv", () => {
  it("writes the appendix for Russian Excel with the same kopecks as the PDF: BOM, semicolons, comma decimals", () => {
    expect(updAppendixCsv(lines)).toBe(
      "\uFEFFМодель;Ключ;Запросов;Сумма, ₽ (с НДС)\r\n" +
        "yandexgpt-pro/latest;Продакшн;12345;1234,57\r\n" +
        "yandexgpt-lite/latest;Продакшн;800;15,00\r\n" +
        'gigachat-max;"Тесты; стенд";3;0,00\r\n' +
        "Итого;;13148;1249,57\r\n",
    );
  });
});
