import { csv, csvRub, type CsvCell, type CsvVariant } from "../../core/format/csv";
import { formatMonth, zoneLabel } from "../../core/format/time";
import type { Statement } from "./statement-data";
import { LEDGER_KINDS } from "./statement-data";
import { displayReference } from "./statement-format";
import { statementMessages } from "./statement-messages";
import { STATEMENT_ZONE } from "./statement-period";

/**
 * The statement as CSV: the opening balance row, one row per movement with the balance after it, the closing
 * balance row, then the totals per kind. Amounts are exact (micro-rubles), so a spreadsheet's sums match.
 * `excel-ru` (default): what Russian Excel opens, Moscow times; `machine`: commas, dot decimals, UTC times.
 */
export function statementCsv(statement: Statement, locale: "ru" | "en" = "ru", variant: CsvVariant = "excel-ru"): string {
  const m = statementMessages[locale];
  const zone = variant === "machine" ? "UTC" : STATEMENT_ZONE;
  const rows: CsvCell[][] = [
    [`${m.date} (${zoneLabel(zone, locale)})`, m.kind, m.amount, m.balanceAfter, m.reference, m.key, m.note],
    [statement.from, m.opening, null, csvRub(statement.openingMicro), null, null, formatMonth(statement.month, locale)],
    ...statement.rows.map((row) => [
      row.createdAt,
      m[row.kind],
      csvRub(row.amountMicro),
      csvRub(row.balanceAfterMicro),
      displayReference(row.kind, row.reference),
      row.keyName,
      row.note,
    ]),
    [new Date(statement.to.getTime() - 1000), m.closing, null, csvRub(statement.closingMicro), null, null, null],
    ...LEDGER_KINDS.map((kind) => [
      null,
      `${m.totals}: ${m[kind]}`,
      csvRub(statement.totals[kind].amountMicro),
      null,
      null,
      null,
      `${m.count}: ${statement.totals[kind].count}`,
    ]),
  ];
  return csv(rows, { variant, zone });
}
