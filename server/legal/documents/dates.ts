/** A calendar day (YYYY-MM-DD) on a document. */
const day = (date: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`document date must be YYYY-MM-DD, got "${date}"`);
  return new Date(`${date}T12:00:00.000Z`);
};

const LONG = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const SHORT = new Intl.DateTimeFormat("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });

/** `7 декабря 2026 г.`, the way a title dates a document. */
export function longDate(date: string): string {
  return LONG.format(day(date));
}

/** `07.12.2026`. */
export function shortDate(date: string): string {
  return SHORT.format(day(date));
}
