import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { ledger } from "../../db/schema";
import { lastMonths, monthRange, STATEMENT_ZONE } from "./statement-period";

export interface StatementMonth {
  /** YYYY-MM (Moscow time). */
  month: string;
  /** How many ledger rows the user has in that month (0: the statement only shows the balance carried). */
  movements: number;
}

/** The last 12 months the user can download statements for, the current one first. */
export async function listStatementMonths(db: Db, userId: string, now = new Date()): Promise<StatementMonth[]> {
  const months = lastMonths(now, 12);
  const since = monthRange(months[months.length - 1]!)!.from;
  const rows = await db
    .select({
      month: sql<string>`to_char(${ledger.createdAt} at time zone ${STATEMENT_ZONE}, 'YYYY-MM')`,
      n: sql<number>`count(*)`.mapWith(Number),
    })
    .from(ledger)
    .where(and(eq(ledger.userId, userId), gte(ledger.createdAt, since)))
    .groupBy(sql`1`);
  const count = new Map(rows.map((r) => [r.month, r.n]));
  return months.map((month) => ({ month, movements: count.get(month) ?? 0 }));
}
