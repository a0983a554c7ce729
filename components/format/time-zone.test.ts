import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DateTimeOptions, TimeZone } from "@/server/core/format/time";
import type { Locale } from "@/server/core/locale";
import { LocaleProvider } from "../i18n/client";
import { TimeZoneProvider, useDateTime, useTimeZone } from "./time-zone";

const at = new Date("2025-03-31T21:05:09Z");

function Shown({ options }: { options?: Omit<DateTimeOptions, "locale" | "zone"> }) {
  return createElement("span", { "data-zone": useTimeZone() }, useDateTime()(at, options));
}

// Children go in as arguments (the lint rule), so the props are cast past React's types, which want them in props.
const html = (options?: Omit<DateTimeOptions, "locale" | "zone">, locale: Locale = "ru", zone?: TimeZone) => {
  const shown = createElement(Shown, { options });
  const zoned = zone ? createElement(TimeZoneProvider, { zone } as ComponentProps<typeof TimeZoneProvider>, shown) : shown;
  return renderToStaticMarkup(createElement(LocaleProvider, { locale } as ComponentProps<typeof LocaleProvider>, zoned));
};

describe("the reader's time zone", () => {
  it("is Moscow outside a provider", () => {
    expect(html()).toBe('<span data-zone="Europe/Moscow">01.04.2025, 00:05 МСК</span>');
  });

  it("formats in the provided zone and the reader's language, with the zone named", () => {
    expect(html({ time: "seconds" }, "ru", "Asia/Vladivostok")).toBe('<span data-zone="Asia/Vladivostok">01.04.2025, 07:05:09 МСК+7</span>');
    expect(html({ date: "medium" }, "en", "UTC")).toBe('<span data-zone="UTC">31 Mar 2025, 21:05 UTC</span>');
    expect(html({ time: "none" }, "ru", "Europe/Kaliningrad")).toBe('<span data-zone="Europe/Kaliningrad">31.03.2025</span>');
  });
});
