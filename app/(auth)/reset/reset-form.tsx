"use client";

import Link from "next/link";
import { useActionState } from "react";
import { useMessages } from "@/components/i18n/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { authMessages } from "../messages";
import { resetAction, type ResetState } from "./actions";

export function ResetForm({ token }: { token: string }) {
  const m = useMessages(authMessages);
  const [state, action, pending] = useActionState<ResetState, FormData>(resetAction, { status: "idle" });
  if (state.status === "done")
    return (
      <Alert tone="success" testId="reset-done">
        {m.resetDone}{" "}
        <Link href="/login" className="underline">
          {m.login}
        </Link>
      </Alert>
    );
  return (
    <form action={action} className="flex flex-col gap-4">
      {state.status === "error" ? <Alert tone="error" testId="reset-error">{m[state.error]}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <NewPasswordField label={m.newPassword} />
      <Button type="submit" disabled={pending}>
        {m.save}
      </Button>
    </form>
  );
}
