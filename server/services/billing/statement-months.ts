import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { ledger, users } from "../../db/schema";
import { lastMonths, monthOf, monthRange, STATEMENT_ZONE } from "./statement-period";

export interface StatementMonth {
  /** YYYY-MM (Moscow time). */
  month: string;
  /** How many ledger rows the user has in that month (0: the statement only shows the balance carried). */
  movements: number;
}

/**
 * The months of the last 12 the user can download statements for, the current one first: none before the account
 * was created (nor before its first ledger row, for rows booked with an earlier date, e.g. imported history).
 */
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
  const [user] = await db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, userId));
  const first = [user ? monthOf(user.createdAt) : months[0]!, ...rows.map((r) => r.month)].sort()[0]!;
  const count = new Map(rows.map((r) => [r.month, r.n]));
  return months.filter((month) => month >= first).map((month) => ({ month, movements: count.get(month) ?? 0 }));
}
