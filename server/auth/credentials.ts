import type { User } from "next-auth";
import { getDb } from "../db";
import type { RequestSource } from "../services/audit/kinds";
import { recordAuditEvent } from "../services/audit/record-event";
import { normalizeEmail } from "../services/users/create-user";
import { findUserByEmail } from "../services/users/find-user-by-email";
import { getStore } from "../store";
import { TooManyAttemptsError } from "../store/attempt-counter";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./login-guard";
import { verifyPasswordOrStandIn } from "./password";
import { recordSignInFailure, recordSignInSuccess } from "./sign-in-events";

/**
 * Email and password login. The errors are the codes the login page shows: `invalid`, `invalid:last` (one more
 * wrong password starts the waits), `locked:<seconds>`,
 * `disabled`, `unverified`; the last two only after the right password, so they reveal nothing to a guesser.
 */
export async function authorizeCredentials(email: string, password: string, ip: string, source: RequestSource): Promise<User> {
  const normalized = normalizeEmail(email);
  const db = await getDb();
  try {
    await assertLoginAllowed(ip, normalized);
  } catch (err) {
    if (!(err instanceof TooManyAttemptsError)) throw err;
    const locked = await findUserByEmail(db, normalized);
    // One event per lock, however often the locked pair knocks.
    const first = await getStore().setIfAbsent(`audit:locked:${normalized}:${ip}`, "1", err.retryAfterSeconds * 1000);
    if (locked && first) await recordAuditEvent(db, { kind: "sign_in.locked", userId: locked.id, source, data: { retryAfterSeconds: err.retryAfterSeconds } });
    throw new Error(`locked:${err.retryAfterSeconds}`);
  }
  const found = await findUserByEmail(db, normalized);
  // An organization's wallet is no one's login: it answers exactly as an unknown address.
  const user = found?.kind === "person" ? found : undefined;
  if (!(await verifyPasswordOrStandIn(user?.passwordHash, password)) || !user) {
    const left = await recordLoginFailure(ip, normalized);
    if (user) await recordSignInFailure(db, user.id, "wrong_password", source);
    else await recordAuditEvent(db, { kind: "sign_in.failed", userId: null, subject: normalized, source, data: { reason: "unknown_account" } });
    throw new Error(left === 1 ? "invalid:last" : "invalid");
  }
  if (user.disabledAt || !user.emailVerified) {
    const reason = user.disabledAt ? "disabled" : "unverified";
    await recordSignInFailure(db, user.id, reason, source);
    throw new Error(reason);
  }
  await recordLoginSuccess(ip, normalized);
  await recordSignInSuccess(db, user.id, "password", source);
  return { id: user.id, email: user.email, name: user.name };
}
