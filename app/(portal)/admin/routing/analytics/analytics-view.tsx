"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { BarChart } from "@/components/charts/bar-chart";
import { useTimeZone } from "@/components/format/time-zone";
import { useLocale, useMessages } from "@/components/i18n/client";
import { accountNameLabel } from "@/components/i18n/labels";
import { format } from "@/server/core/locale";
import { formatNumber, formatPercent } from "@/server/core/format/number";
import { formatRub } from "@/server/core/format/rub";
import { addDays, dayInZone, zoneLabel, type TimeZone } from "@/server/core/format/time";
import { useProviderName } from "@/components/routing/providers";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import type { AbSide } from "@/server/services/routing/ab-results";
import type { Breakdown } from "@/server/services/routing/routing-analytics";
import { analyticsMessages } from "./messages";

/** The last `n` days up to today, the reader's days (the server counts them in the same zone). */
function lastDays(n: number, zone: TimeZone) {
  const today = dayInZone(new Date(), zone);
  return { from: addDays(today, -(n - 1)), to: today };
}

function useFormat() {
  const locale = useLocale();
  const m = useMessages(analyticsMessages);
  return {
    n: (v: number) => formatNumber(v, locale),
    pct: (v: number | null) => (v === null ? "—" : formatPercent(v, locale)),
    ms: (v: number | null) => (v === null ? "—" : format(m.ms, { n: formatNumber(v, locale) })),
    rub: (v: number) => formatRub(v, locale, { symbol: false }),
  };
}

const th = "py-2 pr-3 font-medium";
const thr = "py-2 pr-3 text-right font-medium";
const td = "py-2 pr-3 text-right tabular-nums";

function Table({ min = "40rem", head, children, testId }: { min?: string; head: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div tabIndex={0} className="-mx-4 overflow-x-auto px-4 focus-visible:outline-2 focus-visible:outline-indigo-600">
      <table className="w-full text-left text-sm" style={{ minWidth: min }} data-testid={testId}>
        <thead className="text-xs text-slate-500">
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function ShareBar({ share }: { share: number }) {
  return (
    <div className="flex items-center justify-end gap-2">
      <div className="hidden h-1.5 w-16 overflow-hidden rounded bg-slate-200 sm:block dark:bg-slate-800" aria-hidden="true">
        <div className="h-full bg-indigo-500" style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
    </div>
  );
}

/** Requests, share, errors, latency and cost per provider or per model (the first column is `cell(key)`). */
function BreakdownTable({ testId, heading, rows, cell, shareBar = false }: { testId: string; heading: string; rows: Breakdown[]; cell: (key: string) => ReactNode; shareBar?: boolean }) {
  const m = useMessages(analyticsMessages);
  const f = useFormat();
  return (
    <Table
      testId={testId}
      head={
        <>
          <th className={th}>{heading}</th>
          <th className={thr}>{m.requests}</th>
          <th className={thr}>{m.share}</th>
          <th className={thr}>{m.errorRate}</th>
          <th className={thr}>{m.p50}</th>
          <th className={thr}>{m.p95}</th>
          <th className={thr}>{m.cost}</th>
        </>
      }
    >
      {rows.map((r) => (
        <tr key={r.key} className="border-t border-slate-200 dark:border-slate-800">
          <td className="py-2 pr-3">{cell(r.key)}</td>
          <td className={td}>{f.n(r.requests)}</td>
          <td className={td}>
            {shareBar ? (
              <div className="flex items-center justify-end gap-2">
                <ShareBar share={r.share} />
                {f.pct(r.share)}
              </div>
            ) : (
              f.pct(r.share)
            )}
          </td>
          <td className={td}>{f.pct(r.errorRate)}</td>
          <td className={td}>{f.ms(r.p50Ms)}</td>
          <td className={td}>{f.ms(r.p95Ms)}</td>
          <td className={td}>{f.rub(r.costMicro)}</td>
        </tr>
      ))}
    </Table>
  );
}

function SideCard({ title, side }: { title: string; side: AbSide }) {
  const m = useMessages(analyticsMessages);
  const f = useFormat();
  const rows: [string, string, string?][] = [
    [m.requests, f.n(side.requests)],
    [m.users, f.n(side.users)],
    [m.p50, f.ms(side.p50Ms)],
    [m.p95, f.ms(side.p95Ms)],
    [m.errorRate, f.pct(side.errorRate)],
    [m.cost, f.rub(side.costMicro)],
    [m.avgCost, side.avgCostMicro === null ? "—" : f.rub(side.avgCostMicro)],
    [m.feedback, f.n(side.feedback), "ab-feedback"],
    [m.thumbsUpShare, f.pct(side.thumbsUpShare), "ab-thumbs-up-share"],
  ];
  return (
    <div className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="ab-side">
      <h4 className="mb-2 text-sm font-semibold">{title}</h4>
      <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
        {rows.map(([label, value, testId]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="text-right tabular-nums" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {side.models.length ? <p className="mt-2 truncate text-xs text-slate-500">{side.models.join(", ")}</p> : null}
    </div>
  );
}

export function AnalyticsView() {
  const m = useMessages(analyticsMessages);
  const locale = useLocale();
  const providerName = useProviderName();
  const f = useFormat();
  const trpc = useTRPC();
  const zone = useTimeZone();
  const [range, setRange] = useState(() => lastDays(7, zone));
  const { data } = useQuery(trpc.routing.analytics.queryOptions(range));
  const { data: ab } = useQuery(trpc.routing.abResults.queryOptions(range));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const from = String(form.get("from"));
    const to = String(form.get("to"));
    if (/^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to)) setRange(from <= to ? { from, to } : { from: to, to: from });
  };
  const maxDay = Math.max(0, ...(data?.days.map((d) => d.requests) ?? []));

  return (
    <div className="flex flex-col gap-4">
      <form key={`${range.from}-${range.to}`} onSubmit={submit} className="flex flex-wrap items-end gap-2" data-testid="analytics-range">
        <div className="w-40">
          <Field id="analytics-from" name="from" type="date" label={m.from} defaultValue={range.from} />
        </div>
        <div className="w-40">
          <Field id="analytics-to" name="to" type="date" label={m.to} defaultValue={range.to} />
        </div>
        <Button type="submit">{m.apply}</Button>
        <Button type="button" variant="secondary" onClick={() => setRange(lastDays(7, zone))}>
          {m.last7}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setRange(lastDays(30, zone))}>
          {m.last30}
        </Button>
        <p className="self-center text-xs text-slate-500" data-testid="analytics-zone">
          {format(m.zone, { zone: zoneLabel(zone, locale) })}
        </p>
      </form>

      {!data ? <p className="text-sm text-slate-500">{m.loading}</p> : null}
      {data ? (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="analytics-totals">
            {(
              [
                [m.requests, f.n(data.totals.requests)],
                [m.errorRate, f.pct(data.totals.errorRate)],
                [m.p50, f.ms(data.totals.p50Ms)],
                [m.p95, f.ms(data.totals.p95Ms)],
                [m.cost, f.rub(data.totals.costMicro)],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900">
                <div className="text-xs text-slate-500">{label}</div>
                <div className="text-lg font-semibold tabular-nums">{value}</div>
              </div>
            ))}
          </div>

          <Card title={m.perDay}>
            <BarChart
              id="routing-per-day"
              points={data.days.map((d) => ({ label: d.day, value: d.requests, display: f.n(d.requests) }))}
              maxDisplay={f.n(maxDay)}
              text={{ title: m.perDay, description: format(m.perDayDesc, { from: range.from, to: range.to, total: f.n(data.totals.requests), max: f.n(maxDay) }), labelHeading: m.day, valueHeading: m.requests }}
            />
          </Card>

          {data.totals.requests === 0 ? <p className="text-sm text-slate-500">{m.nothing}</p> : null}

          <Card title={m.byProvider}>
            <BreakdownTable testId="analytics-providers" heading={m.provider} rows={data.byProvider} shareBar cell={(key) => providerName(key)} />
          </Card>

          <Card title={m.byAccount}>
            <p className="mb-3 text-xs text-slate-500">{m.byAccountLead}</p>
            <Table
              min="48rem"
              testId="analytics-accounts"
              head={
                <>
                  <th className={th}>{m.account}</th>
                  <th className={th}>{m.provider}</th>
                  <th className={thr}>{m.answered}</th>
                  <th className={thr}>{m.share}</th>
                  <th className={thr}>{m.attempts}</th>
                  <th className={thr}>{m.failedAttempts}</th>
                  <th className={thr}>{m.p50}</th>
                  <th className={thr}>{m.p95}</th>
                  <th className={thr}>{m.cost}</th>
                </>
              }
            >
              {data.byAccount.map((r) => (
                <tr key={r.accountId} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="py-2 pr-3">
                    <div className="max-w-56 truncate" title={accountNameLabel(r, locale, providerName)}>
                      {accountNameLabel(r, locale, providerName)}
                    </div>
                    <code className="block max-w-56 truncate text-xs text-slate-500" title={r.accountId}>
                      {r.accountId}
                    </code>
                  </td>
                  <td className="py-2 pr-3 whitespace-nowrap">{providerName(r.provider)}</td>
                  <td className={td}>{f.n(r.answered)}</td>
                  <td className={td}>{f.pct(r.share)}</td>
                  <td className={td}>{f.n(r.attempts)}</td>
                  <td className={`${td} ${r.failedAttempts ? "text-red-700 dark:text-red-400" : ""}`}>{f.n(r.failedAttempts)}</td>
                  <td className={td}>{f.ms(r.p50Ms)}</td>
                  <td className={td}>{f.ms(r.p95Ms)}</td>
                  <td className={td}>{f.rub(r.costMicro)}</td>
                </tr>
              ))}
            </Table>
          </Card>

          <Card title={m.byModel}>
            <BreakdownTable testId="analytics-models" heading={m.model} rows={data.byModel} cell={(key) => <code className="block max-w-64 truncate text-xs" title={key}>{key}</code>} />
          </Card>
        </>
      ) : null}

      <Card title={m.ab}>
        <p className="mb-3 text-xs text-slate-500">{m.abLead}</p>
        {ab?.length === 0 ? <p className="text-sm text-slate-500">{m.abNone}</p> : null}
        <div className="flex flex-col gap-4" data-testid="ab-results">
          {ab?.map((r) => (
            <section key={r.ruleId} className="flex flex-col gap-2" data-testid="ab-rule">
              <h3 className="text-sm font-semibold">
                {r.name}
                {!r.enabled ? <span className="ml-2 text-xs font-normal text-slate-500">{m.disabled}</span> : null}
              </h3>
              <div className="grid gap-3 sm:grid-cols-2">
                <SideCard title={r.fromModels.length ? `A: ${r.fromModels.join(", ")}` : m.sideA} side={r.a} />
                <SideCard title={format(m.sideB, { percent: r.percent, to: r.toModel })} side={r.b} />
              </div>
            </section>
          ))}
        </div>
      </Card>
    </div>
  );
}
