import type { Locale } from "@/server/core/locale";
import type { CsvVariant } from "@/server/core/format/csv";
import { formatNumber, formatPercent } from "@/server/core/format/number";
import { formatRub } from "@/server/core/format/rub";
import { DEFAULT_TIME_ZONE, formatDateTime, type TimeZone } from "@/server/core/format/time";

export const RECENT_PAGE_SIZE = 25;

/** Formatting shared by the server page and the client table; the zone is explicit, so server and browser agree. */
export function formatters(locale: Locale, zone: TimeZone = DEFAULT_TIME_ZONE) {
  return {
    number: (value: number) => formatNumber(value, locale),
    percent: (value: number) => formatPercent(value, locale),
    /** Totals: rounded to kopecks. */
    rub: (micro: number) => formatRub(micro, locale),
    /** A bucket's start (`YYYY-MM-DDTHH:MMZ`) on the zone's clock; the chart's title names the zone. */
    bucket: (at: string, bucket: "hour" | "day") =>
      formatDateTime(new Date(at), { locale, zone, date: "dayMonth", time: bucket === "hour" ? "minutes" : "none", label: false }),
    /** A request's moment; the column's heading names the zone. */
    time: (date: Date) => formatDateTime(date, { locale, zone, time: "seconds", label: false }),
  };
}

/** The export link for the current filters: for Russian Excel, or for programs (`machine`). */
export function exportHref(filters: { from: string; to: string; model?: string; keyId?: string }, variant: CsvVariant = "excel-ru"): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (variant === "machine") params.set("variant", variant);
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

