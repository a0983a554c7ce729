import { longDate, shortDate } from "./dates";
import { rubText, vatRateText } from "./money";
import { innKpp } from "./parties";
import { type Column, GREY, Sheet, type TextStyle } from "./sheet";
import { CONTENT, MARGIN, NONE, type UpdDocument, updServiceName } from "./upd-document";

/** ОКЕИ 876, «условная единица»: the unit of a service. */
const UNIT = { code: "876", name: "усл. ед" };

/** The columns of the счёт-фактура table (the 2021 form): heading, the number printed under it, width, how values align. */
const COLUMNS: (Column & { heading: string; number: string })[] = [
  { heading: "№ п/п", number: "", width: 14, align: "center" },
  { heading: "Код товара/ работ, услуг", number: "А", width: 26, align: "center" },
  {
    heading: "Наименование товара (описание выполненных работ, оказанных услуг), имущественного права",
    number: "1а",
    width: 107,
    align: "left",
  },
  { heading: "Код вида товара", number: "1б", width: 24, align: "center" },
  { heading: "Единица измерения: код", number: "2", width: 35, align: "center" },
  { heading: "условное обозначение (национальное)", number: "2а", width: 46, align: "center" },
  { heading: "Количество (объём)", number: "3", width: 36, align: "right" },
  { heading: "Цена (тариф) за единицу измерения", number: "4", width: 54, align: "right" },
  {
    heading: "Стоимость товаров (работ, услуг), имущественных прав без налога — всего",
    number: "5",
    width: 56,
    align: "right",
  },
  { heading: "В том числе сумма акциза", number: "6", width: 30, align: "center" },
  { heading: "Налоговая ставка", number: "7", width: 32, align: "center" },
  { heading: "Сумма налога, предъявляемая покупателю", number: "8", width: 52, align: "right" },
  {
    heading: "Стоимость товаров (работ, услуг), имущественных прав с налогом — всего",
    number: "9",
    width: 56,
    align: "right",
  },
  { heading: "Страна происхождения товара: цифровой код", number: "10", width: 36, align: "center" },
  { heading: "краткое наименование", number: "10а", width: 36, align: "center" },
  {
    heading:
      "Регистрационный номер декларации на товары или регистрационный номер партии товара, подлежащего прослеживаемости",
    number: "11",
    width: 46,
    align: "center",
  },
  {
    heading: "Количественная единица измерения товара, используемая в целях осуществления прослеживаемости: код",
    number: "12",
    width: 40,
    align: "center",
  },
  { heading: "условное обозначение", number: "12а", width: 34, align: "center" },
  {
    heading: "Количество товара, подлежащего прослеживаемости, в количественной единице измерения товара",
    number: "13",
    width: 42,
    align: "center",
  },
];

/**
 * The счёт-фактура part of a УПД's first page: the status block, fields 1–8, the table with the one service line
 * and its totals, the signatures. Returns where it ended and where the sheet count goes (known only at the end).
 */
export function drawUpdInvoicePart(sheet: Sheet, upd: UpdDocument): { top: number; pagesLabelTop: number } {
  const correction = upd.correction
    ? `${upd.correction.number} от ${longDate(upd.correction.date)}`
    : `${NONE} от ${NONE}`;
  // Left: what the document is and its status.
  const side = 120;
  let top = MARGIN;
  top += sheet.paragraph("Универсальный передаточный документ", MARGIN, top, side - 6, { bold: true, size: 9 }) + 6;
  sheet.text("Статус:", MARGIN, top + 2, { size: 7 });
  sheet.cell("1", MARGIN + 34, top, 20, 14, { bold: true, size: 9, align: "center" });
  top += 20;
  sheet.paragraph(
    "1 — счёт-фактура и передаточный документ (акт)\n2 — передаточный документ (акт)",
    MARGIN,
    top,
    side - 6,
    { size: 6 },
  );
  const pagesLabelTop = top + 40;

  // Right: fields 1–8 of the счёт-фактура.
  const x = MARGIN + side;
  const width = CONTENT - side;
  top = MARGIN;
  const field = (label: string, value: string, code: string, style: TextStyle = {}) => {
    top += sheet.field(label, value, `(${code})`, x, top, width, style) + 2;
  };
  field("Счёт-фактура №", `${upd.number} от ${longDate(upd.date)}`, "1", { bold: true, size: 9 });
  field("Исправление №", correction, "1а", { bold: !!upd.correction, size: 8 });
  top += 2;
  field("Продавец:", upd.seller.name, "2", { bold: true });
  field("Адрес:", upd.seller.address, "2а");
  field("ИНН/КПП продавца:", innKpp(upd.seller), "2б");
  field("Грузоотправитель и его адрес:", NONE, "3");
  field("Грузополучатель и его адрес:", NONE, "4");
  field("К платёжно-расчётному документу №", `${NONE} от ${NONE}`, "5");
  field("Документ об отгрузке:", `№ п/п 1 № ${upd.number} от ${shortDate(upd.date)}`, "5а");
  field("Покупатель:", upd.buyer.name, "6", { bold: true });
  field("Адрес:", upd.buyer.address, "6а");
  field("ИНН/КПП покупателя:", innKpp(upd.buyer), "6б");
  field("Валюта: наименование, код:", "Российский рубль, 643", "7");
  field("Идентификатор государственного контракта, договора (соглашения) (при наличии):", NONE, "8");
  sheet.line(x - 4, MARGIN, x - 4, top);
  top += 8;

  // The table: headings, their numbers, the service line, the totals.
  top += sheet.row(
    COLUMNS,
    COLUMNS.map((c) => c.heading),
    MARGIN,
    top,
    { size: 5, align: "center" },
  );
  top += sheet.row(
    COLUMNS,
    COLUMNS.map((c) => c.number),
    MARGIN,
    top,
    { size: 5.5, align: "center" },
  );
  const net = upd.amountMicro - upd.vatMicro;
  const vat =
    upd.vatBasisPoints === null
      ? { rate: "без НДС", sum: "без НДС" }
      : { rate: vatRateText(upd.vatBasisPoints), sum: rubText(upd.vatMicro) };
  const service = [
    "1",
    NONE,
    updServiceName(upd.period),
    NONE,
    UNIT.code,
    UNIT.name,
    "1",
    rubText(net),
    rubText(net),
    "без акциза",
    vat.rate,
    vat.sum,
    rubText(upd.amountMicro),
    NONE,
    NONE,
    NONE,
    NONE,
    NONE,
    NONE,
  ];
  top += sheet.row(COLUMNS, service, MARGIN, top, { size: 7 });
  // Всего к оплате: heading over columns А–4, then 5, 6–7 merged («X»), 8 and 9.
  const columnX = (i: number) => MARGIN + COLUMNS.slice(0, i).reduce((sum, c) => sum + c.width, 0);
  const totals: [string, number, number][] = [
    ["Всего к оплате (9)", 0, 8],
    [rubText(net), 8, 9],
    ["X", 9, 11],
    [vat.sum, 11, 12],
    [rubText(upd.amountMicro), 12, 13],
  ];
  for (const [text, from, to] of totals) {
    sheet.cell(text, columnX(from), top, columnX(to) - columnX(from), 12, {
      bold: true,
      size: 7,
      align: from === 0 ? "left" : from === 9 ? "center" : "right",
    });
  }
  top += 20;

  // Signatures of the счёт-фактура part.
  const signature = (caption: string, sx: number, stop: number, w: number) => {
    sheet.paragraph(caption, sx, stop, 120, { size: 6 });
    const lineX = sx + 124;
    const part = (w - 124 - 8) / 2;
    sheet.line(lineX, stop + 14, lineX + part, stop + 14, 0.3);
    sheet.line(lineX + part + 8, stop + 14, lineX + 2 * part + 8, stop + 14, 0.3);
    sheet.text("(подпись)", lineX, stop + 15, { size: 5, color: GREY, align: "center", width: part });
    sheet.text("(ф.и.о.)", lineX + part + 8, stop + 15, { size: 5, color: GREY, align: "center", width: part });
  };
  const halfWidth = CONTENT / 2 - 10;
  signature("Руководитель организации или иное уполномоченное лицо", MARGIN + side, top, halfWidth - side);
  signature("Главный бухгалтер или иное уполномоченное лицо", MARGIN + CONTENT / 2 + 10, top, halfWidth);
  top += 24;
  signature("Индивидуальный предприниматель или иное уполномоченное лицо", MARGIN + side, top, halfWidth - side);
  sheet.line(MARGIN + CONTENT / 2 + 10, top + 14, MARGIN + CONTENT, top + 14, 0.3);
  sheet.paragraph(
    "(реквизиты свидетельства о государственной регистрации индивидуального предпринимателя)",
    MARGIN + CONTENT / 2 + 10,
    top + 15,
    halfWidth,
    { size: 5, color: GREY, align: "center" },
  );
  top += 28;
  sheet.line(MARGIN, top, MARGIN + CONTENT, top, 1);
  top += 4;
  return { top, pagesLabelTop };
}
