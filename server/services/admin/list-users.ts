import { and, count, desc, eq, ilike, lt, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, users } from "../../db/schema";

/** People for the admin area (not organizations' wallets), newest first, optionally filtered by an email fragment. */
export async function listUsers(db: Db, input: { search?: string; before?: Date; limit: number }) {
  const keyCount = db
    .select({ userId: apiKeys.userId, n: count().as("n") })
    .from(apiKeys)
    .groupBy(apiKeys.userId)
    .as("key_count");
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      balanceMicro: users.balanceMicro,
      emailVerified: users.emailVerified,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      keys: sql<number>`coalesce(${keyCount.n}, 0)`.mapWith(Number),
    })
    .from(users)
    .leftJoin(keyCount, eq(keyCount.userId, users.id))
    .where(
      and(
        eq(users.kind, "person"),
        input.search ? ilike(users.email, `%${input.search.replace(/[%_\\]/g, "\\$&")}%`) : undefined,
        input.before ? lt(users.createdAt, input.before) : undefined,
      ),
    )
    .orderBy(desc(users.createdAt))
    .limit(input.limit + 1);
  return { users: rows.slice(0, input.limit), nextBefore: rows.length > input.limit ? rows[input.limit - 1]!.createdAt : undefined };
}
