"use client";

import Link from "next/link";
import { useActionState } from "react";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { authMessages } from "../messages";
import { signupAction, type SignupState } from "./actions";

export function SignupForm() {
  const m = useMessages(authMessages);
  const [state, action, pending] = useActionState<SignupState, FormData>(signupAction, { status: "idle" });
  if (state.status === "sent")
    return (
      <Alert tone="success" testId="signup-sent">
        {format(m.checkMail, { email: state.email })}
        {state.outbox ? (
          <>
            {" "}
            {m.demoOutbox}{" "}
            <Link href="/dev/outbox" className="underline" data-testid="signup-outbox">
              {m.outbox}
            </Link>
            .
          </>
        ) : null}
      </Alert>
    );
  const entered = state.status === "error" ? state.entered : undefined;
  return (
    <form action={action} className="flex flex-col gap-4" data-testid="signup-form">
      {state.status === "error" ? (
        <Alert tone="error" testId="signup-error">
          {format(m[state.error as keyof typeof m] ?? m.invalid, { minutes: state.minutes ?? 15 })}
        </Alert>
      ) : null}
      <Field label={m.email} id="email" type="email" autoComplete="email" required defaultValue={entered?.email} />
      <NewPasswordField label={m.password} />
      <Field label={m.name} id="name" autoComplete="name" defaultValue={entered?.name} />
      <Button type="submit" disabled={pending}>
        {m.create}
      </Button>
      <p className="text-sm">
        {m.haveAccount}{" "}
        <Link href="/login" className="text-indigo-600 underline dark:text-indigo-400">
          {m.login}
        </Link>
      </p>
    </form>
  );
}
