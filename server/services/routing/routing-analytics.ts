import { sql } from "drizzle-orm";
import { addDays, startOfDayInZone, type TimeZone } from "../../core/format/time";
import type { Db } from "../../db";
import { providerAccounts, requests } from "../../db/schema";
import { queryRows } from "../../db/rows";
import { getAccounts } from "../../routing/accounts";
import { inRange, isSuccess, statColumns, toStats, type RawStats, type Stats } from "./stats-sql";

export interface AnalyticsRange {
  /** Calendar days in `zone`, inclusive: `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** The reader's zone (their setting, never the request's input): it draws the days' edges. */
  zone: TimeZone;
}

export type Breakdown = Stats & { key: string; label: string; share: number };

export interface AccountBreakdown {
  accountId: string;
  name: string;
  provider: string;
  /** Requests this account answered (the last attempt of a successful request). */
  answered: number;
  share: number;
  /** Attempts on this account that failed (any request, retried or not). */
  failedAttempts: number;
  attempts: number;
  p50Ms: number | null;
  p95Ms: number | null;
  costMicro: number;
}

export interface DayPoint {
  day: string;
  requests: number;
  errors: number;
  costMicro: number;
  byProvider: Record<string, number>;
}

export interface RoutingAnalytics {
  range: AnalyticsRange;
  totals: Stats;
  byProvider: Breakdown[];
  byModel: Breakdown[];
  byAccount: AccountBreakdown[];
  days: DayPoint[];
}

const MAX_DAYS = 92;

/**
 * The days of a range (`from` alone when `to` is earlier, at most 92) and their half-open window in the range's
 * zone: from the first instant of the first day to the first instant of the day after the last.
 */
export function rangeWindow(range: AnalyticsRange): { from: Date; to: Date; days: string[] } {
  const days = [range.from];
  while (days.length < MAX_DAYS && days.at(-1)! < range.to) days.push(addDays(days.at(-1)!, 1));
  return { from: startOfDayInZone(range.from, range.zone), to: startOfDayInZone(addDays(days.at(-1)!, 1), range.zone), days };
}

const withShare = (rows: (RawStats & { key: string | null })[], total: number, label: (key: string) => string): Breakdown[] =>
  rows
    .map((r) => ({ key: r.key ?? "—", label: label(r.key ?? "—"), ...toStats(r) }))
    .map((r) => ({ ...r, share: total > 0 ? r.requests / total : 0 }))
    .sort((a, b) => b.requests - a.requests);

/**
 * Routing analytics over a day range: share of traffic, error rate, p50/p95 latency and cost per provider,
 * model and account (an account's answers come from the last attempt of each successful request; failed
 * attempts are counted on every account they touched), and requests per day.
 */
export async function routingAnalytics(db: Db, range: AnalyticsRange): Promise<RoutingAnalytics> {
  const { from, to, days: rangeDays } = rangeWindow(range);
  const where = inRange(from, to);
  const lastAccount = sql`(${requests.attempts} -> -1 ->> 'account')`;
  const hasAttempts = sql`jsonb_typeof(${requests.attempts}) = 'array' and jsonb_array_length(${requests.attempts}) > 0`;
  const [totalsRows, providerRows, modelRows, answeredRows, attemptRows, dayRows, stored, usable] = await Promise.all([
    queryRows<RawStats>(db, sql`select ${statColumns} from ${requests} where ${where}`),
    queryRows<RawStats & { key: string | null }>(db, sql`select ${requests.provider} as "key", ${statColumns} from ${requests} where ${where} group by 1`),
    queryRows<RawStats & { key: string }>(db, sql`select ${requests.model} as "key", ${statColumns} from ${requests} where ${where} group by 1`),
    queryRows<RawStats & { account: string; provider: string | null }>(
      db,
      sql`select ${lastAccount} as "account", min(${requests.provider}) as "provider", ${statColumns} from ${requests}
          where ${where} and ${hasAttempts} and ${isSuccess} group by 1`,
    ),
    queryRows<{ account: string; provider: string | null; attempts: number; failed: number }>(
      db,
      sql`select a ->> 'account' as "account", min(a ->> 'provider') as "provider", count(*)::int as "attempts",
                 (count(*) filter (where (a ->> 'status')::int <> 200))::int as "failed"
          from ${requests} cross join lateral jsonb_array_elements(case when jsonb_typeof(${requests.attempts}) = 'array' then ${requests.attempts} else '[]'::jsonb end) as a
          where ${where} group by 1`,
    ),
    queryRows<{ day: string; provider: string | null; requests: number; errors: number; cost: string | number }>(
      db,
      sql`select to_char(${requests.createdAt} at time zone ${range.zone}, 'YYYY-MM-DD') as "day", ${requests.provider} as "provider",
                 count(*)::int as "requests", (count(*) filter (where ${requests.status} >= 500))::int as "errors",
                 coalesce(sum(${requests.costMicro}), 0)::bigint as "cost"
          from ${requests} where ${where} group by 1, 2`,
    ),
    db.select({ id: providerAccounts.id, name: providerAccounts.name, provider: providerAccounts.provider }).from(providerAccounts),
    getAccounts(),
  ]);

  const totals = toStats(totalsRows[0] ?? { requests: 0, errors: 0, p50: null, p95: null, cost: 0 });
  const names = new Map<string, { name: string; provider: string }>([...usable.map((a) => [a.id, { name: a.name, provider: a.provider }] as const), ...stored.map((a) => [a.id, a] as const)]);

  const accounts = new Map<string, AccountBreakdown>();
  const accountRow = (id: string, provider: string | null) => {
    let row = accounts.get(id);
    if (!row) {
      const known = names.get(id);
      row = { accountId: id, name: known?.name ?? id, provider: known?.provider ?? provider ?? "—", answered: 0, share: 0, failedAttempts: 0, attempts: 0, p50Ms: null, p95Ms: null, costMicro: 0 };
      accounts.set(id, row);
    }
    return row;
  };
  const answeredTotal = answeredRows.reduce((s, r) => s + Number(r.requests), 0);
  for (const r of answeredRows) {
    const stats = toStats(r);
    Object.assign(accountRow(r.account, r.provider), { answered: stats.requests, share: answeredTotal ? stats.requests / answeredTotal : 0, p50Ms: stats.p50Ms, p95Ms: stats.p95Ms, costMicro: stats.costMicro });
  }
  for (const r of attemptRows) Object.assign(accountRow(r.account, r.provider), { attempts: Number(r.attempts), failedAttempts: Number(r.failed) });

  const days = rangeDays.map((day): DayPoint => ({ day, requests: 0, errors: 0, costMicro: 0, byProvider: {} }));
  const byDay = new Map(days.map((point) => [point.day, point]));
  for (const r of dayRows) {
    const point = byDay.get(r.day);
    if (!point) continue;
    point.requests += Number(r.requests);
    point.errors += Number(r.errors);
    point.costMicro += Number(r.cost);
    const p = r.provider ?? "—";
    point.byProvider[p] = (point.byProvider[p] ?? 0) + Number(r.requests);
  }

  return {
    range,
    totals,
    byProvider: withShare(providerRows, totals.requests, (k) => k),
    byModel: withShare(modelRows, totals.requests, (k) => k),
    byAccount: [...accounts.values()].sort((a, b) => b.answered - a.answered || b.attempts - a.attempts),
    days,
  };
}
