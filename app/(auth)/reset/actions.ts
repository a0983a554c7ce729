"use server";

import { z } from "zod";
import { requestSource } from "@/server/auth/request-info";
import { getDb } from "@/server/db";
import { resetPassword } from "@/server/services/accounts/password-reset";

export type ResetState = { status: "idle" | "done" } | { status: "error"; error: "badPassword" | "resetFailed" };

export async function resetAction(_prev: ResetState, form: FormData): Promise<ResetState> {
  const password = z.string().min(8).max(200).safeParse(form.get("password"));
  if (!password.success) return { status: "error", error: "badPassword" };
  const ok = await resetPassword(await getDb(), String(form.get("token") ?? ""), password.data, await requestSource());
  return ok ? { status: "done" } : { status: "error", error: "resetFailed" };
}
