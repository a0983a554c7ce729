import Link from "next/link";
import { getMessages } from "@/components/i18n/server";
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
  const m = await getMessages(routingUiMessages);
  return (
    <nav aria-label={m.nav} className="-mx-4 mb-4 overflow-x-auto px-4">
      <div className="flex min-w-max gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
        {tabs.map((tab) => (
          <Link
            key={tab.id}
            href={tab.href}
            aria-current={tab.id === current ? "page" : undefined}
            data-testid={`admin-tab-${tab.id}`}
            className={`-mb-px border-b-2 px-3 py-2 whitespace-nowrap ${
              tab.id === current
                ? "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
            }`}
          >
            {m[tab.id]}
          </Link>
        ))}
      </div>
    </nav>
  );
}
