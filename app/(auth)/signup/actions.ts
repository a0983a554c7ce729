"use server";

import { z } from "zod";
import { assertSignupAllowed } from "@/server/auth/login-guard";
import { requestIp } from "@/server/auth/request-info";
import { getDb } from "@/server/db";
import { publicUrl } from "@/server/core/public-url";
import { signUp } from "@/server/services/accounts/sign-up";
import { TooManyAttemptsError } from "@/server/store/attempt-counter";
import { getLocale } from "@/components/i18n/server";
import { getRuntime } from "@/server/runtime";

/** In demo mode a new account gets 100 RUB so the playground answers at once. */
const DEMO_WELCOME_CREDIT_MICRO = 100_000_000;

export type SignupState = { status: "idle" } | { status: "sent"; email: string } | { status: "error"; error: string; minutes?: number };

const schema = z.object({
  email: z.email().max(254),
  password: z.string().min(8).max(200),
  name: z.string().max(100).optional(),
});

export async function signupAction(_prev: SignupState, form: FormData): Promise<SignupState> {
  const parsed = schema.safeParse({
    email: form.get("email"),
    password: form.get("password"),
    name: form.get("name") || undefined,
  });
  if (!parsed.success) return { status: "error", error: parsed.error.issues[0]!.path[0] === "email" ? "badEmail" : "badPassword" };
  try {
    await assertSignupAllowed(await requestIp());
    const { demo } = await getRuntime();
    await signUp(await getDb(), {
      ...parsed.data,
      locale: await getLocale(),
      origin: publicUrl(),
      welcomeCreditMicro: demo ? DEMO_WELCOME_CREDIT_MICRO : undefined,
    });
    return { status: "sent", email: parsed.data.email };
  } catch (err) {
    if (err instanceof TooManyAttemptsError) return { status: "error", error: "tooMany", minutes: Math.ceil(err.retryAfterSeconds / 60) };
    throw err;
  }
}
