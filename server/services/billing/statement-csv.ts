import { formatRub } from "../../money";
import type { Statement } from "./statement-data";
import { LEDGER_KINDS } from "./statement-data";
import { displayReference } from "./statement-format";
import { monthTitle, statementMessages } from "./statement-messages";
import { formatMoscow } from "./statement-period";

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Free text from users (key names, notes): a leading = + - @ would be a formula in spreadsheets. */
export function csvText(value: string | null): string {
  const text = value ?? "";
  return csvField(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
}

/**
 * The statement as CSV (UTF-8 with BOM so spreadsheets read Cyrillic, CRLF lines): the opening balance row,
 * one row per movement with the balance after it, the closing balance row, then the totals per kind.
 */
export function statementCsv(statement: Statement, locale: "ru" | "en" = "ru"): string {
  const m = statementMessages[locale];
  const line = (cells: string[]) => cells.join(",");
  const lines = [
    line([m.date, m.kind, m.amount, m.balanceAfter, m.reference, m.key, m.note].map(csvField)),
    line([
      formatMoscow(statement.from),
      csvField(m.opening),
      "",
      formatRub(statement.openingMicro),
      "",
      "",
      csvField(monthTitle(statement.month, locale)),
    ]),
    ...statement.rows.map((row) =>
      line([
        formatMoscow(row.createdAt),
        csvField(m[row.kind]),
        formatRub(row.amountMicro),
        formatRub(row.balanceAfterMicro),
        csvText(displayReference(row.kind, row.reference)),
        csvText(row.keyName),
        csvText(row.note),
      ]),
    ),
    line([
      formatMoscow(new Date(statement.to.getTime() - 1000)),
      csvField(m.closing),
      "",
      formatRub(statement.closingMicro),
      "",
      "",
      "",
    ]),
    ...LEDGER_KINDS.map((kind) =>
      line([
        "",
        csvField(`${m.totals}: ${m[kind]}`),
        formatRub(statement.totals[kind].amountMicro),
        "",
        "",
        "",
        csvField(`${m.count}: ${statement.totals[kind].count}`),
      ]),
    ),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
