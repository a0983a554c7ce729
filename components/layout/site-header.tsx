import Link from "next/link";
import type { ReactNode } from "react";
import { getSessionUser } from "@/server/auth/session";
import { getMessages } from "@/components/i18n/server";
import { defineMessages } from "@/server/core/locale";
import { AccountSwitcher } from "./account-switcher";
import { HeaderBalance } from "./header-balance";
import { HeaderMenu } from "./header-menu";
import { Preferences } from "./preferences";
import { SignOutButton } from "./sign-out-button";

const messages = defineMessages({
  ru: {
    models: "Модели",
    docs: "Документация",
    status: "Статус",
    dashboard: "Главная",
    keys: "Ключи",
    playground: "Песочница",
    activity: "Активность",
    billing: "Баланс",
    apps: "Приложения",
    org: "Организация",
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
    dashboard: "Home",
    keys: "Keys",
    playground: "Playground",
    activity: "Activity",
    billing: "Billing",
    apps: "Apps",
    org: "Organization",
    account: "Account",
    admin: "Admin",
    login: "Log in",
    signup: "Sign up",
    nav: "Main navigation",
  },
});

const linkClass = "whitespace-nowrap rounded-md px-2 py-1.5 hover:bg-slate-100 header:px-1.5 header:py-1 dark:hover:bg-slate-800";

type NavLink = { href: string; label: string; testId?: string };

export async function SiteHeader() {
  const [m, user] = await Promise.all([getMessages(messages), getSessionUser()]);
  const links: NavLink[] = [
    { href: "/models", label: m.models },
    { href: "/docs", label: m.docs },
  ];
  if (user) {
    links.push(
      { href: "/dashboard", label: m.dashboard, testId: "nav-dashboard" },
      { href: "/keys", label: m.keys, testId: "nav-keys" },
      { href: "/playground", label: m.playground, testId: "nav-playground" },
      { href: "/activity", label: m.activity, testId: "nav-activity" },
      { href: "/billing", label: m.billing, testId: "nav-billing" },
      { href: "/apps", label: m.apps, testId: "nav-apps" },
      { href: "/org", label: m.org, testId: "nav-org" },
      { href: "/account", label: m.account, testId: "nav-account" },
    );
    if (user.role === "admin") links.push({ href: "/admin", label: m.admin, testId: "nav-admin" });
  } else links.push({ href: "/login", label: m.login, testId: "nav-login" });
  // The controls right of the navigation, in order, each keyed: on phones they are in the menu with the links,
  // except the pinned ones, which stay in the header's row at every width.
  const controls: ReactNode[] = [<Preferences key="preferences" />];
  const pinned: ReactNode[] = [];
  if (user) {
    // The switcher is pinned: which account the page shows matters at every width.
    pinned.push(<AccountSwitcher key="account" userId={user.id} />, <HeaderBalance key="balance" />);
  }
  return (
    <header className="relative border-b border-slate-200 dark:border-slate-800">
      <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-3 header:max-w-none header:px-6" data-testid="header-row">
        <Link href="/" className="shrink-0 text-lg font-bold" data-testid="brand">
          XRouter
        </Link>
        <HeaderMenu label={m.nav} controls={controls}>
          {links.map((link) => (
            <Link key={link.href} className={linkClass} href={link.href} data-testid={link.testId}>
              {link.label}
            </Link>
          ))}
          {user ? (
            <SignOutButton />
          ) : (
            <Link className="whitespace-nowrap rounded-md bg-indigo-600 px-3 py-1.5 text-center font-medium text-white hover:bg-indigo-500" href="/signup">
              {m.signup}
            </Link>
          )}
        </HeaderMenu>
        <div className="ml-auto flex shrink-0 items-center gap-2 header:ml-0" data-testid="header-pinned">
          {pinned}
        </div>
      </div>
    </header>
  );
}
