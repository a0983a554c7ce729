import { issueToken } from "../../auth/one-time-token";
import type { Db } from "../../db";
import { addCredits } from "../credits/add-credits";
import { sendMail } from "../mail/send-mail";
import { createUser } from "../users/create-user";
import { verificationMail } from "./mails";

export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Creates an unverified account and mails the one-time verification link. `welcomeCreditMicro` (demo mode)
 * credits the new account so the playground works at once.
 */
export async function signUp(
  db: Db,
  input: { email: string; password: string; name?: string; locale: "ru" | "en"; origin: string; welcomeCreditMicro?: number },
) {
  const user = await createUser(db, { email: input.email, password: input.password, name: input.name });
  if (input.welcomeCreditMicro)
    await addCredits(db, { userId: user.id, amountMicro: input.welcomeCreditMicro, kind: "promo", reference: `welcome:${user.id}`, note: "demo credit" });
  await sendVerification(db, user.email, input.locale, input.origin);
  return user;
}

export async function sendVerification(db: Db, email: string, locale: "ru" | "en", origin: string) {
  const token = await issueToken(db, "verify-email", email, VERIFY_TTL_MS);
  await sendMail(db, verificationMail(email, `${origin}/verify?token=${token}`, locale));
}
