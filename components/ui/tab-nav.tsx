import Link from "next/link";
import type { ReactNode } from "react";

export type Tab = { id: string; href: string; label: ReactNode };

/**
 * Underlined tab links (`aria-current="page"` on the current one, test id `admin-tab-<id>`).
 * `scrollable` wraps the row so it scrolls sideways on narrow screens instead of wrapping.
 */
export function TabNav({
  label,
  tabs,
  current,
  scrollable = false,
}: {
  label: string;
  tabs: readonly Tab[];
  current: string;
  scrollable?: boolean;
}) {
  const links = tabs.map((tab) => (
    <Link
      key={tab.id}
      href={tab.href}
      aria-current={tab.id === current ? "page" : undefined}
      data-testid={`admin-tab-${tab.id}`}
      className={`-mb-px border-b-2 px-3 py-2 ${scrollable ? "whitespace-nowrap " : ""}${
        tab.id === current
          ? "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300"
          : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
      }`}
    >
      {tab.label}
    </Link>
  ));
  return scrollable ? (
    <nav aria-label={label} className="-mx-4 mb-4 overflow-x-auto px-4">
      <div className="flex min-w-max gap-1 border-b border-slate-200 text-sm dark:border-slate-800">{links}</div>
    </nav>
  ) : (
    <nav aria-label={label} className="mb-4 flex gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
      {links}
    </nav>
  );
}
