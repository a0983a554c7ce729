"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/components/i18n/locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { authMessages } from "../messages";

type Problem = { key: "invalid" | "unverified" | "locked" | "disabled"; minutes?: number };

/** next-auth reports the error thrown by authorize(); `locked:<seconds>` carries the lockout time. */
function toProblem(error: string): Problem {
  if (error.startsWith("locked:")) return { key: "locked", minutes: Math.ceil(Number(error.slice(7)) / 60) };
  if (error === "unverified" || error === "disabled") return { key: error };
  return { key: "invalid" };
}

export function LoginForm({ oauthProviders }: { oauthProviders: string[] }) {
  const m = useMessages(authMessages);
  const router = useRouter();
  const next = useSearchParams().get("next");
  const [problem, setProblem] = useState<Problem>();
  const [pending, setPending] = useState(false);
  const target = next?.startsWith("/") && !next.startsWith("//") ? next : "/keys";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setPending(false);
    if (result?.error) return setProblem(toProblem(result.error));
    router.push(target);
    router.refresh();
  }

  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" data-testid="login-form">
      {problem ? (
        <Alert tone="error" testId="login-error">
          {format(m[problem.key], { minutes: problem.minutes ?? 15 })}
        </Alert>
      ) : null}
      <Field label={m.email} id="email" type="email" autoComplete="email" required />
      <Field label={m.password} id="password" type="password" autoComplete="current-password" required />
      <Button type="submit" disabled={pending}>
        {m.login}
      </Button>
      {oauthProviders.map((provider) => (
        <Button key={provider} type="button" variant="secondary" onClick={() => void signIn(provider, { callbackUrl: target })}>
          {format(m.oauth, { provider: provider === "yandex" ? "Яндекс ID" : "GitHub" })}
        </Button>
      ))}
      <div className="flex justify-between text-sm">
        <Link href="/forgot" className="text-indigo-600 underline dark:text-indigo-400">
          {m.forgot}
        </Link>
        <span>
          {m.noAccount}{" "}
          <Link href="/signup" className="text-indigo-600 underline dark:text-indigo-400">
            {m.signupTitle}
          </Link>
        </span>
      </div>
    </form>
  );
}
