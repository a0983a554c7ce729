import { getMessages } from "@/components/i18n/server";
import { auditLogMessages } from "@/components/security/audit-messages";
import { TabNav } from "@/components/ui/tab-nav";
import { routingUiMessages } from "./messages";

const tabs = [
  { id: "users", href: "/admin" },
  { id: "pricing", href: "/admin/pricing" },
  { id: "promos", href: "/admin/promos" },
  { id: "routing", href: "/admin/routing" },
  { id: "analytics", href: "/admin/routing/analytics" },
] as const;

/** Links between the admin pages, with the routing pages (server component). */
export async function RoutingNav({ current }: { current: "routing" | "analytics" }) {
  const [m, audit] = await Promise.all([getMessages(routingUiMessages), getMessages(auditLogMessages)]);
  const labelled = [...tabs.map((tab) => ({ ...tab, label: m[tab.id] })), { id: "audit", href: "/admin/audit", label: audit.tab }];
  return <TabNav label={m.nav} tabs={labelled} current={current} scrollable />;
}
