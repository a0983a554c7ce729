"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format } from "@/components/i18n/locale";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { RecentPage } from "@/server/services/usage/list-recent-requests";
import { formatters, RECENT_PAGE_SIZE, type ActivityFilterValues } from "./format";
import { activityMessages } from "./messages";
import { StatusBadge } from "./status-badge";

/** The recent requests table: the first page comes rendered from the server, "Load more" pages on with the cursor. */
export function RecentRequests({ filters, initial, renderedAt }: { filters: ActivityFilterValues; initial: RecentPage; renderedAt: number }) {
  const m = useMessages(activityMessages);
  const f = formatters(useLocale());
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.usage.recent.infiniteQueryOptions(
      { ...filters, limit: RECENT_PAGE_SIZE },
      {
        initialData: { pages: [initial], pageParams: [null] },
        getNextPageParam: (page) => page.nextCursor,
        initialDataUpdatedAt: renderedAt,
      },
    ),
  );
  const rows = query.data?.pages.flatMap((page) => page.items) ?? initial.items;
  const th = "px-3 py-2 text-left font-medium whitespace-nowrap";
  const num = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

  return (
    <div className="flex flex-col gap-3">
      <div className="-mx-4 overflow-x-auto">
        <table className="w-full min-w-[56rem] text-sm" data-testid="activity-recent">
          <caption className="sr-only">{m.recent}</caption>
          <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className={`${th} pl-4`}>
                {m.time}
              </th>
              <th scope="col" className={th}>
                {m.model}
              </th>
              <th scope="col" className={th}>
                {m.provider}
              </th>
              <th scope="col" className={th}>
                {m.key}
              </th>
              <th scope="col" className={th}>
                {m.status}
              </th>
              <th scope="col" className={`${th} text-right`}>
                {m.tokens}
              </th>
              <th scope="col" className={`${th} text-right`}>
                {m.cost}
              </th>
              <th scope="col" className={`${th} text-right`}>
                {m.latency}
              </th>
              <th scope="col" className={`${th} pr-4 text-right`}>
                {m.firstToken}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((row) => (
              <tr key={row.id} data-testid="activity-row" data-model={row.model} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                <td className="py-2 pr-3 pl-4 whitespace-nowrap tabular-nums">
                  <time dateTime={row.createdAt.toISOString()}>{f.time(row.createdAt)}</time>
                </td>
                <td className="px-3 py-2 font-medium whitespace-nowrap">{row.model}</td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-300">{row.provider ?? "—"}</td>
                <td className="max-w-[12rem] truncate px-3 py-2 whitespace-nowrap" title={row.keyPrefix ?? undefined}>
                  {row.keyId ? row.keyName : <span className="text-slate-500">{m.noKey}</span>}
                </td>
                <td className="px-3 py-2">
                  <StatusBadge status={row.status} errorCode={row.errorCode} />
                </td>
                <td className={num}>
                  {f.number(row.promptTokens)} / {f.number(row.completionTokens)}
                </td>
                <td className={num}>{f.rub(row.costMicro)}</td>
                <td className={num}>{format(m.ms, { value: f.number(row.latencyMs) })}</td>
                <td className={`${num} pr-4`}>{row.firstTokenMs === null ? "—" : format(m.ms, { value: f.number(row.firstTokenMs) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {query.isError ? <Alert tone="error">{m.loadError}</Alert> : null}
      {query.hasNextPage ? (
        <Button variant="secondary" className="self-center" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? m.loading : m.loadMore}
        </Button>
      ) : null}
    </div>
  );
}
