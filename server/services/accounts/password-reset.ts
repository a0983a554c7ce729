import { and, eq, sql } from "drizzle-orm";
import { consumeToken, issueToken } from "../../auth/one-time-token";
import { hashPassword } from "../../auth/password";
import type { Db } from "../../db";
import { users } from "../../db/schema";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { sendMail } from "../mail/send-mail";
import { findUserByEmail } from "../users/find-user-by-email";
import { resetMail } from "./mails";

const RESET_TTL_MS = 60 * 60 * 1000;

/** Mails a reset link when the account exists; says nothing either way (no account enumeration). */
export async function requestPasswordReset(db: Db, email: string, locale: "ru" | "en", origin: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  // An organization's wallet row has an address no one owns and never signs in: answered like an unknown address.
  if (!user || user.disabledAt || user.kind !== "person") return;
  const token = await issueToken(db, "reset-password", user.email, RESET_TTL_MS);
  await sendMail(db, resetMail(user.email, `${origin}/reset?token=${token}`, locale));
}

/** Sets a new password from a reset link; ends every session. The link proves the mailbox, so it verifies it too. */
export async function resetPassword(db: Db, token: string, password: string, source?: RequestSource): Promise<boolean> {
  const email = await consumeToken(db, "reset-password", token);
  if (!email) return false;
  const [user] = await db
    .update(users)
    .set({
      passwordHash: await hashPassword(password),
      sessionVersion: sql`${users.sessionVersion} + 1`,
      emailVerified: sql`coalesce(${users.emailVerified}, now())`,
    })
    .where(and(eq(users.email, email), eq(users.kind, "person")))
    .returning({ id: users.id });
  if (!user) return false;
  await recordAuditEvent(db, { kind: "password.reset", userId: user.id, source });
  return true;
}
