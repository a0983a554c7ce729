"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { auditKindLabels, auditLogMessages } from "@/components/security/audit-messages";
import { EventTable } from "@/components/security/event-table";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import type { CsvVariant } from "@/server/core/format/csv";
import { AUDIT_KINDS, type AuditKind } from "@/server/services/audit/kinds";

const PAGE = 100;

type Filters = { user?: string; kind?: AuditKind; from?: string; to?: string };

function readFilters(form: FormData): Filters {
  const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
  return { user: text("user"), kind: text("kind") as AuditKind | undefined, from: text("from"), to: text("to") };
}

/** The CSV export of exactly what the filters show, for Russian Excel or for programs. */
function exportHref(filters: Filters, variant: CsvVariant): string {
  const params = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined));
  if (variant === "machine") params.set("variant", variant);
  return `/api/admin/audit/export?${params}`;
}

/** Everyone's audit events for admins, filtered by user, kind and days, newest first. */
export function AuditLog() {
  const m = useMessages(auditLogMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const { data, error, fetchNextPage, hasNextPage, isFetchingNextPage } = useInfiniteQuery(
    trpc.security.allEvents.infiniteQueryOptions({ ...filters, limit: PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const events = data?.pages.flatMap((page) => page.items) ?? [];
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFilters(readFilters(new FormData(e.currentTarget)));
  };
  const labels = auditKindLabels[locale];

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3 text-sm" data-testid="audit-filters">
          <label className="flex flex-col gap-1">
            <span className="font-medium">{m.user}</span>
            <input name="user" className={inputClass} maxLength={200} autoComplete="off" data-testid="audit-user" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">{m.kind}</span>
            <select name="kind" className={inputClass} defaultValue="" data-testid="audit-kind">
              <option value="">{m.anyKind}</option>
              {AUDIT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {labels[kind]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">{m.from}</span>
            <input name="from" type="date" className={inputClass} data-testid="audit-from" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">{m.to}</span>
            <input name="to" type="date" className={inputClass} data-testid="audit-to" />
          </label>
          <Button type="submit" data-testid="audit-apply">
            {m.apply}
          </Button>
          <a href={exportHref(filters, "excel-ru")} className="rounded-md px-3 py-2 text-indigo-600 underline dark:text-indigo-400" data-testid="audit-export">
            {m.export}
          </a>
          <a href={exportHref(filters, "machine")} className="rounded-md px-3 py-2 text-indigo-600 underline dark:text-indigo-400" data-testid="audit-export-machine">
            {m.exportMachine}
          </a>
        </form>
      </Card>
      {error ? <Alert tone="error">{m.loadError}</Alert> : null}
      <Card>
        {data && events.length === 0 ? (
          <p className="text-sm text-slate-500">{m.empty}</p>
        ) : (
          <EventTable
            events={events}
            columns={[
              { header: m.kind, cell: (event) => labels[event.kind], className: "font-medium" },
              { header: m.owner, cell: (event) => event.userEmail ?? event.userId ?? "—", className: "text-xs break-all" },
              { header: m.actor, cell: (event) => event.actorEmail ?? event.actorId ?? m.system, className: "text-xs break-all" },
              { header: m.subject, cell: (event) => event.subject ?? "—", className: "font-mono text-xs break-all" },
            ]}
            labels={m}
            locale={locale}
            testIds={{ table: "audit-events", row: "audit-event", more: "audit-more" }}
            minWidth="min-w-[56rem]"
            more={{ has: hasNextPage, busy: isFetchingNextPage, load: () => void fetchNextPage() }}
          />
        )}
      </Card>
    </div>
  );
}
