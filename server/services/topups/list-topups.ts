import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { topups } from "../../db/schema";
import { toView, type TopupView } from "./deps";

/** The user's top-ups, newest first (payment history on the billing page). */
export async function listTopups(db: Db, userId: string, options: { limit?: number } = {}): Promise<TopupView[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const rows = await db
    .select()
    .from(topups)
    .where(eq(topups.userId, userId))
    .orderBy(desc(topups.createdAt), desc(topups.id))
    .limit(limit);
  return rows.map(toView);
}
