import { and, eq, isNull } from "drizzle-orm";
import { consumeToken } from "../../auth/one-time-token";
import type { Db } from "../../db";
import { users } from "../../db/schema";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";

/** Marks the email verified; false for an unknown, used or expired link. */
export async function verifyEmail(db: Db, token: string, source?: RequestSource): Promise<boolean> {
  const email = await consumeToken(db, "verify-email", token);
  if (!email) return false;
  const [user] = await db
    .update(users)
    .set({ emailVerified: new Date() })
    .where(and(eq(users.email, email), isNull(users.emailVerified)))
    .returning({ id: users.id });
  if (user) await recordAuditEvent(db, { kind: "email.verified", userId: user.id, source });
  return true;
}
