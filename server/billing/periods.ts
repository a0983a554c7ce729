import type { LimitPeriod } from "../core/principal";

/** An organization member's spending limit is monthly, on the same calendar as a key's `month` limit. */
export const MEMBER_LIMIT_PERIOD: LimitPeriod = "month";

/** Start of the current limit period (UTC calendar: days, ISO weeks from Monday, months). */
export function periodStart(period: LimitPeriod, now = new Date()): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (period) {
    case "day":
      return new Date(Date.UTC(y, m, d));
    case "week":
      return new Date(Date.UTC(y, m, d - ((now.getUTCDay() + 6) % 7)));
    case "month":
      return new Date(Date.UTC(y, m, 1));
    case "total":
      return new Date(0);
  }
}

/** End of the current period (exclusive); far in the future for "total". */
export function periodEnd(period: LimitPeriod, now = new Date()): Date {
  const start = periodStart(period, now);
  switch (period) {
    case "day":
      return new Date(start.getTime() + 86_400_000);
    case "week":
      return new Date(start.getTime() + 7 * 86_400_000);
    case "month":
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    case "total":
      return new Date(Date.UTC(9999, 0, 1));
  }
}

const DAY_MS = 86_400_000;
// Every reservation asks for it: worked out once per period kind and UTC day.
const idsToday = new Map<LimitPeriod, { day: number; id: string }>();

/** A stable name of the current period, part of the spend counter's key. */
export function periodId(period: LimitPeriod, now = new Date()): string {
  const day = Math.floor(now.getTime() / DAY_MS);
  const cached = idsToday.get(period);
  if (cached?.day === day) return cached.id;
  const id = `${period}:${periodStart(period, now).toISOString().slice(0, 10)}`;
  idsToday.set(period, { day, id });
  return id;
}
