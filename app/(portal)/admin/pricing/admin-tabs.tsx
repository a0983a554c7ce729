import { getMessages } from "@/components/i18n/server";
import { auditLogMessages } from "@/components/security/audit-messages";
import { TabNav } from "@/components/ui/tab-nav";
import { cacheAdminMessages } from "../cache/messages";
import { ipAccessMessages } from "../ip-access/messages";

/** Links between the admin pages (users, prices, promo codes, routing, audit log, IP access, response cache). */
export async function AdminTabs({
  current,
  labels,
}: {
  current: "users" | "pricing" | "promos" | "routing" | "audit" | "ip-access" | "cache";
  labels: { nav: string; users: string; pricing: string; promos: string; routing: string };
}) {
  const tabs = [
    { id: "users", href: "/admin", label: labels.users },
    { id: "pricing", href: "/admin/pricing", label: labels.pricing },
    { id: "promos", href: "/admin/promos", label: labels.promos },
    { id: "routing", href: "/admin/routing", label: labels.routing },
    { id: "audit", href: "/admin/audit", label: (await getMessages(auditLogMessages)).tab },
    { id: "ip-access", href: "/admin/ip-access", label: (await getMessages(ipAccessMessages)).tab },
    { id: "cache", href: "/admin/cache", label: (await getMessages(cacheAdminMessages)).tab },
  ];
  return <TabNav label={labels.nav} tabs={tabs} current={current} scrollable />;
}
