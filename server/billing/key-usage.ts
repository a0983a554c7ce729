import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db";
import { apiKeys, ledger } from "../db/schema";
import type { LimitPeriod } from "../core/principal";
import { periodStart } from "./periods";

/** A key's charges today, this week, this month and in total, with its limit and what is left of it. */
export async function keyUsage(db: Db, keyId: string) {
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
  if (!key) return undefined;
  const since = (period: LimitPeriod) => sql`coalesce(-sum(${ledger.amountMicro}) filter (where ${ledger.createdAt} >= ${periodStart(period).toISOString()}), 0)`;
  const [row] = await db
    .select({
      day: since("day").mapWith(Number),
      week: since("week").mapWith(Number),
      month: since("month").mapWith(Number),
      total: sql`coalesce(-sum(${ledger.amountMicro}), 0)`.mapWith(Number),
    })
    .from(ledger)
    .where(and(eq(ledger.keyId, keyId), eq(ledger.kind, "charge")));
  const usage = row ?? { day: 0, week: 0, month: 0, total: 0 };
  const period = key.limitPeriod ?? "month";
  const remaining = key.limitMicro === null ? null : Math.max(0, key.limitMicro - usage[period === "total" ? "total" : period]);
  return { key, usage, remainingMicro: remaining };
}
