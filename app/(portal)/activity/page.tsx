import Link from "next/link";
import type { ReactNode } from "react";
import { TRPCError } from "@trpc/server";
import { BarChart } from "@/components/charts/bar-chart";
import { AreaChart } from "@/components/charts/area-chart";
import { BarList, type BarListItem } from "@/components/charts/bar-list";
import type { ChartPoint, ChartText } from "@/components/charts/types";
import { Rub } from "@/components/format/rub";
import { format, type Locale } from "@/server/core/locale";
import { plural } from "@/server/core/format/plural";
import { dayInZone, zoneLabel } from "@/server/core/format/time";
import { getLocale, getMessages } from "@/components/i18n/server";
import { Alert } from "@/components/ui/alert";
import { Card, PageTitle } from "@/components/ui/card";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { usageFiltersSchema, type UsageFilterInput } from "@/server/services/usage/filters";
import type { UsageBreakdownRow, UsageSummary } from "@/server/services/usage/summarize-usage";
import { FilterBar } from "./filter-bar";
import { activityHref, exportHref, formatters, RECENT_PAGE_SIZE } from "./format";
import { activityMessages, type ActivityStrings } from "./messages";
import { RecentRequests } from "./recent-requests";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("activity");

type SearchParams = Record<string, string | string[] | undefined>;

const linkButton =
  "inline-flex items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";

/** The filters from the URL: a bad range falls back to the default one (and says so) rather than failing the page. */
function readFilters(params: SearchParams): { input: UsageFilterInput; badRange: boolean } {
  const pick = (name: string) => {
    const value = params[name];
    return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
  };
  const raw = { from: pick("from"), to: pick("to"), model: pick("model"), keyId: pick("keyId") };
  const full = usageFiltersSchema.safeParse(raw);
  if (full.success) return { input: full.data, badRange: false };
  const rest = usageFiltersSchema.safeParse({ model: raw.model, keyId: raw.keyId });
  return { input: rest.success ? rest.data : {}, badRange: true };
}

export default async function ActivityPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [params, m, locale, ctx] = await Promise.all([searchParams, getMessages(activityMessages), getLocale(), createTrpcContext()]);
  const caller = createCaller(ctx);
  const { input: requested, badRange } = readFilters(params);
  const load = (input: UsageFilterInput) =>
    Promise.all([caller.usage.summary(input), caller.usage.recent({ ...input, limit: RECENT_PAGE_SIZE }), caller.usage.filterOptions()]);

  let input = requested;
  let keyNotFound = false;
  let data: Awaited<ReturnType<typeof load>>;
  try {
    data = await load(input);
  } catch (err) {
    if (!(err instanceof TRPCError && err.code === "NOT_FOUND")) throw err;
    keyNotFound = true;
    input = { ...input, keyId: undefined };
    data = await load(input);
  }
  const [summary, recent, options] = data;
  const zone = summary.range.zone;
  const f = formatters(locale, zone);
  const filters = { from: summary.range.from, to: summary.range.to, model: input.model, keyId: input.keyId };
  const now = new Date();
  const today = dayInZone(now, zone);
  const renderedAt = now.getTime();

  return (
    <div className="flex flex-col gap-6">
      <div className="-mb-6 flex flex-wrap items-start justify-between gap-x-4">
        <PageTitle description={format(m.lead, { zone: zoneLabel(zone, locale) })}>{m.title}</PageTitle>
        <div className="mb-6 flex flex-wrap gap-2">
          <a href={exportHref(filters)} download title={m.exportCsvHint} className={linkButton} data-testid="export-csv">
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 fill-current">
              <path d="M10 2a1 1 0 0 1 1 1v7.59l2.3-2.3a1 1 0 1 1 1.4 1.42l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.42L9 10.6V3a1 1 0 0 1 1-1ZM4 15a1 1 0 0 1 1 1v1h10v-1a1 1 0 1 1 2 0v2a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-2a1 1 0 0 1 1-1Z" />
            </svg>
            {m.exportCsv}
          </a>
          <a href={exportHref(filters, "machine")} download title={m.exportCsvMachineHint} className={linkButton} data-testid="export-csv-machine">
            {m.exportCsvMachine}
          </a>
        </div>
      </div>

      {badRange ? <Alert tone="warning">{m.badRange}</Alert> : null}
      {keyNotFound ? (
        <Alert tone="error" testId="activity-key-not-found">
          {m.keyNotFound}{" "}
          <Link href="/activity" className="underline">
            {m.resetFilters}
          </Link>
        </Alert>
      ) : null}

      <FilterBar values={filters} today={today} models={options.models} keys={options.keys} />

      {summary.totals.requests === 0 ? (
        <EmptyState m={m} filtered={Boolean(input.model || input.keyId)} />
      ) : (
        <>
          <Tiles summary={summary} m={m} f={f} locale={locale} />
          <Charts summary={summary} m={m} f={f} zone={zoneLabel(zone, locale)} />
          <div className="grid gap-4 lg:grid-cols-3">
            <Card title={m.byModel}>
              <BarList label={m.byModel} items={breakdown(summary.byModel, summary, m, f, (row) => row.label, (row) => activityHref("/activity", { ...filters, model: row.id ?? undefined }))} />
            </Card>
            <Card title={m.byProvider}>
              <BarList label={m.byProvider} barClass="bg-sky-500/80 dark:bg-sky-400/70" items={breakdown(summary.byProvider, summary, m, f, (row) => row.label || m.unknownProvider)} />
            </Card>
            <Card title={m.byKey}>
              <BarList
                label={m.byKey}
                barClass="bg-violet-500/80 dark:bg-violet-400/70"
                items={breakdown(
                  summary.byKey,
                  summary,
                  m,
                  f,
                  (row) => (row.id ? `${row.label} · ${row.detail ?? ""}` : m.noKey),
                  (row) => (row.id ? activityHref("/activity", { ...filters, keyId: row.id }) : undefined),
                )}
              />
            </Card>
          </div>
          <Card title={m.recent}>
            <RecentRequests filters={filters} initial={recent} renderedAt={renderedAt} zone={zone} />
          </Card>
        </>
      )}
    </div>
  );
}

type Strings = ActivityStrings;
type Fmt = ReturnType<typeof formatters>;

function Tiles({ summary, m, f, locale }: { summary: UsageSummary; m: Strings; f: Fmt; locale: Locale }) {
  const t = summary.totals;
  const tiles: { label: string; value: ReactNode; note?: string; hint?: string; testId?: string; tone?: string }[] = [
    { label: m.requests, value: f.number(t.requests), testId: "activity-total-requests" },
    { label: m.tokensIn, value: f.number(t.promptTokens) },
    { label: m.tokensOut, value: f.number(t.completionTokens) },
    { label: m.spend, value: <Rub micro={t.costMicro} locale={locale} />, testId: "activity-total-spend" },
    {
      label: m.errors,
      value: f.number(t.errors),
      note: format(m.errorRate, { rate: f.percent(t.requests ? t.errors / t.requests : 0) }),
      tone: t.errors ? "text-red-700 dark:text-red-300" : undefined,
    },
    { label: m.avgLatency, value: format(m.ms, { value: f.number(t.avgLatencyMs) }) },
  ];
  const { cache } = summary;
  // Shown once the cache took part in a request of the period (keys without it see no empty tiles).
  if (cache.cacheable > 0) {
    tiles.push(
      {
        label: m.cacheHitRatio,
        value: f.percent(cache.hits / cache.cacheable),
        note: format(plural(locale, cache.cacheable, { one: m.cacheHitNoteOne, many: m.cacheHitNoteMany, other: m.cacheHitNoteMany }), { hits: f.number(cache.hits) }),
        hint: m.cacheHitHint,
        testId: "activity-cache-hit-ratio",
      },
      { label: m.cacheSaved, value: <Rub micro={cache.savedMicro} locale={locale} />, note: m.cacheSavedNote, hint: m.cacheSavedHint, testId: "activity-cache-saved" },
    );
  }
  return (
    <dl className={`grid grid-cols-2 gap-3 ${tiles.length > 6 ? "sm:grid-cols-4" : "sm:grid-cols-3 xl:grid-cols-6"}`}>
      {tiles.map((tile) => (
        <div key={tile.label} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <dt className="flex items-center gap-1 text-xs font-medium text-slate-500 dark:text-slate-400">
            {tile.label}
            {tile.hint ? <Hint text={tile.hint} testId={tile.testId && `${tile.testId}-hint`} /> : null}
          </dt>
          <dd className={`mt-1 text-xl font-semibold tabular-nums sm:text-2xl ${tile.tone ?? ""}`} data-testid={tile.testId}>
            {tile.value}
          </dd>
          {tile.note ? (
            <dd className="text-xs text-slate-500 dark:text-slate-400">
              {tile.note}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

/** A "?" that explains a tile: the browser's tooltip on hover, the same words for screen readers and on focus. */
function Hint({ text, testId }: { text: string; testId?: string }) {
  return (
    <span
      tabIndex={0}
      role="img"
      aria-label={text}
      title={text}
      data-testid={testId}
      className="inline-flex h-4 w-4 cursor-help items-center justify-center rounded-full border border-slate-300 text-[10px] leading-none text-slate-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-600 dark:text-slate-400"
    >
      ?
    </span>
  );
}

function Charts({ summary, m, f, zone }: { summary: UsageSummary; m: Strings; f: Fmt; zone: string }) {
  const { bucket } = summary.range;
  const per = `${bucket === "hour" ? m.perHour : m.perDay} (${zone})`;
  const requests: ChartPoint[] = summary.series.map((p) => ({ label: f.bucket(p.at, bucket), value: p.requests, display: f.number(p.requests) }));
  const spend: ChartPoint[] = summary.series.map((p) => ({ label: f.bucket(p.at, bucket), value: p.costMicro, display: f.rub(p.costMicro) }));
  const maxRequests = Math.max(0, ...summary.series.map((p) => p.requests));
  const maxSpend = Math.max(0, ...summary.series.map((p) => p.costMicro));
  const text = (title: string, valueHeading: string, max: string, total: string, points: ChartPoint[]): ChartText => ({
    title: `${title}, ${per}`,
    description: format(m.chartSummary, { count: points.length, first: points[0]?.label ?? "", last: points.at(-1)?.label ?? "", max, total }),
    labelHeading: m.period,
    valueHeading,
  });
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title={`${m.requestsOverTime} · ${per}`}>
        <BarChart
          id="activity-requests-chart"
          points={requests}
          maxDisplay={format(m.max, { value: f.number(maxRequests) })}
          text={text(m.requestsOverTime, m.requests, f.number(maxRequests), f.number(summary.totals.requests), requests)}
        />
      </Card>
      <Card title={`${m.spendOverTime} · ${per}`}>
        <AreaChart
          id="activity-spend-chart"
          points={spend}
          maxDisplay={format(m.max, { value: f.rub(maxSpend) })}
          text={text(m.spendOverTime, m.spend, f.rub(maxSpend), f.rub(summary.totals.costMicro), spend)}
        />
      </Card>
    </div>
  );
}

function breakdown(
  rows: UsageBreakdownRow[],
  summary: UsageSummary,
  m: Strings,
  f: Fmt,
  label: (row: UsageBreakdownRow) => string,
  href?: (row: UsageBreakdownRow) => string | undefined,
): BarListItem[] {
  const bySpend = summary.totals.costMicro > 0;
  return rows.map((row) => {
    const text = label(row);
    const link = href?.(row);
    return {
      key: row.id ?? "none",
      label: link ? (
        <Link href={link} scroll={false} className="hover:underline" title={text}>
          {text}
        </Link>
      ) : (
        <span title={text}>{text}</span>
      ),
      value: bySpend ? row.costMicro : row.requests,
      display: f.rub(row.costMicro),
      detail: format(m.breakdownDetail, { requests: f.number(row.requests), in: f.number(row.promptTokens), out: f.number(row.completionTokens) }),
    };
  });
}

function EmptyState({ m, filtered }: { m: Strings; filtered: boolean }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center dark:border-slate-700" data-testid="activity-empty">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-10 w-10 fill-none stroke-slate-400" strokeWidth={1.5}>
        <path d="M3 3v18h18M7 15l4-4 3 3 5-6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <h2 className="text-lg font-semibold">{m.emptyTitle}</h2>
      <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">{m.emptyLead}</p>
      <div className="flex flex-wrap justify-center gap-2">
        <Link href="/keys" className={linkButton}>
          {m.emptyKeys}
        </Link>
        <Link href="/docs" className={linkButton}>
          {m.emptyDocs}
        </Link>
        {filtered ? (
          <Link href="/activity" className={linkButton}>
            {m.resetFilters}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
