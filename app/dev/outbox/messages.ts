import { defineMessages } from "@/server/core/locale";

export const outboxMessages = defineMessages({
  ru: {
    title: "Исходящие письма",
    lead: "Письма, которые ушли бы по почте: в демо-режиме и при разработке они не отправляются, а лежат здесь. Ссылки в них входят в чужой аккаунт, поэтому страница видна только с этой машины и админам.",
    empty: "Писем пока нет.",
    to: "Кому: {to}",
  },
  en: {
    title: "Outbox",
    lead: "Mail that would have been sent: in demo mode and development it stays here instead. Its links sign in as someone else, so only this machine and admins may see this page.",
    empty: "No mail yet.",
    to: "To: {to}",
  },
});
