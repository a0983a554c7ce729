import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { accounts } from "../../db/schema";

/** The sign-in providers linked to the user's account. */
export async function listLinkedProviders(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ provider: accounts.provider }).from(accounts).where(eq(accounts.userId, userId));
  return rows.map((row) => row.provider);
}
