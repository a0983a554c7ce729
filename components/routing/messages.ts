import { defineMessages } from "@/server/core/locale";

export const routingUiMessages = defineMessages({
  ru: {
    nav: "Администрирование",
    users: "Пользователи",
    pricing: "Цены",
    promos: "Промокоды",
    routing: "Маршрутизация",
    analytics: "Аналитика",
    up: "работает",
    degraded: "с перебоями",
    down: "не работает",
    unknown: "нет данных",
    gigachat: "Sber GigaChat",
    yandex: "YandexGPT",
    mts: "MTS MWS GPT",
    tbank: "T-Bank T-Pro / T-Lite",
  },
  en: {
    nav: "Administration",
    users: "Users",
    pricing: "Prices",
    promos: "Promo codes",
    routing: "Routing",
    analytics: "Analytics",
    up: "operational",
    degraded: "degraded",
    down: "down",
    unknown: "no data",
    gigachat: "Sber GigaChat",
    yandex: "YandexGPT",
    mts: "MTS MWS GPT",
    tbank: "T-Bank T-Pro / T-Lite",
  },
});

export function providerName(m: Record<string, string>, provider: string): string {
  return m[provider] ?? provider;
}
