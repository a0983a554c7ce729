import Link from "next/link";

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
  ] as const;
  return (
    <nav aria-label={labels.nav} className="mb-4 flex gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
      {tabs.map((tab) => (
        <Link
          key={tab.id}
          href={tab.href}
          aria-current={tab.id === current ? "page" : undefined}
          data-testid={`admin-tab-${tab.id}`}
          className={`-mb-px border-b-2 px-3 py-2 ${
            tab.id === current
              ? "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300"
              : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
          }`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
