import type { Metadata } from "next";
import { getMessages } from "@/components/i18n/server";
import { defineMessages } from "@/server/core/locale";

/** The browser tab's title of each page that has no messages file of its own to carry one. */
const titles = defineMessages({
  ru: {
    landing: "XRouter — единый API для российских LLM",
    notFound: "Страница не найдена — XRouter",
    login: "Вход — XRouter",
    signup: "Регистрация — XRouter",
    forgot: "Восстановление пароля — XRouter",
    reset: "Новый пароль — XRouter",
    verify: "Подтверждение почты — XRouter",
    keys: "Ключи — XRouter",
    playground: "Песочница — XRouter",
    activity: "Активность — XRouter",
    billing: "Баланс — XRouter",
    topup: "Пополнение — XRouter",
    apps: "Приложения — XRouter",
    account: "Аккаунт — XRouter",
    org: "Организация — XRouter",
    orgNew: "Новая организация — XRouter",
    orgRequisites: "Реквизиты — Организация — XRouter",
    orgInvoices: "Счета — Организация — XRouter",
    orgDocuments: "Закрывающие документы — Организация — XRouter",
    invite: "Приглашение — XRouter",
    adminLegal: "Юридические данные — Админка — XRouter",
    adminBank: "Банковские выписки — Админка — XRouter",
    admin: "Админка — XRouter",
    adminUser: "Пользователь — Админка — XRouter",
    adminPricing: "Цены — Админка — XRouter",
    adminPromos: "Промокоды — Админка — XRouter",
    outbox: "Исходящая почта — XRouter",
    oauthError: "Ошибка авторизации — XRouter",
  },
  en: {
    landing: "XRouter — one API for Russian LLMs",
    notFound: "Page not found — XRouter",
    login: "Log in — XRouter",
    signup: "Sign up — XRouter",
    forgot: "Password recovery — XRouter",
    reset: "New password — XRouter",
    verify: "Email confirmation — XRouter",
    keys: "Keys — XRouter",
    playground: "Playground — XRouter",
    activity: "Activity — XRouter",
    billing: "Billing — XRouter",
    topup: "Top-up — XRouter",
    apps: "Apps — XRouter",
    account: "Account — XRouter",
    org: "Organization — XRouter",
    orgNew: "New organization — XRouter",
    orgRequisites: "Requisites — Organization — XRouter",
    orgInvoices: "Invoices — Organization — XRouter",
    orgDocuments: "Closing documents — Organization — XRouter",
    invite: "Invitation — XRouter",
    adminLegal: "Legal data — Admin — XRouter",
    adminBank: "Bank statements — Admin — XRouter",
    admin: "Admin — XRouter",
    adminUser: "User — Admin — XRouter",
    adminPricing: "Pricing — Admin — XRouter",
    adminPromos: "Promo codes — Admin — XRouter",
    outbox: "Outbox — XRouter",
    oauthError: "Authorization error — XRouter",
  },
});

export type TitledPage = keyof (typeof titles)["ru"];

/** A page's `generateMetadata`: its title in the reader's language. */
export function pageMetadata(page: TitledPage): () => Promise<Metadata> {
  return async () => ({ title: (await getMessages(titles))[page] });
}
