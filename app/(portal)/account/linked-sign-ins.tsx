"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { providerName } from "@/components/auth/provider-names";
import { useMessages } from "@/components/i18n/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requestLinkAction } from "./actions";
import { accountMessages } from "./messages";

/** Linking Yandex ID or GitHub from a signed-in session: the only way a provider without a verified email gets in. */
export function LinkedSignIns({ providers, linked, error }: { providers: string[]; linked: string[]; error?: string }) {
  const m = useMessages(accountMessages);
  const [pending, setPending] = useState(false);
  const link = async (provider: string) => {
    setPending(true);
    await requestLinkAction(provider);
    await signIn(provider, { callbackUrl: "/account" });
  };
  return (
    <Card title={m.linkTitle}>
      <div className="flex flex-col gap-3" data-testid="linked-sign-ins">
        <p className="text-sm text-slate-600 dark:text-slate-400">{m.linkLead}</p>
        {error ? (
          <Alert tone="error" testId="link-error">
            {error === "link_taken" ? m.linkTaken : m.linkFailed}
          </Alert>
        ) : null}
        {providers.map((provider) => (
          <div key={provider} className="flex items-center justify-between text-sm">
            <span>{providerName(provider)}</span>
            {linked.includes(provider) ? (
              <span data-testid={`linked-${provider}`}>{m.linked}</span>
            ) : (
              <Button variant="secondary" disabled={pending} onClick={() => void link(provider)} data-testid={`link-${provider}`}>
                {m.link}
              </Button>
            )}
          </div>
        ))}
      </div>
    </Card>
  );
}
