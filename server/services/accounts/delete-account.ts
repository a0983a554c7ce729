import { eq } from "drizzle-orm";
import { verifyPassword } from "../../auth/password";
import type { Db } from "../../db";
import { requests, users } from "../../db/schema";

/**
 * Deletes the account, after the password is confirmed: its request log (which has no foreign key) and, by
 * cascade, its keys, sessions and the rest of its history.
 */
export async function deleteAccount(db: Db, userId: string, password: string): Promise<boolean> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) return false;
  await db.transaction(async (tx) => {
    await tx.delete(requests).where(eq(requests.userId, userId));
    await tx.delete(users).where(eq(users.id, userId));
  });
  return true;
}
