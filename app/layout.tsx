import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { LocaleProvider } from "@/components/i18n/client";
import { getLocale, getMessages } from "@/components/i18n/server";
import { DemoBanner } from "@/components/layout/demo-banner";
import { pageMetadata } from "@/components/layout/page-title";
import { SiteHeader } from "@/components/layout/site-header";
import { THEME_COOKIE } from "@/components/layout/theme";
import { TRPCReactProvider } from "@/components/trpc/client";
import { getSessionUser } from "@/server/auth/session";
import { defineMessages } from "@/server/core/locale";
import "./globals.css";

const descriptions = defineMessages({
  ru: { description: "OpenAI-совместимый шлюз к GigaChat, YandexGPT, MWS GPT и T-Pro с оплатой в рублях" },
  en: { description: "An OpenAI-compatible gateway to GigaChat, YandexGPT, MWS GPT and T-Pro, billed in rubles" },
});

/** The site's title and description in the reader's language, for every page that sets no title of its own. */
export async function generateMetadata(): Promise<Metadata> {
  const [{ title }, { description }] = await Promise.all([pageMetadata("landing")(), getMessages(descriptions)]);
  return { title, description };
}

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
