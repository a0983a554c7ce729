import { defineMessages } from "@/server/core/locale";
import type { TimeZone } from "@/server/core/format/time";

/** The city each zone of the list is named after. */
export const zoneNames = defineMessages<Record<Exclude<TimeZone, "UTC">, string>>({
  ru: {
    "Europe/Moscow": "Москва",
    "Europe/Kaliningrad": "Калининград",
    "Asia/Yekaterinburg": "Екатеринбург",
    "Asia/Novosibirsk": "Новосибирск",
    "Asia/Vladivostok": "Владивосток",
  },
  en: {
    "Europe/Moscow": "Moscow",
    "Europe/Kaliningrad": "Kaliningrad",
    "Asia/Yekaterinburg": "Yekaterinburg",
    "Asia/Novosibirsk": "Novosibirsk",
    "Asia/Vladivostok": "Vladivostok",
  },
});
