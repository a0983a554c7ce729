import { csv, csvRub, type CsvCell, type CsvVariant } from "../../core/format/csv";
import { formatMonth, zoneLabel, type TimeZone } from "../../core/format/time";
import type { ChargeGroup, Statement } from "./statement-data";
import { LEDGER_KINDS } from "./statement-data";
import { displayNote, displayReference } from "./statement-format";
import { statementMessages } from "./statement-messages";
import { STATEMENT_ZONE } from "./statement-period";

/**
 * The statement as CSV: the opening balance row, one row per movement with the balance after it, the closing
 * balance row, then the totals per kind; an organization's also names each charge's member (a column after the key)
 * and ends with the charges by member and by key. Amounts are exact (micro-rubles), so a spreadsheet's sums match.
 * `excel-ru` (default): what Russian Excel opens, times in the reader's `zone`; `machine`: commas, dot decimals, UTC times.
 */
export function statementCsv(statement: Statement, locale: "ru" | "en" = "ru", variant: CsvVariant = "excel-ru", readerZone: TimeZone = STATEMENT_ZONE): string {
  const m = statementMessages[locale];
  const zone = variant === "machine" ? "UTC" : readerZone;
  const { spending } = statement;
  const member = (cell: CsvCell): CsvCell[] => (spending ? [cell] : []);
  const grouped = (title: string, groups: ChargeGroup[]): CsvCell[][] =>
    groups.map((g) => [null, `${title}: ${g.label || "—"}`, csvRub(g.amountMicro), null, null, null, ...member(null), `${m.count}: ${g.count}`]);
  const rows: CsvCell[][] = [
    [`${m.date} (${zoneLabel(zone, locale)})`, m.kind, m.amount, m.balanceAfter, m.reference, m.key, ...member(m.member), m.note],
    [statement.from, m.opening, null, csvRub(statement.openingMicro), null, null, ...member(null), formatMonth(statement.month, locale)],
    ...statement.rows.map((row) => [
      row.createdAt,
      m[row.kind],
      csvRub(row.amountMicro),
      csvRub(row.balanceAfterMicro),
      displayReference(row.kind, row.reference, locale),
      row.keyName,
      ...member(row.memberEmail),
      displayNote(row, locale),
    ]),
    [new Date(statement.to.getTime() - 1000), m.closing, null, csvRub(statement.closingMicro), null, null, ...member(null), null],
    ...LEDGER_KINDS.map((kind) => [
      null,
      `${m.totals}: ${m[kind]}`,
      csvRub(statement.totals[kind].amountMicro),
      null,
      null,
      null,
      ...member(null),
      `${m.count}: ${statement.totals[kind].count}`,
    ]),
    ...(spending ? [...grouped(m.byMember, spending.byMember), ...grouped(m.byKey, spending.byKey)] : []),
  ];
  return csv(rows, { variant, zone });
}
