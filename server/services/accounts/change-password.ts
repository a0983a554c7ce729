import { eq, sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "../../auth/password";
import type { Db } from "../../db";
import { users } from "../../db/schema";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";

/** Changes the password after checking the current one; bumps the session version so other sessions end. */
export async function changePassword(
  db: Db,
  userId: string,
  current: string,
  next: string,
  source?: RequestSource,
): Promise<{ ok: boolean; sessionVersion?: number }> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current))) return { ok: false };
  const passwordHash = await hashPassword(next);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId))
      .returning({ sessionVersion: users.sessionVersion });
    await recordAuditEvent(tx, { kind: "password.changed", userId, source });
    return { ok: true, sessionVersion: updated!.sessionVersion };
  });
}
