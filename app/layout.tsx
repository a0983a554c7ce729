import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { LocaleProvider } from "@/components/i18n/client";
import { getLocale } from "@/components/i18n/server";
import { DemoBanner } from "@/components/layout/demo-banner";
import { SiteHeader } from "@/components/layout/site-header";
import { THEME_COOKIE } from "@/components/layout/theme";
import { TRPCReactProvider } from "@/components/trpc/client";
import { getSessionUser } from "@/server/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: "XRouter — единый API для российских LLM",
  description: "OpenAI-совместимый шлюз к GigaChat, YandexGPT, MWS GPT и T-Pro с оплатой в рублях",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const [dark, user] = await Promise.all([cookies().then((jar) => jar.get(THEME_COOKIE)?.value === "dark"), getSessionUser()]);
  return (
    <html lang={locale} className={dark ? "dark" : undefined}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <LocaleProvider locale={locale}>
          {/* One query cache for the header and the page (the header's balance follows what pages change); a new
              one for each signed-in user, so nothing one user loaded is shown to the next in the same tab. */}
          <TRPCReactProvider key={user?.id ?? "anonymous"}>
            <DemoBanner />
            <SiteHeader />
            {children}
          </TRPCReactProvider>
        </LocaleProvider>
      </body>
    </html>
  );
}
