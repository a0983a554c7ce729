"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useLocale, useMessages } from "@/components/i18n/client";
import { auditKindLabels } from "@/components/security/audit-messages";
import { EventTable } from "@/components/security/event-table";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { securityMessages } from "./messages";

const PAGE = 50;

/** The signed-in user's audit events, newest first, a page at a time. */
export function SecurityEvents() {
  const m = useMessages(securityMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const { data, error, fetchNextPage, hasNextPage, isFetchingNextPage } = useInfiniteQuery(
    trpc.security.events.infiniteQueryOptions({ limit: PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const events = data?.pages.flatMap((page) => page.items) ?? [];
  if (error) return <Alert tone="error">{m.loadError}</Alert>;
  return (
    <Card>
      {data && events.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="security-empty">
          {m.empty}
        </p>
      ) : (
        <EventTable
          events={events}
          columns={[
            {
              header: m.event,
              cell: (event) => (
                <>
                  <div className="font-medium">{auditKindLabels[locale][event.kind]}</div>
                  {event.actor === "self" ? null : <div className="text-xs text-slate-500">{event.actor === "admin" ? m.byAdmin : m.bySystem}</div>}
                </>
              ),
            },
          ]}
          labels={m}
          locale={locale}
          testIds={{ table: "security-events", row: "security-event", more: "security-more" }}
          minWidth="min-w-[40rem]"
          more={{ has: hasNextPage, busy: isFetchingNextPage, load: () => void fetchNextPage() }}
        />
      )}
    </Card>
  );
}
