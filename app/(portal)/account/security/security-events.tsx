"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useLocale, useMessages } from "@/components/i18n/client";
import { auditKindLabels } from "@/components/security/audit-messages";
import { EventDetails } from "@/components/security/event-details";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
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
  const when = (date: Date) => date.toLocaleString(locale, { dateStyle: "short", timeStyle: "medium" });
  if (error) return <Alert tone="error">{m.loadError}</Alert>;
  return (
    <Card>
      {data && events.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="security-empty">
          {m.empty}
        </p>
      ) : (
        <div className="-mx-4 overflow-x-auto px-4">
          <table className="w-full min-w-[40rem] text-left text-sm" data-testid="security-events">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-2 pr-3 font-medium">{m.time}</th>
                <th className="py-2 pr-3 font-medium">{m.event}</th>
                <th className="py-2 pr-3 font-medium">{m.details}</th>
                <th className="py-2 pr-3 font-medium">{m.ip}</th>
                <th className="py-2 font-medium">{m.device}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className="border-t border-slate-200 align-top dark:border-slate-800" data-testid="security-event" data-kind={event.kind}>
                  <td className="py-2 pr-3 whitespace-nowrap text-slate-600 dark:text-slate-400">{when(event.createdAt)}</td>
                  <td className="py-2 pr-3">
                    <div className="font-medium">{auditKindLabels[locale][event.kind]}</div>
                    {event.actor === "self" ? null : <div className="text-xs text-slate-500">{event.actor === "admin" ? m.byAdmin : m.bySystem}</div>}
                  </td>
                  <td className="max-w-[18rem] py-2 pr-3">
                    <EventDetails data={event.data} locale={locale} />
                  </td>
                  <td className="py-2 pr-3 font-mono text-xs whitespace-nowrap">{event.ip ?? "—"}</td>
                  <td className="max-w-[16rem] truncate py-2 text-xs text-slate-600 dark:text-slate-400" title={event.userAgent ?? undefined}>
                    {event.userAgent ?? "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasNextPage ? (
        <Button variant="secondary" className="mt-3" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()} data-testid="security-more">
          {m.more}
        </Button>
      ) : null}
    </Card>
  );
}
