import { defineMessages } from "@/server/core/locale";

export const securityMessages = defineMessages({
  ru: {
    title: "Безопасность",
    lead: "Входы в аккаунт, смена пароля, действия с ключами и доступы приложений. Если видите то, чего не делали, смените пароль и отзовите ключи.",
    time: "Время",
    event: "Событие",
    details: "Подробности",
    ip: "IP-адрес",
    device: "Браузер или программа",
    byAdmin: "администратор",
    bySystem: "система",
    empty: "Событий пока нет.",
    loadError: "Не удалось загрузить события.",
    more: "Показать ещё",
  },
  en: {
    title: "Security",
    lead: "Sign-ins, password changes, key changes and app access. If you see something you did not do, change your password and revoke your keys.",
    time: "Time",
    event: "Event",
    details: "Details",
    ip: "IP address",
    device: "Browser or program",
    byAdmin: "administrator",
    bySystem: "system",
    empty: "No events yet.",
    loadError: "Could not load the events.",
    more: "Show more",
  },
});
