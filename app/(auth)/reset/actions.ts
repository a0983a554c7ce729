"use server";

import { requestSource } from "@/server/auth/request-info";
import { getDb } from "@/server/db";
import { passwordSchema } from "@/server/core/password/rules";
import { resetPassword } from "@/server/services/accounts/password-reset";

export type ResetState = { status: "idle" | "done" } | { status: "error"; error: "badPassword" | "commonPassword" | "resetFailed" };

export async function resetAction(_prev: ResetState, form: FormData): Promise<ResetState> {
  const password = passwordSchema.safeParse(form.get("password"));
  if (!password.success) return { status: "error", error: password.error.issues[0]?.message === "common" ? "commonPassword" : "badPassword" };
  const ok = await resetPassword(await getDb(), String(form.get("token") ?? ""), password.data, await requestSource());
  return ok ? { status: "done" } : { status: "error", error: "resetFailed" };
}
