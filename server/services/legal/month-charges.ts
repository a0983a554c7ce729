import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, ledger } from "../../db/schema";
import { ledgerKeyJoin } from "../billing/list-ledger";
import { monthRange } from "../billing/statement-period";

export interface MonthChargeLine {
  /** The model the charges were for (a charge's ledger note). */
  model: string;
  keyId: string | null;
  keyName: string | null;
  requests: number;
  /** Exact, in micro-rubles. */
  amountMicro: number;
}

/**
 * A wallet's charges in a Moscow-time month (YYYY-MM) by model and key, exact to the micro-ruble: the consumption a
 * УПД documents. Ordered by model, then key, so the appendix and its rounding read the same every time.
 */
export async function monthCharges(db: Db, walletUserId: string, month: string): Promise<{ lines: MonthChargeLine[]; totalMicro: number }> {
  const range = monthRange(month);
  if (!range) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  const rows = await db
    .select({
      model: sql<string>`coalesce(${ledger.note}, '')`,
      keyId: ledger.keyId,
      keyName: sql<string | null>`max(${apiKeys.name})`,
      requests: sql<number>`count(*)`.mapWith(Number),
      amountMicro: sql<number>`-sum(${ledger.amountMicro})`.mapWith(Number),
    })
    .from(ledger)
    .leftJoin(apiKeys, ledgerKeyJoin())
    .where(and(eq(ledger.userId, walletUserId), eq(ledger.kind, "charge"), gte(ledger.createdAt, range.from), lt(ledger.createdAt, range.to)))
    .groupBy(sql`coalesce(${ledger.note}, '')`, ledger.keyId)
    .orderBy(sql`coalesce(${ledger.note}, '')`, ledger.keyId);
  return { lines: rows, totalMicro: rows.reduce((sum, row) => sum + row.amountMicro, 0) };
}
