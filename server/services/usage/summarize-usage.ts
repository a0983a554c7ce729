import { and, desc, eq, sql } from "drizzle-orm";
import type { TimeZone } from "../../core/format/time";
import type { Db } from "../../db";
import { apiKeys, requests, users } from "../../db/schema";
import { scopeUsageFilters, type UsageFilterInput } from "./filters";

export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costMicro: number;
  errors: number;
  avgLatencyMs: number;
}

/**
 * The response cache over the range: `cacheable` requests are those the cache took part in (a hit, a miss, a bypass
 * or a refresh: the key's cache on, or an `x-xrouter-cache` header); the hit ratio is `hits / cacheable`.
 */
export interface UsageCacheTotals {
  cacheable: number;
  hits: number;
  /** What the hits would have cost at full price, less what they were charged; micro-rubles. */
  savedMicro: number;
}

export interface UsagePoint {
  /** Bucket start (an hour, or a day in the range's zone) as a UTC instant, `YYYY-MM-DDTHH:MMZ`. */
  at: string;
  requests: number;
  costMicro: number;
}

export interface UsageBreakdownRow {
  /** The model id, the provider, the key id (null for requests without a key), or the member's user id. */
  id: string | null;
  label: string;
  /** The key's visible prefix (key breakdown only). */
  detail?: string | null;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costMicro: number;
}

export interface UsageSummary {
  range: { from: string; to: string; bucket: "hour" | "day"; zone: TimeZone };
  totals: UsageTotals;
  cache: UsageCacheTotals;
  series: UsagePoint[];
  byModel: UsageBreakdownRow[];
  byProvider: UsageBreakdownRow[];
  byKey: UsageBreakdownRow[];
  /**
   * An organization's usage by member (the member who made the request's key, labelled by e-mail; id null for
   * requests of keys without one). Empty for a personal account.
   */
  byMember: UsageBreakdownRow[];
}

const BREAKDOWN_LIMIT = 50;
const num = (expr: ReturnType<typeof sql>) => expr.mapWith(Number);

/** Sums shared by the totals and the breakdowns; sums over bigint come back as strings or bigints, hence Number. */
const sums = {
  requests: num(sql`count(*)`),
  promptTokens: num(sql`coalesce(sum(${requests.promptTokens}), 0)`),
  completionTokens: num(sql`coalesce(sum(${requests.completionTokens}), 0)`),
  costMicro: num(sql`coalesce(sum(${requests.costMicro}), 0)`),
};

/** Fills empty buckets so charts get a continuous axis (the portal's zones keep one offset all year: a day is 24 h). */
function fillSeries(rows: UsagePoint[], start: Date, end: Date, bucket: "hour" | "day"): UsagePoint[] {
  const step = bucket === "hour" ? 3_600_000 : 86_400_000;
  const byAt = new Map(rows.map((row) => [row.at, row]));
  const out: UsagePoint[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += step) {
    const at = `${new Date(t).toISOString().slice(0, 16)}Z`;
    out.push(byAt.get(at) ?? { at, requests: 0, costMicro: 0 });
  }
  return out;
}

/**
 * The user's usage over a date range (calendar days in the range's zone), optionally for one model, one of their keys
 * and/or (an organization) one member: totals, a per-hour (≤ 2 days) or per-day series, and breakdowns by model,
 * provider, key and member. Undefined when the filters name what is not the user's (scopeUsageFilters).
 */
export async function summarizeUsage(db: Db, userId: string, input: UsageFilterInput, now = new Date()): Promise<UsageSummary | undefined> {
  const scope = await scopeUsageFilters(db, userId, input, now);
  if (!scope) return undefined;
  const { where } = scope;
  // Constant SQL only (no parameters), so the grouped expression is textually identical in SELECT and GROUP BY; the
  // zone is one of TIME_ZONES. The bucket starts on the zone's wall clock and is written back as a UTC instant.
  const zone = scope.zone;
  const bucket = sql.raw(
    `to_char(date_trunc('${scope.bucket}', "requests"."created_at" at time zone '${zone}') at time zone '${zone}' at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"')`,
  );
  const provider = sql<string>`coalesce(${requests.provider}, '')`;

  const [totalsRows, seriesRows, modelRows, providerRows, keyRows, memberRows] = await Promise.all([
    db
      .select({
        ...sums,
        errors: num(sql`count(*) filter (where ${requests.status} >= 400)`),
        avgLatencyMs: num(sql`coalesce(round(avg(${requests.latencyMs})), 0)`),
        cacheable: num(sql`count(*) filter (where ${requests.cache} is not null)`),
        cacheHits: num(sql`count(*) filter (where ${requests.cache} in ('hit', 'semantic-hit'))`),
        savedMicro: num(sql`coalesce(sum(${requests.savedMicro}), 0)`),
      })
      .from(requests)
      .where(where),
    db
      .select({ at: sql<string>`${bucket}`, requests: sums.requests, costMicro: sums.costMicro })
      .from(requests)
      .where(where)
      .groupBy(bucket),
    db
      .select({ id: requests.model, ...sums })
      .from(requests)
      .where(where)
      .groupBy(requests.model)
      .orderBy(desc(sums.costMicro), desc(sums.requests), requests.model)
      .limit(BREAKDOWN_LIMIT),
    db
      .select({ id: provider, ...sums })
      .from(requests)
      .where(where)
      .groupBy(provider)
      .orderBy(desc(sums.costMicro), desc(sums.requests), provider)
      .limit(BREAKDOWN_LIMIT),
    db
      .select({ id: requests.keyId, name: apiKeys.name, prefix: apiKeys.prefix, ...sums })
      .from(requests)
      .leftJoin(apiKeys, and(eq(apiKeys.id, requests.keyId), eq(apiKeys.userId, userId)))
      .where(where)
      .groupBy(requests.keyId, apiKeys.name, apiKeys.prefix)
      .orderBy(desc(sums.costMicro), desc(sums.requests), apiKeys.name)
      .limit(BREAKDOWN_LIMIT),
    db
      .select({ id: apiKeys.createdByUserId, email: users.email, ...sums })
      .from(requests)
      .leftJoin(apiKeys, and(eq(apiKeys.id, requests.keyId), eq(apiKeys.userId, userId)))
      .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
      .where(where)
      .groupBy(apiKeys.createdByUserId, users.email)
      .orderBy(desc(sums.costMicro), desc(sums.requests), users.email)
      .limit(BREAKDOWN_LIMIT),
  ]);

  const { cacheable = 0, cacheHits = 0, savedMicro = 0, ...totals } = totalsRows[0] ?? {
    requests: 0,
    promptTokens: 0,
    completionTokens: 0,
    costMicro: 0,
    errors: 0,
    avgLatencyMs: 0,
  };
  return {
    range: { from: scope.from, to: scope.to, bucket: scope.bucket, zone: scope.zone },
    totals,
    cache: { cacheable, hits: cacheHits, savedMicro },
    series: fillSeries(seriesRows, scope.start, scope.end, scope.bucket),
    byModel: modelRows.map((row) => ({ ...row, label: row.id })),
    byProvider: providerRows.map((row) => ({ ...row, label: row.id })),
    byKey: keyRows.map(({ name, prefix, ...row }) => ({ ...row, label: name ?? "", detail: prefix })),
    byMember: memberRows.some((row) => row.id !== null) ? memberRows.map(({ email, ...row }) => ({ ...row, label: email ?? "" })) : [],
  };
}
