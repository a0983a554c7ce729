"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useId, useState } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { routeReasonLabel } from "@/components/i18n/labels";
import { Rub } from "@/components/format/rub";
import { format } from "@/server/core/locale";
import { plural } from "@/server/core/format/plural";
import { formatRub } from "@/server/core/format/rub";
import { zoneLabel, type TimeZone } from "@/server/core/format/time";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Truncate } from "@/components/ui/truncate";
import type { RecentPage, RecentRequest } from "@/server/services/usage/list-recent-requests";
import { formatters, RECENT_PAGE_SIZE, type ActivityFilterValues } from "./format";
import { activityMessages, type ActivityStrings } from "./messages";
import { StatusBadge } from "./status-badge";

/** The recent requests table: the first page comes rendered from the server, "Load more" pages on with the cursor. */
export function RecentRequests({ filters, initial, renderedAt, zone }: { filters: ActivityFilterValues; initial: RecentPage; renderedAt: number; zone: TimeZone }) {
  const m = useMessages(activityMessages);
  const locale = useLocale();
  const f = formatters(locale, zone);
  const ids = useId();
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const attemptsLabel = (count: number) => plural(locale, count, { one: m.attemptsOne, few: m.attemptsFew, many: m.attemptsMany, other: m.attemptsOther });
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
              <th scope="col" className="w-10 py-2 pl-4">
                <span className="sr-only">{m.details}</span>
              </th>
              <th scope="col" className={`${th} pl-1`}>
                {format(m.time, { zone: zoneLabel(zone, locale) })}
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
            {rows.map((row) => {
              const expanded = open.has(row.id);
              const detailsId = `${ids}-attempts-${row.id}`;
              return (
                <Fragment key={row.id}>
                  <tr data-testid="activity-row" data-model={row.model} data-cache={row.cache ?? undefined} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                    <td className="py-1 pl-4 align-middle">
                      <button
                        type="button"
                        aria-expanded={expanded}
                        aria-controls={detailsId}
                        aria-label={format(m.toggleAttempts, { time: f.time(row.createdAt) })}
                        title={m.details}
                        onClick={() => toggle(row.id)}
                        data-testid="activity-attempts-toggle"
                        className="inline-flex h-7 w-7 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100"
                      >
                        <svg aria-hidden="true" viewBox="0 0 20 20" className={`h-4 w-4 fill-current transition-transform motion-reduce:transition-none ${expanded ? "rotate-90" : ""}`}>
                          <path d="M7.3 4.3a1 1 0 0 1 1.4 0l5 5a1 1 0 0 1 0 1.4l-5 5a1 1 0 0 1-1.4-1.4L11.58 10 7.3 5.7a1 1 0 0 1 0-1.4Z" />
                        </svg>
                      </button>
                    </td>
                    <td className="py-2 pr-3 pl-1 whitespace-nowrap tabular-nums">
                      <time dateTime={row.createdAt.toISOString()}>{f.time(row.createdAt)}</time>
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <Truncate text={row.model} className="max-w-[16rem] font-medium" testId="activity-model" />
                      <AppName row={row} label={m.app} />
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-300">{row.provider ?? "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      {row.keyId ? (
                        <Truncate text={row.keyName ?? ""} title={row.keyPrefix ? `${row.keyName ?? ""} (${row.keyPrefix})` : undefined} className="max-w-[12rem]" />
                      ) : (
                        <span className="text-slate-500">{m.noKey}</span>
                      )}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <StatusBadge status={row.status} errorCode={row.errorCode} />
                      {row.cache === "hit" || row.cache === "semantic-hit" ? (
                        <span
                          className="ml-1.5 inline-flex items-center rounded-full bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-800 ring-1 ring-indigo-600/20 ring-inset dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-400/30"
                          title={format(m.cachedSaved, { saved: formatRub(row.savedMicro, locale, { precision: "request" }) })}
                          data-testid="activity-cached"
                        >
                          {m.cachedBadge}
                        </span>
                      ) : null}
                      {row.attempts.length > 1 ? (
                        <span
                          className="ml-1.5 inline-flex items-center rounded-full bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200"
                          data-testid="activity-attempts-count"
                        >
                          {attemptsLabel(row.attempts.length)}
                        </span>
                      ) : null}
                    </td>
                    <td className={num}>
                      {f.number(row.promptTokens)} / {f.number(row.completionTokens)}
                    </td>
                    <td className={num}>
                      <Rub micro={row.costMicro} locale={locale} precision="request" />
                    </td>
                    <td className={num}>{format(m.ms, { value: f.number(row.latencyMs) })}</td>
                    <td className={`${num} pr-4`}>{row.firstTokenMs === null ? "—" : format(m.ms, { value: f.number(row.firstTokenMs) })}</td>
                  </tr>
                  <tr id={detailsId} hidden={!expanded} data-testid="activity-attempts" className="bg-slate-50 dark:bg-slate-950/40">
                    <td colSpan={10} className="px-4 py-3">
                      {expanded ? <AttemptDetails row={row} m={m} f={f} /> : null}
                    </td>
                  </tr>
                </Fragment>
              );
            })}
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

/**
 * The app a request named (X-Title, HTTP-Referer), as OAuth apps are shown: its title as text, linked to its URL.
 * Both are the caller's words: rendered as text (React escapes them), the URL stored only when http(s).
 */
function AppName({ row, label }: { row: RecentRequest; label: string }) {
  if (!row.appTitle && !row.appUrl) return null;
  const name = row.appTitle ?? row.appUrl;
  return (
    <span className="block max-w-[16rem] truncate text-xs text-slate-500 dark:text-slate-400" data-testid="activity-app" title={row.appUrl ?? row.appTitle ?? undefined}>
      <span className="sr-only">{label}: </span>
      {row.appUrl ? (
        <a href={row.appUrl} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-600 underline dark:text-indigo-400">
          {name}
        </a>
      ) : (
        name
      )}
    </span>
  );
}

/** The route reason and every upstream attempt of one request, shown under its row. */
function AttemptDetails({ row, m, f }: { row: RecentRequest; m: ActivityStrings; f: ReturnType<typeof formatters> }) {
  const cell = "px-2 py-1 text-left align-top";
  const locale = useLocale();
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p>
        <span className="font-medium">{m.routeReason}:</span>{" "}
        <span data-testid="activity-route-reason" className={row.routeReason ? "" : "text-slate-500 dark:text-slate-400"}>
          {row.routeReason ? routeReasonLabel(row.routeReason, locale) : m.noRouteReason}
        </span>
      </p>
      {row.attempts.length === 0 ? (
        <p className="text-slate-500 dark:text-slate-400">{m.noAttempts}</p>
      ) : (
        <table className="w-full max-w-4xl text-xs">
          <caption className="mb-1 text-left text-sm font-medium">{m.attemptsTitle}</caption>
          <thead className="text-slate-500 dark:text-slate-400">
            <tr>
              <th scope="col" className={`${cell} w-8 font-medium`}>
                {m.attemptNumber}
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                {m.account}
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                {m.provider}
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                {m.attemptModel}
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                {m.status}
              </th>
              <th scope="col" className={`${cell} text-right font-medium`}>
                {m.latency}
              </th>
              <th scope="col" className={`${cell} font-medium`}>
                {m.attemptError}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {row.attempts.map((attempt, index) => (
              <tr key={index} data-testid="activity-attempt" data-status={attempt.status}>
                <td className={`${cell} tabular-nums`}>{index + 1}</td>
                <td className={`${cell} font-mono break-all`}>{attempt.account}</td>
                <td className={cell}>{attempt.provider}</td>
                <td className={`${cell} break-all`}>{attempt.model}</td>
                <td className={cell}>
                  <StatusBadge status={attempt.status} testId="activity-attempt-status" />
                </td>
                <td className={`${cell} text-right whitespace-nowrap tabular-nums`}>{format(m.ms, { value: f.number(attempt.latencyMs) })}</td>
                <td className={`${cell} break-words ${attempt.error ? "text-red-700 dark:text-red-300" : "text-slate-500 dark:text-slate-400"}`}>
                  {attempt.error ?? "—"}
                  {attempt.detail ? (
                    <details className="mt-1 text-slate-700 dark:text-slate-300" data-testid="activity-attempt-detail">
                      <summary className="cursor-pointer">{m.attemptDetail}</summary>
                      <pre className="font-mono text-xs whitespace-pre-wrap">{attempt.detail}</pre>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
