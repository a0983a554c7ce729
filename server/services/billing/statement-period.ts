/**
 * Statement months are calendar months in Moscow time (UTC+3 all year since 2014), the time zone the portal's
 * users are billed in. A month is written `YYYY-MM`.
 */
export const STATEMENT_UTC_OFFSET_HOURS = 3;
const OFFSET_MS = STATEMENT_UTC_OFFSET_HOURS * 3600_000;

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The instants [from, to) of a statement month; undefined when the text is not YYYY-MM. */
export function monthRange(month: string): { from: Date; to: Date } | undefined {
  const match = MONTH_PATTERN.exec(month);
  if (!match) return undefined;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return {
    from: new Date(Date.UTC(year, index, 1) - OFFSET_MS),
    to: new Date(Date.UTC(year, index + 1, 1) - OFFSET_MS),
  };
}

/** The month (YYYY-MM, Moscow time) an instant falls in. */
export function monthOf(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The last `count` months, the current one first. */
export function lastMonths(now = new Date(), count = 12): string[] {
  const local = new Date(now.getTime() + OFFSET_MS);
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  return months;
}

/** A date-time as Moscow wall-clock text, `YYYY-MM-DD HH:MM:SS`. */
export function formatMoscow(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** A statement may be asked for any month from 2020 up to the current one. */
export function isStatementMonth(month: string, now = new Date()): boolean {
  const range = monthRange(month);
  return !!range && month >= "2020-01" && month <= monthOf(now);
}
