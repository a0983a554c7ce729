"use client";

import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { accountMessages } from "./messages";

export function AccountForms() {
  const m = useMessages(accountMessages);
  const router = useRouter();
  const leave = async (to: string) => {
    await signOut({ redirect: false });
    router.push(to);
    router.refresh();
  };
  const passwordProblem = (error: string) =>
    error === "wrong_password" ? m.wrongPassword : error === "too_many_attempts" ? m.tooManyAttempts : undefined;
  const trpc = useTRPC();
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setNotice({ tone: "success", text: m.changed });
        setTimeout(() => void leave("/login"), 1500);
      },
      onError: (err) => setNotice({ tone: "error", text: passwordProblem(err.message) ?? m.tooShort }),
    }),
  );
  const remove = useMutation(
    trpc.account.delete.mutationOptions({
      onSuccess: () => void leave("/"),
      onError: (err) => setNotice({ tone: "error", text: passwordProblem(err.message) ?? m.wrongPassword }),
    }),
  );

  const onChange = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    change.mutate({ current: String(form.get("current")), next: String(form.get("next")) });
  };
  const onDelete = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    remove.mutate({ password: String(new FormData(e.currentTarget).get("confirm")) });
  };

  return (
    <div className="flex flex-col gap-4">
      {notice ? <Alert tone={notice.tone} testId="account-notice">{notice.text}</Alert> : null}
      <Card title={m.changePassword}>
        <form onSubmit={onChange} className="flex flex-col gap-3" data-testid="change-password-form">
          <Field label={m.current} id="current" type="password" autoComplete="current-password" required />
          <NewPasswordField label={m.next} id="next" />
          <Button type="submit" disabled={change.isPending} className="self-start">
            {m.save}
          </Button>
        </form>
      </Card>
      <Card title={m.deleteTitle}>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.deleteLead}</p>
        <form onSubmit={onDelete} className="flex flex-col gap-3">
          <Field label={m.confirmPassword} id="confirm" type="password" autoComplete="current-password" required />
          <Button type="submit" variant="danger" disabled={remove.isPending} className="self-start">
            {m.delete}
          </Button>
        </form>
      </Card>
    </div>
  );
}
