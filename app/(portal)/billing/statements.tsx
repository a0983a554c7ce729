"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { billingMessages } from "./messages";

const linkClass =
  "rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800";

function monthName(month: string, locale: "ru" | "en"): string {
  const [year, index] = month.split("-").map(Number);
  const name = new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-US", { month: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(year!, index! - 1, 15)),
  );
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${year}`;
}

export function Statements() {
  const m = useMessages(billingMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const { data } = useQuery(trpc.billing.statementMonths.queryOptions());
  return (
    <Card title={m.statementsTitle}>
      <p className="mb-3 text-xs text-slate-600 dark:text-slate-400">{m.statementsLead}</p>
      <ul className="flex flex-col text-sm" data-testid="statements">
        {data?.map(({ month, movements }) => {
          const name = monthName(month, locale);
          return (
            <li
              key={month}
              className="flex items-center justify-between gap-3 border-t border-slate-200 py-1.5 first:border-t-0 dark:border-slate-800"
              data-testid="statement-month"
              data-month={month}
            >
              <span>
                {name}{" "}
                <span className="text-xs text-slate-500">
                  · {movements ? format(m.movements, { n: movements }) : m.noMovements}
                </span>
              </span>
              <span className="flex gap-2">
                {(["csv", "pdf"] as const).map((fmt) => (
                  <a
                    key={fmt}
                    className={linkClass}
                    href={`/api/billing/statement?month=${month}&format=${fmt}`}
                    download
                    aria-label={format(m.download, { month: name, format: fmt.toUpperCase() })}
                    data-testid={`statement-${fmt}`}
                  >
                    {m[fmt]}
                  </a>
                ))}
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
