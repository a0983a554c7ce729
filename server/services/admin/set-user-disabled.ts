import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { users } from "../../db/schema";

/**
 * Disables or re-enables a user. A disabled user's sessions end at their next request and their keys stop
 * working within the key cache lifetime. Returns false when the user does not exist.
 */
export async function setUserDisabled(db: Db, userId: string, disabled: boolean): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({ disabledAt: disabled ? new Date() : null })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return updated.length > 0;
}
