import { TabNav } from "@/components/ui/tab-nav";

/** Links between the admin pages (users, prices, promo codes, routing). */
export function AdminTabs({
  current,
  labels,
}: {
  current: "users" | "pricing" | "promos" | "routing";
  labels: { nav: string; users: string; pricing: string; promos: string; routing: string };
}) {
  const tabs = [
    { id: "users", href: "/admin", label: labels.users },
    { id: "pricing", href: "/admin/pricing", label: labels.pricing },
    { id: "promos", href: "/admin/promos", label: labels.promos },
    { id: "routing", href: "/admin/routing", label: labels.routing },
  ];
  return <TabNav label={labels.nav} tabs={tabs} current={current} />;
}
