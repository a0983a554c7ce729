import { getMessages } from "@/components/i18n/server";
import { defineMessages } from "@/server/core/locale";
import { TabNav } from "@/components/ui/tab-nav";

const messages = defineMessages({
  ru: { nav: "Разделы аккаунта", account: "Аккаунт", security: "Безопасность" },
  en: { nav: "Account sections", account: "Account", security: "Security" },
});

/** Links between the account pages (server component). */
export async function AccountTabs({ current }: { current: "account" | "security" }) {
  const m = await getMessages(messages);
  const tabs = [
    { id: "account", href: "/account", label: m.account },
    { id: "security", href: "/account/security", label: m.security },
  ];
  return <TabNav label={m.nav} tabs={tabs} current={current} />;
}
