import { sql } from "drizzle-orm";
import type { Db } from "../db";
import type { RequestRecord } from "../core/request-record";

/** The requests table's columns a batch writes, once for the INSERT, the SELECT and (checked by type) toRow. */
const COLUMNS = [
  "id",
  "user_id",
  "key_id",
  "endpoint",
  "model",
  "provider",
  "upstream_model",
  "stream",
  "status",
  "error_code",
  "prompt_tokens",
  "completion_tokens",
  "cached_tokens",
  "cost_micro",
  "price_id",
  "latency_ms",
  "first_token_ms",
  "finish_reason",
  "created_at",
  "attempts",
  "route_reason",
  "app_title",
  "app_url",
  "cache",
  "saved_micro",
] as const;
const COLUMN_LIST = sql.raw(COLUMNS.join(", "));

/** A request row as Postgres's json_populate_recordset reads it: the table's column names, JSON values. */
const toRow = (r: RequestRecord) =>
  ({
    id: r.id,
    user_id: r.userId,
    key_id: r.keyId ?? null,
    endpoint: r.endpoint,
    model: r.model,
    provider: r.provider ?? null,
    upstream_model: r.upstreamModel ?? null,
    stream: r.stream ?? false,
    status: r.status,
    error_code: r.errorCode ?? null,
    prompt_tokens: r.promptTokens ?? 0,
    completion_tokens: r.completionTokens ?? 0,
    cached_tokens: r.cachedTokens ?? 0,
    cost_micro: r.costMicro ?? 0,
    price_id: r.priceId ?? null,
    latency_ms: r.latencyMs,
    first_token_ms: r.firstTokenMs ?? null,
    finish_reason: r.finishReason ?? null,
    created_at: (r.createdAt ?? new Date()).toISOString(),
    attempts: r.attempts ?? null,
    route_reason: r.routeReason ?? null,
    app_title: r.appTitle ?? null,
    app_url: r.appUrl ?? null,
    cache: r.cache ?? null,
    saved_micro: r.savedMicro ?? 0,
  }) satisfies Record<(typeof COLUMNS)[number], unknown>;

/**
 * One INSERT for a whole batch with the rows as one JSON parameter, so the statement is the same whatever the
 * batch: building a row-per-placeholder query cost ~50 µs a row on the event loop, and an array parameter per
 * column had pg escape every element in JavaScript (one native JSON.stringify instead).
 */
export async function insertRequests(db: Db, rows: RequestRecord[]): Promise<void> {
  await db.execute(sql`
    insert into requests (${COLUMN_LIST}) select ${COLUMN_LIST}
    from json_populate_recordset(null::requests, ${JSON.stringify(rows.map(toRow))}::json)
    on conflict (id) do nothing`);
}
