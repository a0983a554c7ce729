import Link from "next/link";
import { getSessionUser } from "@/server/auth/session";
import { getMessages } from "@/components/i18n/server";
import { defineMessages } from "@/server/core/locale";
import { Preferences } from "./preferences";
import { SignOutButton } from "./sign-out-button";

const messages = defineMessages({
  ru: {
    models: "Модели",
    docs: "Документация",
    status: "Статус",
    keys: "Ключи",
    playground: "Песочница",
    activity: "Активность",
    billing: "Баланс",
    apps: "Приложения",
    account: "Аккаунт",
    admin: "Админка",
    login: "Вход",
    signup: "Регистрация",
    nav: "Основная навигация",
  },
  en: {
    models: "Models",
    docs: "Docs",
    status: "Status",
    keys: "Keys",
    playground: "Playground",
    activity: "Activity",
    billing: "Billing",
    apps: "Apps",
    account: "Account",
    admin: "Admin",
    login: "Log in",
    signup: "Sign up",
    nav: "Main navigation",
  },
});

const linkClass = "rounded-md px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800";

export async function SiteHeader() {
  const [m, user] = await Promise.all([getMessages(messages), getSessionUser()]);
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/" className="text-lg font-bold" data-testid="brand">
          XRouter
        </Link>
        <nav aria-label={m.nav} className="flex flex-wrap items-center gap-1 text-sm">
          <Link className={linkClass} href="/models">
            {m.models}
          </Link>
          <Link className={linkClass} href="/docs">
            {m.docs}
          </Link>
          {user ? (
            <>
              <Link className={linkClass} href="/keys" data-testid="nav-keys">
                {m.keys}
              </Link>
              <Link className={linkClass} href="/playground" data-testid="nav-playground">
                {m.playground}
              </Link>
              <Link className={linkClass} href="/activity" data-testid="nav-activity">
                {m.activity}
              </Link>
              <Link className={linkClass} href="/billing" data-testid="nav-billing">
                {m.billing}
              </Link>
              <Link className={linkClass} href="/apps" data-testid="nav-apps">
                {m.apps}
              </Link>
              <Link className={linkClass} href="/account" data-testid="nav-account">
                {m.account}
              </Link>
              {user.role === "admin" ? (
                <Link className={linkClass} href="/admin" data-testid="nav-admin">
                  {m.admin}
                </Link>
              ) : null}
              <SignOutButton />
            </>
          ) : (
            <>
              <Link className={linkClass} href="/login" data-testid="nav-login">
                {m.login}
              </Link>
              <Link className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500" href="/signup">
                {m.signup}
              </Link>
            </>
          )}
        </nav>
        <Preferences />
      </div>
    </header>
  );
}
