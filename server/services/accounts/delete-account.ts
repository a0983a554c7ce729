import { eq } from "drizzle-orm";
import { verifyPassword } from "../../auth/password";
import type { Db } from "../../db";
import { users } from "../../db/schema";

/** Deletes the account and, by cascade, its keys, sessions and history, after the password is confirmed. */
export async function deleteAccount(db: Db, userId: string, password: string): Promise<boolean> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) return false;
  await db.delete(users).where(eq(users.id, userId));
  return true;
}
