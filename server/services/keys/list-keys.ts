import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, requests } from "../../db/schema";
import { periodStart, toKeyView, type KeyView } from "./key-view";

/**
 * The user's keys, newest first (revoked ones included), with spend this month (UTC) and in each key's
 * current limit period, summed from `requests`. Never returns the hash. `createdBy`: only the keys that member made
 * (an organization's developer sees their own).
 */
export async function listKeys(db: Db, userId: string, now = new Date(), createdBy?: string): Promise<KeyView[]> {
  const keys = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), createdBy ? eq(apiKeys.createdByUserId, createdBy) : undefined))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  if (keys.length === 0) return [];

  const month = periodStart("month", now)!;
  const week = periodStart("week", now)!;
  const day = periodStart("day", now)!;
  const since = week < month ? week : month;
  const windowed = await db
    .select({
      keyId: requests.keyId,
      month: sql<string>`coalesce(sum(${requests.costMicro}) filter (where ${requests.createdAt} >= ${month.toISOString()}), 0)`,
      week: sql<string>`coalesce(sum(${requests.costMicro}) filter (where ${requests.createdAt} >= ${week.toISOString()}), 0)`,
      day: sql<string>`coalesce(sum(${requests.costMicro}) filter (where ${requests.createdAt} >= ${day.toISOString()}), 0)`,
    })
    .from(requests)
    .where(and(eq(requests.userId, userId), gte(requests.createdAt, since)))
    .groupBy(requests.keyId);
  const byKey = new Map(windowed.map((row) => [row.keyId, { month: Number(row.month), week: Number(row.week), day: Number(row.day) }]));

  const totalKeys = keys.filter((k) => k.limitMicro !== null && k.limitPeriod === "total").map((k) => k.id);
  const totals = new Map<string | null, number>();
  if (totalKeys.length > 0) {
    const rows = await db
      .select({ keyId: requests.keyId, total: sql<string>`coalesce(sum(${requests.costMicro}), 0)` })
      .from(requests)
      .where(and(eq(requests.userId, userId), inArray(requests.keyId, totalKeys)))
      .groupBy(requests.keyId);
    for (const row of rows) totals.set(row.keyId, Number(row.total));
  }

  return keys.map((key) => {
    const spend = byKey.get(key.id) ?? { month: 0, week: 0, day: 0 };
    const period = key.limitMicro === null ? null : key.limitPeriod === "total" ? (totals.get(key.id) ?? 0) : spend[key.limitPeriod ?? "month"];
    return toKeyView(key, { month: spend.month, period }, now);
  });
}
