import { sql, type SQL } from "drizzle-orm";
import { requests } from "../../db/schema";

/** A failed request from the provider's side: 5xx (4xx are the caller's, 499 an abandoned call). */
export const isError = sql`${requests.status} >= 500`;
export const isSuccess = sql`${requests.status} < 400`;

/**
 * Aggregates every breakdown shares: request count, errors, p50/p95 latency of successful requests, cost.
 * percentile_cont works on Postgres 15+ and PGlite.
 */
export const statColumns = sql`
  count(*)::int as "requests",
  (count(*) filter (where ${isError}))::int as "errors",
  percentile_cont(0.5) within group (order by ${requests.latencyMs}) filter (where ${isSuccess}) as "p50",
  percentile_cont(0.95) within group (order by ${requests.latencyMs}) filter (where ${isSuccess}) as "p95",
  coalesce(sum(${requests.costMicro}), 0)::bigint as "cost"`;

export interface RawStats {
  requests: number;
  errors: number;
  p50: number | string | null;
  p95: number | string | null;
  cost: number | string | bigint;
}

export interface Stats {
  requests: number;
  errors: number;
  /** errors / requests, 0..1; null without requests. */
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  costMicro: number;
}

const ms = (v: number | string | null) => (v === null ? null : Math.round(Number(v)));

export function toStats(raw: RawStats): Stats {
  const requestsCount = Number(raw.requests);
  const errors = Number(raw.errors);
  return {
    requests: requestsCount,
    errors,
    errorRate: requestsCount > 0 ? errors / requestsCount : null,
    p50Ms: ms(raw.p50),
    p95Ms: ms(raw.p95),
    costMicro: Number(raw.cost),
  };
}

/** Half-open time window on requests.created_at. */
export const inRange = (from: Date, to: Date): SQL => sql`${requests.createdAt} >= ${from.toISOString()}::timestamptz and ${requests.createdAt} < ${to.toISOString()}::timestamptz`;

/** A LIKE pattern matching `text` literally. */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
