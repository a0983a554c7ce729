"use server";

import { z } from "zod";
import { getLocale } from "@/components/i18n/server";
import { assertSignupAllowed } from "@/server/auth/login-guard";
import { requestIp } from "@/server/auth/request-info";
import { getDb } from "@/server/db";
import { publicUrl } from "@/server/core/public-url";
import { requestPasswordReset } from "@/server/services/accounts/password-reset";
import { TooManyAttemptsError } from "@/server/store/attempt-counter";

export type ForgotState = { status: "idle" | "sent" } | { status: "error"; error: "badEmail" | "tooMany" };

export async function forgotAction(_prev: ForgotState, form: FormData): Promise<ForgotState> {
  const email = z.email().safeParse(form.get("email"));
  if (!email.success) return { status: "error", error: "badEmail" };
  try {
    // Reset mails share the per-IP budget of sign-ups, so the form cannot be used to flood a mailbox.
    await assertSignupAllowed(await requestIp());
  } catch (err) {
    if (err instanceof TooManyAttemptsError) return { status: "error", error: "tooMany" };
    throw err;
  }
  await requestPasswordReset(await getDb(), email.data, await getLocale(), publicUrl());
  return { status: "sent" };
}
