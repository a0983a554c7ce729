import { eq, sql } from "drizzle-orm";
import type { Db } from "../db";
import { ledger, users } from "../db/schema";

/** A user's balance with everything ever credited and charged. */
export async function creditsSummary(db: Db, userId: string) {
  const [row] = await db
    .select({
      balance: users.balanceMicro,
      credited: sql`coalesce(sum(${ledger.amountMicro}) filter (where ${ledger.amountMicro} > 0), 0)`.mapWith(Number),
      charged: sql`coalesce(-sum(${ledger.amountMicro}) filter (where ${ledger.amountMicro} < 0), 0)`.mapWith(Number),
    })
    .from(users)
    .leftJoin(ledger, eq(ledger.userId, users.id))
    .where(eq(users.id, userId))
    .groupBy(users.id);
  return row;
}
