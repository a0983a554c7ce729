import { and, eq, isNull } from "drizzle-orm";
import { consumeToken } from "../../auth/one-time-token";
import type { Db } from "../../db";
import { users } from "../../db/schema";

/** Marks the email verified; false for an unknown, used or expired link. */
export async function verifyEmail(db: Db, token: string): Promise<boolean> {
  const email = await consumeToken(db, "verify-email", token);
  if (!email) return false;
  await db
    .update(users)
    .set({ emailVerified: new Date() })
    .where(and(eq(users.email, email), isNull(users.emailVerified)));
  return true;
}
