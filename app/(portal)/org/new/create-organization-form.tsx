"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { chooseAccount, rememberAccount } from "@/components/layout/choose-account";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { format } from "@/server/core/locale";
import { orgErrorText, orgMessages } from "../messages";

/** Creates an organization with the user's acceptance of the offer version shown (recorded with it), and opens its page. */
export function CreateOrganizationForm({ offerVersion }: { offerVersion: number }) {
  const m = useMessages(orgMessages);
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [accepted, setAccepted] = useState(false);
  const [error, setError] = useState<string>();
  const create = useMutation(
    trpc.org.create.mutationOptions({
      onSuccess: (org) => {
        rememberAccount(org.id);
        chooseAccount(org.id, "/org");
      },
      onError: (err) => setError(orgErrorText(m, err.message)),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!accepted) return setError(m.err_offer);
    setError(undefined);
    create.mutate({ name: name.trim(), offerVersion });
  };
  return (
    <Card>
      <form onSubmit={submit} className="flex flex-col gap-4" data-testid="org-create-form">
        <Field id="org-name" label={m.name} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} data-testid="org-create-name" />
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={accepted} onChange={(e) => {
              setAccepted(e.target.checked);
              setError(undefined);
            }}
            data-testid="org-create-offer" />
          <span>
            {m.acceptOffer}{" "}
            <a href="/offer" target="_blank" className="text-indigo-700 underline dark:text-indigo-300">
              {m.offerLink}
            </a>{" "}
            <span className="text-slate-500">{format(m.offerVersion, { version: offerVersion })}</span>
          </span>
        </label>
        {error ? (
          <Alert tone="error" testId="org-create-error">
            {error}
          </Alert>
        ) : null}
        <div>
          <Button type="submit" disabled={create.isPending} data-testid="org-create-submit">
            {m.create}
          </Button>
        </div>
      </form>
    </Card>
  );
}
