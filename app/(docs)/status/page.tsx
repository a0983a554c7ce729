import type { Metadata } from "next";
import { getLocale, getMessages } from "@/components/i18n/server";
import { format } from "@/server/core/locale";
import { formatNumber, formatPercent } from "@/server/core/format/number";
import { formatDateTime, startOfDayInZone } from "@/server/core/format/time";
import { UptimeBars, type UptimePoint } from "@/components/charts/uptime-bars";
import { AutoRefresh } from "@/components/routing/auto-refresh";
import { routingUiMessages } from "@/components/routing/messages";
import { StateBadge } from "@/components/routing/state-badge";
import { Alert } from "@/components/ui/alert";
import { PageTitle } from "@/components/ui/card";
import { getDb } from "@/server/db";
import { getCachedHealthHistory, type ProviderHistory } from "@/server/services/health-history/read-history";
import { getCachedProviderStatus } from "@/server/services/routing/provider-status";
import { PROVIDERS } from "@/server/providers/registry";
import { statusMessages } from "./messages";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(statusMessages)).metaTitle };
}

/** Public provider status: up / degraded / down from the health checks and the last hour of traffic. */
export default async function StatusPage() {
  const db = await getDb();
  const [m, ui, locale, status, history] = await Promise.all([
    getMessages(statusMessages),
    getMessages(routingUiMessages),
    getLocale(),
    getCachedProviderStatus(db),
    getCachedHealthHistory(db, PROVIDERS.map((p) => p.id)),
  ]);
  const time = (d: Date) => formatDateTime(d, { locale, date: "none", time: "seconds" });
  const ms = (v: number | null) => (v === null ? m.none : format(m.ms, { n: formatNumber(v, locale) }));
  const share = (v: number | null) => (v === null ? m.historyNone : formatPercent(v, locale, 2));
  const bars = (h: ProviderHistory): UptimePoint[] =>
    h.days.map((d) => ({
      label: formatDateTime(startOfDayInZone(d.day), { locale, date: "dayMonth", time: "none" }),
      value: d.availability ?? 0,
      empty: d.availability === null,
      display: d.availability === null ? m.dayNone : format(m.dayValue, { share: share(d.availability), ok: formatNumber(d.ok, locale), checks: formatNumber(d.checks, locale) }),
    }));
  const allUp = status.providers.every((p) => p.state === "up");
  return (
    <>
      <AutoRefresh seconds={30} />
      <PageTitle description={m.description}>{m.title}</PageTitle>
      <div className="mb-4">
        <Alert tone={allUp ? "success" : "warning"} testId="status-summary">
          {allUp ? m.allUp : m.someDown}
        </Alert>
      </div>
      <ul className="grid gap-3 md:grid-cols-2" data-testid="status-list">
        {status.providers.map((p) => {
          const facts: [string, string][] = [
            [m.healthLatency, ms(p.healthLatencyMs)],
            [m.accounts, p.accounts ? `${p.healthy} / ${p.accounts}` : m.none],
            [m.requests, formatNumber(p.requests, locale)],
            [m.errorRate, p.errorRate === null ? m.none : formatPercent(p.errorRate, locale)],
            [m.p50, ms(p.p50Ms)],
            [m.p95, ms(p.p95Ms)],
          ];
          const h = history.get(p.provider)!;
          return (
            <li key={p.provider} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900" data-testid="status-provider" data-provider={p.provider} data-state={p.state}>
              <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
                <h2 className="text-base font-semibold">{p.name[locale]}</h2>
                <StateBadge state={p.state} label={ui[p.state]} testId="status-state" />
              </div>
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-3">
                {facts.map(([label, value]) => (
                  <div key={label} className="flex flex-col">
                    <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
                    <dd className="font-medium tabular-nums">{value}</dd>
                  </div>
                ))}
              </dl>
              {p.checkedAt ? <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">{format(m.checked, { time: time(p.checkedAt) })}</p> : null}
              <section className="mt-4 border-t border-slate-100 pt-3 dark:border-slate-800" data-testid="status-history">
                <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
                  <h3 className="font-medium">{m.history}</h3>
                  <span className="font-medium tabular-nums" data-testid="status-availability">
                    {share(h.availability)}
                  </span>
                </div>
                <UptimeBars
                  id={`uptime-${p.provider}`}
                  testId="uptime-bars"
                  points={bars(h)}
                  text={{ title: `${p.name[locale]}: ${m.history}`, description: format(m.historyDescription, { share: share(h.availability) }), labelHeading: m.day, valueHeading: m.availability }}
                />
                <h3 className="mt-3 text-xs text-slate-500 dark:text-slate-400">{m.checkLatency}</h3>
                <dl className="mt-1 grid grid-cols-3 gap-x-4 text-sm" data-testid="status-check-latency">
                  {(["p50", "p95", "p99"] as const).map((k) => (
                    <div key={k} className="flex flex-col">
                      <dt className="text-xs text-slate-500 dark:text-slate-400">{k}</dt>
                      <dd className="font-medium tabular-nums">{ms(h.latency?.[k] ?? null)}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            </li>
          );
        })}
      </ul>
      <p className="mt-4 text-xs text-slate-500 dark:text-slate-400">
        {m.legend} {format(m.updated, { time: time(status.generatedAt) })}
      </p>
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{m.historyLegend}</p>
    </>
  );
}
