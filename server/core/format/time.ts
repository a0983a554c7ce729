import type { Locale } from "../locale";
import { INTL_LOCALE } from "./number";

/** The time zones a reader may see the portal in; Moscow is the billing zone and the default. */
export const TIME_ZONES = ["Europe/Moscow", "Europe/Kaliningrad", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok", "UTC"] as const;
export type TimeZone = (typeof TIME_ZONES)[number];
export const DEFAULT_TIME_ZONE: TimeZone = "Europe/Moscow";

/** How Russians name these zones: relative to Moscow. */
const ZONE_LABELS: Record<TimeZone, Record<Locale, string>> = {
  "Europe/Moscow": { ru: "МСК", en: "MSK" },
  "Europe/Kaliningrad": { ru: "МСК−1", en: "MSK−1" },
  "Asia/Yekaterinburg": { ru: "МСК+2", en: "MSK+2" },
  "Asia/Novosibirsk": { ru: "МСК+4", en: "MSK+4" },
  "Asia/Vladivostok": { ru: "МСК+7", en: "MSK+7" },
  UTC: { ru: "UTC", en: "UTC" },
};

export function isTimeZone(value: unknown): value is TimeZone {
  return (TIME_ZONES as readonly unknown[]).includes(value);
}

/** `МСК`, `MSK+2`, `UTC`. */
export function zoneLabel(zone: TimeZone, locale: Locale): string {
  return ZONE_LABELS[zone][locale];
}

export interface DateTimeOptions {
  locale: Locale;
  zone?: TimeZone;
  /** `short` 31.03.2025 / 31/03/2025 (default), `medium` 31 мар. 2025 г. / 31 Mar 2025, `dayMonth` 31 мар. / 31 Mar, `none` the time alone. */
  date?: "short" | "medium" | "dayMonth" | "none";
  /** `minutes` (default), `seconds`, or `none` for a date alone. */
  time?: "minutes" | "seconds" | "none";
  /** Name the zone after the time (default); off where a heading names it once for a whole column. A date alone never does. */
  label?: boolean;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${locale}:${JSON.stringify(options)}`;
  let formatter = cache.get(id);
  if (!formatter) cache.set(id, (formatter = new Intl.DateTimeFormat(locale, options)));
  return formatter;
}

const DATE_FIELDS: Record<NonNullable<DateTimeOptions["date"]>, Intl.DateTimeFormatOptions> = {
  short: { day: "2-digit", month: "2-digit", year: "numeric" },
  medium: { day: "numeric", month: "short", year: "numeric" },
  dayMonth: { day: "numeric", month: "short" },
  none: {},
};

/**
 * A moment as the reader's wall-clock time with the zone named: `31.03.2025, 14:05 МСК`, `31/03/2025, 14:05 MSK`.
 * The zone is explicit, so the server's render and the browser's agree whatever zone either runs in.
 */
export function formatDateTime(at: Date, options: DateTimeOptions): string {
  const zone = options.zone ?? DEFAULT_TIME_ZONE;
  const time = options.time ?? "minutes";
  const text = dateTimeFormat(INTL_LOCALE[options.locale], {
    timeZone: zone,
    ...DATE_FIELDS[options.date ?? "short"],
    ...(time === "none" ? {} : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", ...(time === "seconds" && { second: "2-digit" }) }),
  }).format(at);
  return time === "none" || options.label === false ? text : `${text} ${zoneLabel(zone, options.locale)}`;
}

/** The wall-clock fields of a moment in a zone. */
function wallClock(at: Date, zone: TimeZone): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = dateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `2025-03-31 14:05:09`: sortable wall-clock text for statements and spreadsheets (the zone goes in the heading). */
export function formatZonedTimestamp(at: Date, zone: TimeZone = DEFAULT_TIME_ZONE): string {
  const t = wallClock(at, zone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** The calendar day (YYYY-MM-DD) a moment falls on in a zone. */
export function dayInZone(at: Date, zone: TimeZone = DEFAULT_TIME_ZONE): string {
  return formatZonedTimestamp(at, zone).slice(0, 10);
}

/** The zone's offset from UTC at a moment, in milliseconds (Moscow: +3 h). */
export function zoneOffsetMs(at: Date, zone: TimeZone): number {
  const t = wallClock(at, zone);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The first instant of a calendar day (YYYY-MM-DD) in a zone. */
export function startOfDayInZone(day: string, zone: TimeZone = DEFAULT_TIME_ZONE): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00.000Z`);
  const guess = midnightUtc - zoneOffsetMs(new Date(midnightUtc), zone);
  // Correct once in case the offset at the guess differs (a clock change between the two instants).
  return new Date(midnightUtc - zoneOffsetMs(new Date(guess), zone));
}

/**
 * The last second of a calendar day (YYYY-MM-DD) in a zone: what "valid until this day" means to the reader.
 * Text that is not a day gives an invalid Date, as `new Date` would, for a form to refuse.
 */
export function endOfDayInZone(day: string, zone: TimeZone = DEFAULT_TIME_ZONE): Date {
  if (Number.isNaN(Date.parse(`${day}T00:00:00.000Z`))) return new Date(Number.NaN);
  return new Date(startOfDayInZone(addDays(day, 1), zone).getTime() - 1000);
}

/** A calendar month (YYYY-MM) by name: `март 2025` / `March 2025`; `capitalized` for a list item (`Март 2025`). */
export function formatMonth(month: string, locale: Locale, options: { capitalized?: boolean } = {}): string {
  const [year, index] = month.split("-").map(Number);
  const name = dateTimeFormat(INTL_LOCALE[locale], { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(year!, index! - 1, 15)));
  const text = `${name} ${year}`;
  return options.capitalized ? `${text.charAt(0).toUpperCase()}${text.slice(1)}` : text;
}

/** A calendar day (YYYY-MM-DD) moved by `days`: `addDays("2025-03-01", -1)` → `2025-02-28`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
