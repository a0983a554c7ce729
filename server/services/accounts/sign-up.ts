import { issueToken } from "../../auth/one-time-token";
import { hashPassword } from "../../auth/password";
import type { Db } from "../../db";
import { getStore } from "../../store";
import { sendMail } from "../mail/send-mail";
import { createUser } from "../users/create-user";
import { findUserByEmail } from "../users/find-user-by-email";
import { signUpAttemptMail, verificationMail } from "./mails";
import { grantWelcomeCredit } from "./welcome-credit";

export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;
const ATTEMPT_MAIL_EVERY_MS = 60 * 60 * 1000;

interface SignUpInput {
  email: string;
  password: string;
  name?: string;
  locale: "ru" | "en";
  origin: string;
  /** Demo mode: the new account gets the demo credit. */
  welcomeCredit?: boolean;
}

/**
 * Creates an unverified account and mails the one-time verification link. `welcomeCredit` (demo mode)
 * credits the new account so the playground works at once. A taken address gets the same answer (nothing
 * thrown, nothing returned): the mail goes to its owner instead, so the page never tells who has an account.
 */
export async function signUp(db: Db, input: SignUpInput): Promise<void> {
  const owner = await findUserByEmail(db, input.email);
  if (owner) return tellOwnerOfSignUpAttempt(db, owner, input);
  const user = await createUser(db, { email: input.email, password: input.password, name: input.name });
  if (input.welcomeCredit) await grantWelcomeCredit(db, user.id);
  await sendVerification(db, user.email, input.locale, input.origin);
}

/** Hashes the offered password anyway, so a taken address answers as slowly as a new one; one mail an hour at most. */
async function tellOwnerOfSignUpAttempt(
  db: Db,
  owner: { email: string; locale: "ru" | "en" | null; disabledAt: Date | null },
  input: SignUpInput,
): Promise<void> {
  await hashPassword(input.password);
  if (owner.disabledAt) return;
  if (!(await getStore().setIfAbsent(`signup-attempt-mail:${owner.email}`, "1", ATTEMPT_MAIL_EVERY_MS))) return;
  await sendMail(db, signUpAttemptMail(owner.email, input.origin, owner.locale ?? input.locale));
}

export async function sendVerification(db: Db, email: string, locale: "ru" | "en", origin: string) {
  const token = await issueToken(db, "verify-email", email, VERIFY_TTL_MS);
  await sendMail(db, verificationMail(email, `${origin}/verify?token=${token}`, locale));
}
