import { csv, csvRub } from "../../core/format/csv";
import { updAppendix, type UpdLine } from "./upd-appendix";

/**
 * The УПД's detail appendix as a spreadsheet for Russian Excel (UTF-8 with a BOM, `;`, comma decimals): one row
 * per model and key, the same kopecks as the PDF's appendix, and the total.
 */
export function updAppendixCsv(lines: readonly UpdLine[]): string {
  const appendix = updAppendix(lines);
  return csv(
    [
      ["Модель", "Ключ", "Запросов", "Сумма, ₽ (с НДС)"],
      ...appendix.rows.map((row) => [row.model, row.keyName, row.requests, csvRub(row.amountMicro)]),
      ["Итого", null, appendix.requests, csvRub(appendix.amountMicro)],
    ],
    { variant: "excel-ru" },
  );
}
