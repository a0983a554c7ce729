import { formatRubCell } from "./rub";
import { DEFAULT_TIME_ZONE, formatZonedTimestamp, zoneLabel, type TimeZone } from "./time";

/**
 * `excel-ru`: what Russian Excel opens by double click: UTF-8 with a BOM, `;` between cells, comma decimals,
 * wall-clock times in the reader's zone. `machine`: plain RFC 4180 for programs: `,`, dot decimals, ISO 8601 UTC.
 */
export const CSV_VARIANTS = ["excel-ru", "machine"] as const;
export type CsvVariant = (typeof CSV_VARIANTS)[number];

export function toCsvVariant(value: string | null | undefined): CsvVariant {
  return value === "machine" ? "machine" : "excel-ru";
}

/** A cell: text (guarded against spreadsheet formulas), a number, a flag, money or a moment; null is empty. */
export type CsvCell = string | number | boolean | null | undefined | { rubMicro: number } | Date;

/** Money for a CSV cell: exact micro-rubles in the variant's decimals. */
export const csvRub = (micro: number): { rubMicro: number } => ({ rubMicro: micro });

export interface CsvOptions {
  variant: CsvVariant;
  /** The zone of `excel-ru` times (machine times are always UTC). */
  zone?: TimeZone;
}

const BOM = "\uFEFF";

function cellText(cell: CsvCell, options: CsvOptions): string {
  const excel = options.variant === "excel-ru";
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return excel ? formatZonedTimestamp(cell, options.zone ?? DEFAULT_TIME_ZONE) : cell.toISOString();
  if (typeof cell === "object") return formatRubCell(cell.rubMicro, excel ? "," : ".");
  if (typeof cell === "number") return excel ? String(cell).replace(".", ",") : String(cell);
  if (typeof cell === "boolean") return String(cell);
  // A leading = + - @ (or tab/CR) would run as a formula in a spreadsheet: a quote makes it text.
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** One record with its CRLF: cells quoted (quotes doubled) when they hold the separator, a quote, CR or LF. */
export function csvRow(cells: CsvCell[], options: CsvOptions): string {
  const separator = options.variant === "excel-ru" ? ";" : ",";
  const quoted = (text: string) => (text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  return `${cells.map((cell) => quoted(cellText(cell, options))).join(separator)}\r\n`;
}

/** The name of a time column: `time_utc` for programs, `time_msk` (the zone's) for Excel. */
export function csvTimeColumn(options: CsvOptions): string {
  return options.variant === "machine" ? "time_utc" : `time_${zoneLabel(options.zone ?? DEFAULT_TIME_ZONE, "en").toLowerCase()}`;
}

/** What a file starts with: the BOM that tells Excel the file is UTF-8 (programs get none). */
export function csvStart(variant: CsvVariant): string {
  return variant === "excel-ru" ? BOM : "";
}

/** A whole file: the BOM for Excel, then the rows. */
export function csv(rows: CsvCell[][], options: CsvOptions): string {
  return csvStart(options.variant) + rows.map((row) => csvRow(row, options)).join("");
}
