import { issueToken } from "../../auth/one-time-token";
import type { Db } from "../../db";
import { sendMail } from "../mail/send-mail";
import { createUser } from "../users/create-user";
import { verificationMail } from "./mails";

export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;

/** Creates an unverified account and mails the one-time verification link. */
export async function signUp(db: Db, input: { email: string; password: string; name?: string; locale: "ru" | "en"; origin: string }) {
  const user = await createUser(db, { email: input.email, password: input.password, name: input.name });
  await sendVerification(db, user.email, input.locale, input.origin);
  return user;
}

export async function sendVerification(db: Db, email: string, locale: "ru" | "en", origin: string) {
  const token = await issueToken(db, "verify-email", email, VERIFY_TTL_MS);
  await sendMail(db, verificationMail(email, `${origin}/verify?token=${token}`, locale));
}
