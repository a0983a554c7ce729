import { dayInZone, startOfDayInZone, type TimeZone } from "../../core/format/time";

/**
 * Statement months are calendar months in Moscow time, the zone the portal's users are billed in (and the portal's
 * default zone, so Activity and the ledger show the same days). A month is written `YYYY-MM`.
 */
export const STATEMENT_ZONE: TimeZone = "Europe/Moscow";

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` of the month `offset` months after the one given by year and 0-based index. */
function monthText(year: number, index: number, offset = 0): string {
  const d = new Date(Date.UTC(year, index + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The instants [from, to) of a statement month; undefined when the text is not YYYY-MM. */
export function monthRange(month: string): { from: Date; to: Date } | undefined {
  const match = MONTH_PATTERN.exec(month);
  if (!match) return undefined;
  const [year, index] = [Number(match[1]), Number(match[2]) - 1];
  return {
    from: startOfDayInZone(`${month}-01`, STATEMENT_ZONE),
    to: startOfDayInZone(`${monthText(year, index, 1)}-01`, STATEMENT_ZONE),
  };
}

/** The month (YYYY-MM, Moscow time) an instant falls in. */
export function monthOf(at: Date): string {
  return dayInZone(at, STATEMENT_ZONE).slice(0, 7);
}

/** The last `count` months, the current one first. */
export function lastMonths(now = new Date(), count = 12): string[] {
  const [year, month] = monthOf(now).split("-").map(Number);
  return Array.from({ length: count }, (_, i) => monthText(year!, month! - 1, -i));
}

/** A statement may be asked for any month from 2020 up to the current one. */
export function isStatementMonth(month: string, now = new Date()): boolean {
  const range = monthRange(month);
  return !!range && month >= "2020-01" && month <= monthOf(now);
}
