import type { Locale } from "@/server/core/locale";
import { formatRub } from "@/server/money";

export const RECENT_PAGE_SIZE = 25;

/** Formatting shared by the server page and the client table; always UTC so server and browser agree. */
export function formatters(locale: Locale) {
  const tag = locale === "en" ? "en-GB" : "ru-RU";
  const number = new Intl.NumberFormat(tag);
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(tag, { timeZone: "UTC", day: "numeric", month: "short" });
  const hour = new Intl.DateTimeFormat(tag, { timeZone: "UTC", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  const time = new Intl.DateTimeFormat(tag, {
    timeZone: "UTC",
    day: "2-digit",
    month: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  return {
    number: (value: number) => number.format(value),
    percent: (value: number) => percent.format(value),
    rub: (micro: number) => `${locale === "ru" ? formatRub(micro).replace(".", ",") : formatRub(micro)} ₽`,
    bucket: (at: string, bucket: "hour" | "day") => (bucket === "hour" ? hour : day).format(new Date(at.replace(/Z$/, ":00Z"))),
    time: (date: Date) => time.format(date),
  };
}

/** The export link for the current filters. */
export function exportHref(filters: { from: string; to: string; model?: string; keyId?: string }): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.model) params.set("model", filters.model);
  if (filters.keyId) params.set("keyId", filters.keyId);
  return `/api/activity/export?${params}`;
}

export interface ActivityFilterValues {
  from: string;
  to: string;
  model?: string;
  keyId?: string;
}

/** The URL for a set of filters: empty ones are left out so links stay short and shareable. */
export function activityHref(path: string, values: Partial<ActivityFilterValues>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

