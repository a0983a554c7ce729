import { eq, sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "../../auth/password";
import type { Db } from "../../db";
import { users } from "../../db/schema";

/** Changes the password after checking the current one; bumps the session version so other sessions end. */
export async function changePassword(db: Db, userId: string, current: string, next: string): Promise<{ ok: boolean; sessionVersion?: number }> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current))) return { ok: false };
  const [updated] = await db
    .update(users)
    .set({ passwordHash: await hashPassword(next), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  return { ok: true, sessionVersion: updated!.sessionVersion };
}
