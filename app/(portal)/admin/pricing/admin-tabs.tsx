import { getMessages } from "@/components/i18n/server";
import { auditLogMessages } from "@/components/security/audit-messages";
import { TabNav } from "@/components/ui/tab-nav";
import { cacheAdminMessages } from "../cache/messages";
import { ipAccessMessages } from "../ip-access/messages";
import { legalAdminMessages } from "../legal/messages";

/** Links between the admin pages (users, prices, promo codes, routing, audit log, IP access, response cache, legal data, bank statements). */
export async function AdminTabs({
  current,
  labels,
}: {
  current: "users" | "pricing" | "promos" | "routing" | "audit" | "ip-access" | "cache" | "legal" | "bank";
  labels: { nav: string; users: string; pricing: string; promos: string; routing: string };
}) {
  const legal = await getMessages(legalAdminMessages);
  const tabs = [
    { id: "users", href: "/admin", label: labels.users },
    { id: "pricing", href: "/admin/pricing", label: labels.pricing },
    { id: "promos", href: "/admin/promos", label: labels.promos },
    { id: "routing", href: "/admin/routing", label: labels.routing },
    { id: "audit", href: "/admin/audit", label: (await getMessages(auditLogMessages)).tab },
    { id: "ip-access", href: "/admin/ip-access", label: (await getMessages(ipAccessMessages)).tab },
    { id: "cache", href: "/admin/cache", label: (await getMessages(cacheAdminMessages)).tab },
    { id: "legal", href: "/admin/legal", label: legal.tabLegal },
    { id: "bank", href: "/admin/bank", label: legal.tabBank },
  ];
  return <TabNav label={labels.nav} tabs={tabs} current={current} scrollable />;
}
