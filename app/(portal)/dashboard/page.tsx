import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { BarChart } from "@/components/charts/bar-chart";
import type { ChartPoint } from "@/components/charts/types";
import { Rub } from "@/components/format/rub";
import { getLocale, getMessages } from "@/components/i18n/server";
import { KeyStatusBadge } from "@/components/keys/key-status-badge";
import { requestOrigin } from "@/components/layout/request-origin";
import { ViewCode } from "@/components/playground/view-code";
import { Card, PageTitle } from "@/components/ui/card";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { format, type Locale } from "@/server/core/locale";
import { formatRub, roundToKopecks, type RubPrecision } from "@/server/core/format/rub";
import { formatDateTime, zoneLabel, type TimeZone } from "@/server/core/format/time";
import { listCatalog } from "@/server/services/catalog/list-catalog";
import { formatters } from "../activity/format";
import { StatusBadge } from "../activity/status-badge";
import { statusLabel } from "../keys/format";
import { keysMessages, type KeysMessages } from "../keys/messages";
import { Checklist } from "./checklist";
import { dashboardMessages, type DashboardStrings } from "./messages";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(dashboardMessages)).metaTitle };
}

type Summary = Awaited<ReturnType<ReturnType<typeof createCaller>["dashboard"]["summary"]>>;

const primaryButton =
  "inline-flex items-center justify-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
const moreLink = "text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300";

/** A spend under half a kopeck would read `0,00 ₽` beside a bar or a request that cost something: it is written exact. */
const spent = (micro: number): RubPrecision => (micro !== 0 && roundToKopecks(micro) === 0 ? "request" : "total");

/** The signed-in user's home: where sign-in lands. */
export default async function DashboardPage() {
  const [m, km, locale, ctx, origin] = await Promise.all([getMessages(dashboardMessages), getMessages(keysMessages), getLocale(), createTrpcContext(), requestOrigin()]);
  const [d, catalog] = await Promise.all([createCaller(ctx).dashboard.summary(), listCatalog(locale)]);
  const zone = zoneLabel(d.zone, locale);
  const baseURL = `${origin}/api/v1`;
  const model = catalog.find((entry) => entry.kind === "chat")?.id ?? "gigachat/GigaChat-2";
  const snippet = (
    <ViewCode
      request={{ model, messages: [{ role: "user", content: m.snippetPrompt }] }}
      baseURL={baseURL}
      title={m.snippetTitle}
      lead={format(m.snippetLead, { baseUrl: baseURL })}
    />
  );

  return (
    <div className="flex flex-col gap-6" data-testid="dashboard">
      <PageTitle description={format(m.lead, { email: d.account?.name ?? ctx.user?.email ?? "", zone })}>{m.title}</PageTitle>
      {d.checklist ? <Checklist state={d.checklist} balanceMicro={d.balanceMicro} /> : null}
      <Tiles d={d} m={m} locale={locale} />
      <div className="grid gap-4 lg:grid-cols-5">
        <div className={`min-w-0 ${d.keys ? "lg:col-span-3" : "lg:col-span-5"}`}>
          <SpendChart d={d} m={m} locale={locale} zone={zone} />
        </div>
        {d.keys ? (
          <div className="min-w-0 lg:col-span-2">
            <Keys keys={d.keys} zone={d.zone} m={m} km={km} locale={locale} />
          </div>
        ) : null}
      </div>
      <Recent d={d} m={m} locale={locale} zone={zone} />
      {snippet}
    </div>
  );
}

function Tiles({ d, m, locale }: { d: Summary; m: DashboardStrings; locale: Locale }) {
  const f = formatters(locale, d.zone);
  const tiles: { id: string; label: string; value: ReactNode; note?: ReactNode; tone?: string }[] = [];
  if (d.balanceMicro !== null)
    tiles.push({
      id: "balance",
      label: m.balance,
      value: <Rub micro={d.balanceMicro} locale={locale} />,
      note: (
        <Link href="/billing/topup/new" className={`${primaryButton} mt-2 self-start`} data-testid="dashboard-topup">
          {m.topUp}
        </Link>
      ),
    });
  tiles.push(
    { id: "spend-today", label: m.spendToday, value: <Rub micro={d.spend.todayMicro} locale={locale} precision={spent(d.spend.todayMicro)} /> },
    { id: "spend-month", label: m.spendMonth, value: <Rub micro={d.spend.monthMicro} locale={locale} precision={spent(d.spend.monthMicro)} /> },
    {
      id: "requests",
      label: m.requestsMonth,
      value: f.number(d.month.requests),
      note: d.month.errors ? format(m.errorsNote, { errors: f.number(d.month.errors) }) : m.noErrors,
      tone: d.month.errors ? "text-red-700 dark:text-red-300" : undefined,
    },
  );
  return (
    <dl className={`grid grid-cols-2 gap-3 ${tiles.length === 4 ? "lg:grid-cols-4" : "lg:grid-cols-3"}`}>
      {tiles.map((tile) => (
        <div key={tile.id} className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <dt className="text-xs font-medium text-slate-500 dark:text-slate-400">{tile.label}</dt>
          <dd className="mt-1 truncate text-xl font-semibold tabular-nums sm:text-2xl" data-testid={`dashboard-${tile.id}`}>
            {tile.value}
          </dd>
          {tile.note ? <dd className={`flex flex-col text-xs text-slate-500 dark:text-slate-400 ${tile.tone ?? ""}`}>{tile.note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

function SpendChart({ d, m, locale, zone }: { d: Summary; m: DashboardStrings; locale: Locale; zone: string }) {
  const f = formatters(locale, d.zone);
  const rub = (micro: number) => formatRub(micro, locale, { precision: spent(micro) });
  const points: ChartPoint[] = d.series.map((p) => ({ label: f.bucket(p.at, d.month.bucket), value: p.costMicro, display: rub(p.costMicro) }));
  const max = rub(Math.max(0, ...d.series.map((p) => p.costMicro)));
  const title = `${d.month.bucket === "hour" ? m.spendChartHourly : m.spendChart} (${zone})`;
  return (
    <Card title={title}>
      <BarChart
        id="dashboard-spend-chart"
        points={points}
        maxDisplay={format(m.max, { value: max })}
        className="fill-emerald-500 dark:fill-emerald-400"
        text={{
          title,
          description: format(m.chartSummary, { count: points.length, first: points[0]?.label ?? "", last: points.at(-1)?.label ?? "", max, total: rub(d.spend.monthMicro) }),
          labelHeading: m.period,
          valueHeading: m.spendMonth,
        }}
      />
    </Card>
  );
}

function Keys({ keys, zone, m, km, locale }: { keys: NonNullable<Summary["keys"]>; zone: TimeZone; m: DashboardStrings; km: KeysMessages; locale: Locale }) {
  return (
    <Card
      title={m.keysTitle}
      actions={
        <Link href="/keys" className={moreLink} data-testid="dashboard-all-keys">
          {m.allKeys}
        </Link>
      }
    >
      {keys.items.length === 0 ? (
        <div className="flex flex-col items-start gap-3 text-sm text-slate-600 dark:text-slate-400">
          <p>{m.keysEmpty}</p>
          <Link href="/keys" className={primaryButton}>
            {m.createKey}
          </Link>
        </div>
      ) : (
        <>
          <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">{format(m.keysCount, { count: keys.live })}</p>
          <ul className="flex flex-col divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="dashboard-keys">
            {keys.items.map((key) => (
              <li key={key.id} className="flex min-w-0 flex-col gap-0.5 py-2">
                <div className="flex min-w-0 items-center justify-between gap-2">
                  <span className="truncate font-medium" title={key.name}>
                    {key.name}
                  </span>
                  <KeyStatusBadge status={key.status} label={statusLabel(key.status, km)} />
                </div>
                <div className="flex min-w-0 flex-wrap gap-x-2 text-xs text-slate-500 dark:text-slate-400">
                  <code>{key.prefix}</code>
                  <span>·</span>
                  <span>{key.lastUsedAt ? format(m.lastUsed, { date: formatDateTime(key.lastUsedAt, { locale, zone, date: "dayMonth" }) }) : m.neverUsed}</span>
                  <span>·</span>
                  <span>{format(m.monthSpend, { amount: formatRub(key.spendMonthMicro, locale, { precision: spent(key.spendMonthMicro) }) })}</span>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

function Recent({ d, m, locale, zone }: { d: Summary; m: DashboardStrings; locale: Locale; zone: string }) {
  const when = (at: Date) => formatDateTime(at, { locale, zone: d.zone, date: "dayMonth", label: false });
  const th = "px-2 py-2 text-left font-medium whitespace-nowrap sm:px-3";
  const td = "px-2 py-2 sm:px-3";
  return (
    <Card
      title={m.recentTitle}
      actions={
        <Link href="/activity" className={moreLink} data-testid="dashboard-all-activity">
          {m.allActivity}
        </Link>
      }
    >
      {d.recent.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="dashboard-recent-empty">
          {m.recentEmpty}
        </p>
      ) : (
        <div className="-mx-4 overflow-x-auto">
          <table className="w-full text-sm" data-testid="dashboard-recent">
            <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" className={`${th} pl-4`}>{`${m.time} (${zone})`}</th>
                <th scope="col" className={th}>{m.model}</th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>{m.key}</th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>{m.status}</th>
                <th scope="col" className={`${th} pr-4 text-right`}>{m.cost}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {d.recent.map((r) => (
                <tr key={r.id} data-testid="dashboard-recent-row">
                  <td className={`${td} pl-4 whitespace-nowrap tabular-nums`} data-testid="dashboard-recent-time">
                    {when(r.createdAt)}
                  </td>
                  <td className={`${td} max-w-[7rem] sm:max-w-[12rem]`}>
                    <span className="block truncate font-mono text-xs" title={r.model}>
                      {r.model}
                    </span>
                    <span className="sm:hidden">
                      <StatusBadge status={r.status} errorCode={r.errorCode} testId="dashboard-recent-status-phone" />
                    </span>
                  </td>
                  <td className={`${td} hidden max-w-[10rem] truncate sm:table-cell`} title={r.keyName ?? undefined}>
                    {r.keyName ?? "—"}
                  </td>
                  <td className={`${td} hidden sm:table-cell`}>
                    <StatusBadge status={r.status} errorCode={r.errorCode} testId="dashboard-recent-status" />
                  </td>
                  <td className={`${td} pr-4 text-right tabular-nums whitespace-nowrap`}>
                    <Rub micro={r.costMicro} locale={locale} precision="request" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
