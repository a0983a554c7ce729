"use client";

import { useActionState } from "react";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { authMessages } from "../messages";
import { forgotAction, type ForgotState } from "./actions";

export function ForgotForm() {
  const m = useMessages(authMessages);
  const [state, action, pending] = useActionState<ForgotState, FormData>(forgotAction, { status: "idle" });
  if (state.status === "sent") return <Alert tone="success" testId="forgot-sent">{m.forgotSent}</Alert>;
  return (
    <form action={action} className="flex flex-col gap-4">
      {state.status === "error" ? <Alert tone="error">{format(m[state.error], { minutes: 60 })}</Alert> : null}
      <Field label={m.email} id="email" type="email" autoComplete="email" required />
      <Button type="submit" disabled={pending}>
        {m.send}
      </Button>
    </form>
  );
}
