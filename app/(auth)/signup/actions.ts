"use server";

import { z } from "zod";
import { assertSignupAllowed } from "@/server/auth/login-guard";
import { requestIp } from "@/server/auth/request-info";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { publicUrl } from "@/server/core/public-url";
import { signUp } from "@/server/services/accounts/sign-up";
import { TooManyAttemptsError } from "@/server/store/attempt-counter";
import { getLocale } from "@/components/i18n/server";
import { getRuntime } from "@/server/runtime";
import { passwordSchema } from "@/server/core/password/rules";

export type SignupState = { status: "idle" } | { status: "sent"; email: string; outbox: boolean } | { status: "error"; error: string; minutes?: number; entered: Entered };
/** What the person typed besides the password, given back so a refused form keeps it (a form action resets the form). */
type Entered = { email: string; name: string };

const schema = z.object({
  email: z.email().max(254),
  password: passwordSchema,
  name: z.string().max(100).optional(),
});

export async function signupAction(_prev: SignupState, form: FormData): Promise<SignupState> {
  const parsed = schema.safeParse({
    email: form.get("email"),
    password: form.get("password"),
    name: form.get("name") || undefined,
  });
  const entered: Entered = { email: String(form.get("email") ?? "").slice(0, 254), name: String(form.get("name") ?? "").slice(0, 100) };
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const error = issue.path[0] === "email" ? "badEmail" : issue.message === "common" ? "commonPassword" : "badPassword";
    return { status: "error", error, entered };
  }
  try {
    await assertSignupAllowed(await requestIp());
    const { demo } = await getRuntime();
    await signUp(await getDb(), {
      ...parsed.data,
      locale: await getLocale(),
      origin: publicUrl(),
      welcomeCredit: demo,
    });
    // Without SMTP the mail waits in the dev outbox, which the outbox page serves in demo mode and development.
    const config = getConfig();
    return { status: "sent", email: parsed.data.email, outbox: !config.SMTP_URL && (demo || config.NODE_ENV === "development") };
  } catch (err) {
    if (err instanceof TooManyAttemptsError) return { status: "error", error: "tooMany", minutes: Math.ceil(err.retryAfterSeconds / 60), entered };
    throw err;
  }
}
