import { describe, expect, it } from "vitest";
import { dayInZone, endOfDayInZone, formatDateTime, formatZonedTimestamp, isTimeZone, startOfDayInZone, TIME_ZONES, zoneLabel, zoneOffsetMs } from "./time";

const at = new Date("2025-03-31T21:05:09Z");

describe("formatDateTime", () => {
  it("shows Moscow time by default, with the zone named", () => {
    expect(formatDateTime(at, { locale: "ru" })).toBe("01.04.2025, 00:05 МСК");
    expect(formatDateTime(at, { locale: "en" })).toBe("01/04/2025, 00:05 MSK");
    expect(formatDateTime(at, { locale: "ru", time: "seconds" })).toBe("01.04.2025, 00:05:09 МСК");
  });

  it("shows another zone when asked, named relative to Moscow", () => {
    expect(formatDateTime(at, { locale: "ru", zone: "UTC" })).toBe("31.03.2025, 21:05 UTC");
    expect(formatDateTime(at, { locale: "ru", zone: "Asia/Vladivostok" })).toBe("01.04.2025, 07:05 МСК+7");
    expect(formatDateTime(at, { locale: "en", zone: "Europe/Kaliningrad" })).toBe("31/03/2025, 23:05 MSK−1");
  });

  it("writes a date alone without a zone, in the zone's calendar", () => {
    expect(formatDateTime(at, { locale: "ru", time: "none" })).toBe("01.04.2025");
    expect(formatDateTime(at, { locale: "ru", zone: "UTC", time: "none", date: "medium" })).toBe("31 мар. 2025 г.");
    expect(formatDateTime(at, { locale: "en", time: "none", date: "medium" })).toBe("1 Apr 2025");
  });

  it("is the same whatever zone the process runs in", () => {
    const before = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      expect(formatDateTime(at, { locale: "ru" })).toBe("01.04.2025, 00:05 МСК");
      expect(formatZonedTimestamp(at)).toBe("2025-04-01 00:05:09");
    } finally {
      process.env.TZ = before;
    }
  });
});

describe("zones", () => {
  it("labels every zone of the list in both languages", () => {
    for (const zone of TIME_ZONES) for (const locale of ["ru", "en"] as const) expect(zoneLabel(zone, locale)).toBeTruthy();
    expect(isTimeZone("Europe/Moscow")).toBe(true);
    expect(isTimeZone("Europe/Berlin")).toBe(false);
  });

  it("finds the calendar day and its first instant in a zone", () => {
    expect(formatZonedTimestamp(at, "UTC")).toBe("2025-03-31 21:05:09");
    expect(dayInZone(at)).toBe("2025-04-01");
    expect(dayInZone(at, "UTC")).toBe("2025-03-31");
    expect(startOfDayInZone("2025-04-01").toISOString()).toBe("2025-03-31T21:00:00.000Z");
    expect(startOfDayInZone("2025-04-01", "Asia/Novosibirsk").toISOString()).toBe("2025-03-31T17:00:00.000Z");
    expect(startOfDayInZone("2025-04-01", "UTC").toISOString()).toBe("2025-04-01T00:00:00.000Z");
    expect(zoneOffsetMs(at, "Europe/Moscow")).toBe(3 * 3_600_000);
  });

  it("finds the last second of a calendar day in a zone, whatever zone the process runs in", () => {
    const before = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      expect(endOfDayInZone("2025-03-31").toISOString()).toBe("2025-03-31T20:59:59.000Z");
      expect(endOfDayInZone("2025-03-31", "Asia/Vladivostok").toISOString()).toBe("2025-03-31T13:59:59.000Z");
      expect(endOfDayInZone("2025-12-31", "UTC").toISOString()).toBe("2025-12-31T23:59:59.000Z");
      expect(formatDateTime(endOfDayInZone("2025-03-31", "Asia/Vladivostok"), { locale: "ru", zone: "Asia/Vladivostok", time: "seconds" })).toBe(
        "31.03.2025, 23:59:59 МСК+7",
      );
      expect(Number.isNaN(endOfDayInZone("31.03.2025").getTime())).toBe(true);
    } finally {
      process.env.TZ = before;
    }
  });
});

describe("formatDateTime's compact forms", () => {
  it("writes a day and month alone, and leaves the zone to a heading when asked", () => {
    expect(formatDateTime(at, { locale: "ru", date: "dayMonth", time: "none" })).toBe("1 апр.");
    expect(formatDateTime(at, { locale: "en", date: "dayMonth", label: false })).toBe("1 Apr, 00:05");
    expect(formatDateTime(at, { locale: "ru", time: "seconds", label: false })).toBe("01.04.2025, 00:05:09");
    expect(formatDateTime(at, { locale: "en", date: "none", time: "seconds" })).toBe("00:05:09 MSK");
  });
});
