"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMessages } from "@/components/i18n/client";
import { docsMessages } from "./messages";

const links = [
  { href: "/docs", key: "quickstart" },
  { href: "/docs/api", key: "apiReference" },
  { href: "/docs/errors", key: "errors" },
  { href: "/models", key: "models" },
  { href: "/status", key: "status" },
] as const;

/** The docs side nav: a column on wide screens, a scrollable row on phones. */
export function DocsNav() {
  const m = useMessages(docsMessages);
  const pathname = usePathname();
  return (
    <nav aria-label={m.navLabel} className="lg:sticky lg:top-6">
      <ul className="flex flex-wrap gap-1 text-sm lg:flex-col lg:flex-nowrap">
        {links.map(({ href, key }) => {
          const active = pathname === href;
          return (
            <li key={href} className="shrink-0">
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                data-testid={`docs-nav-${key}`}
                className={`block rounded-md px-3 py-1.5 whitespace-nowrap ${
                  active
                    ? "bg-indigo-50 font-semibold text-indigo-700 dark:bg-indigo-950 dark:text-indigo-200"
                    : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                }`}
              >
                {m[key]}
              </Link>
            </li>
          );
        })}
        <li className="shrink-0 lg:mt-3 lg:border-t lg:border-slate-200 lg:pt-3 dark:lg:border-slate-800">
          <a
            href="/api/v1/openapi.json"
            className="block rounded-md px-3 py-1.5 font-mono text-xs whitespace-nowrap text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800"
          >
            {m.openapi}
          </a>
        </li>
      </ul>
    </nav>
  );
}
