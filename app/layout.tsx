import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { LocaleProvider } from "@/components/i18n/client";
import { getLocale } from "@/components/i18n/server";
import { DemoBanner } from "@/components/layout/demo-banner";
import { SiteHeader } from "@/components/layout/site-header";
import { THEME_COOKIE } from "@/components/layout/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "XRouter — единый API для российских LLM",
  description: "OpenAI-совместимый шлюз к GigaChat, YandexGPT, MWS GPT и T-Pro с оплатой в рублях",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const dark = (await cookies()).get(THEME_COOKIE)?.value === "dark";
  return (
    <html lang={locale} className={dark ? "dark" : undefined}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <LocaleProvider locale={locale}>
          <DemoBanner />
          <SiteHeader />
          {children}
        </LocaleProvider>
      </body>
    </html>
  );
}
