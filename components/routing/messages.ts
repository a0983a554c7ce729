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
  },
});
