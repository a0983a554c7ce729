"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { providerName } from "@/components/auth/provider-names";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { sameOriginPath } from "@/server/net/same-origin-path";
import { authMessages } from "../messages";

type Problem = { key: "invalid" | "lastAttempt" | "unverified" | "locked" | "lockedSeconds" | "disabled" | "link_required" | "oauthFailed"; wait?: number };

/** next-auth reports the error thrown by authorize(); `locked:<seconds>` carries the wait. */
function toProblem(error: string): Problem {
  if (error.startsWith("locked:")) {
    const seconds = Number(error.slice(7));
    return seconds < 60 ? { key: "lockedSeconds", wait: seconds } : { key: "locked", wait: Math.ceil(seconds / 60) };
  }
  if (error === "unverified" || error === "disabled") return { key: error };
  if (error === "invalid:last") return { key: "lastAttempt" };
  return { key: "invalid" };
}

/** A provider sign-in comes back as /login?error=…: our refusals by name, next-auth's own as one message. */
function oauthProblem(error: string | null): Problem | undefined {
  if (!error) return undefined;
  return error === "link_required" || error === "disabled" ? { key: error } : { key: "oauthFailed" };
}

export function LoginForm({ oauthProviders }: { oauthProviders: string[] }) {
  const m = useMessages(authMessages);
  const router = useRouter();
  const params = useSearchParams();
  const next = params.get("next");
  const [problem, setProblem] = useState<Problem | undefined>(() => oauthProblem(params.get("error")));
  const [pending, setPending] = useState(false);
  // Read when used, in the browser: `next` is judged against the origin this page was loaded from.
  const target = () => sameOriginPath(next, window.location.origin) ?? "/dashboard";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setPending(false);
    if (result?.error) return setProblem(toProblem(result.error));
    router.push(target());
    router.refresh();
  }

  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" data-testid="login-form">
      {problem ? (
        <Alert tone="error" testId="login-error">
          {format(m[problem.key], { minutes: problem.wait ?? 15, seconds: problem.wait ?? 1 })}
        </Alert>
      ) : null}
      <Field label={m.email} id="email" type="email" autoComplete="email" required />
      <Field label={m.password} id="password" type="password" autoComplete="current-password" required />
      <Button type="submit" disabled={pending}>
        {m.login}
      </Button>
      {oauthProviders.map((provider) => (
        <Button key={provider} type="button" variant="secondary" onClick={() => void signIn(provider, { callbackUrl: target() })}>
          {format(m.oauth, { provider: providerName(provider) })}
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
