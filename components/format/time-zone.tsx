"use client";

import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_TIME_ZONE, formatDateTime, type DateTimeOptions, type TimeZone } from "@/server/core/format/time";
import { useLocale } from "@/components/i18n/client";

const TimeZoneContext = createContext<TimeZone>(DEFAULT_TIME_ZONE);

/** The zone the signed-in reader chose in their account settings, for every client component below it. */
export function TimeZoneProvider({ zone, children }: { zone: TimeZone; children: ReactNode }) {
  return <TimeZoneContext.Provider value={zone}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZone(): TimeZone {
  return useContext(TimeZoneContext);
}

/** `formatDateTime` in the reader's language and zone: `(at, { time: "seconds" })` → `01.04.2025, 07:05:09 МСК+7`. */
export function useDateTime(): (at: Date, options?: Omit<DateTimeOptions, "locale" | "zone">) => string {
  const locale = useLocale();
  const zone = useTimeZone();
  return (at, options) => formatDateTime(at, { ...options, locale, zone });
}
