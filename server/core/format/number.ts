import type { Locale } from "../locale";

/** The Intl locale of a portal language: Russian conventions, British English (day before month, 1,599.66). */
export const INTL_LOCALE: Record<Locale, string> = { ru: "ru-RU", en: "en-GB" };

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}:${JSON.stringify(options)}`;
  let formatter = cache.get(id);
  if (!formatter) cache.set(id, (formatter = new Intl.NumberFormat(INTL_LOCALE[locale], options)));
  return formatter;
}

/** `12 345` / `12,345`; fractions only when asked for (`maximumFractionDigits`). */
export function formatNumber(value: number, locale: Locale, options: { maximumFractionDigits?: number } = {}): string {
  return numberFormat(locale, { maximumFractionDigits: options.maximumFractionDigits ?? 0 }).format(value);
}

/** A share (0.125) as `12,5 %` / `12.5%`. */
export function formatPercent(share: number, locale: Locale, maximumFractionDigits = 1): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits }).format(share);
}

/** `5 дней`, `90 seconds`: a value with a unit Intl knows, spelled out. */
export function formatUnit(value: number, unit: "day" | "hour" | "minute" | "second", locale: Locale): string {
  return numberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(value);
}
