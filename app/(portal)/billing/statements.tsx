"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { formatMonth } from "@/server/core/format/time";
import { plural } from "@/server/core/format/plural";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { billingMessages } from "./messages";

const linkClass =
  "rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800";

/** The downloads of a month: Excel's CSV (the default), the machine-readable CSV, the PDF. */
const DOWNLOADS = [
  { id: "csv", query: "format=csv", label: "csv", title: "formatCsv" },
  { id: "csv-machine", query: "format=csv&variant=machine", label: "csvMachine", title: "formatCsvMachine" },
  { id: "pdf", query: "format=pdf", label: "pdf", title: "pdf" },
] as const;

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
          const name = formatMonth(month, locale, { capitalized: true });
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
                  ·{" "}
                  {movements
                    ? plural(locale, movements, { one: m.movementsOne, few: m.movementsFew, many: m.movementsMany, other: m.movementsOther })
                    : m.noMovements}
                </span>
              </span>
              <span className="flex gap-2">
                {DOWNLOADS.map((file) => (
                  <a
                    key={file.id}
                    className={linkClass}
                    href={`/api/billing/statement?month=${month}&${file.query}`}
                    download
                    title={m[file.title]}
                    aria-label={format(m.download, { month: name, format: m[file.title] })}
                    data-testid={`statement-${file.id}`}
                  >
                    {m[file.label]}
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
