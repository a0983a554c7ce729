"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useDateTime } from "@/components/format/time-zone";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { formatRub } from "@/server/core/format/rub";
import { appsMessages } from "./messages";

type Secret = { clientId: string; clientSecret: string };

export function AppsManager() {
  const m = useMessages(appsMessages);
  const locale = useLocale();
  const when = useDateTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const apps = useQuery(trpc.apps.list.queryOptions());
  const grants = useQuery(trpc.apps.grants.queryOptions());
  const [error, setError] = useState<string>();
  const [secret, setSecret] = useState<Secret>();
  const [registered, setRegistered] = useState<string>();
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.apps.list.queryFilter());
    void queryClient.invalidateQueries(trpc.apps.grants.queryFilter());
  };

  const register = useMutation(
    trpc.apps.register.mutationOptions({
      onSuccess: (result, _vars) => {
        setError(undefined);
        setRegistered(result.client.clientId);
        setSecret(result.clientSecret ? { clientId: result.client.clientId, clientSecret: result.clientSecret } : undefined);
        refresh();
      },
      onError: (err) => setError(err.message),
    }),
  );
  const rotate = useMutation(
    trpc.apps.rotateSecret.mutationOptions({
      onSuccess: (result, vars) => setSecret({ clientId: vars.clientId, clientSecret: result.clientSecret }),
      onError: (err) => setError(err.message),
    }),
  );
  const remove = useMutation(trpc.apps.remove.mutationOptions({ onSuccess: refresh, onError: (err) => setError(err.message) }));
  const revoke = useMutation(trpc.apps.revokeGrant.mutationOptions({ onSuccess: refresh, onError: (err) => setError(err.message) }));

  const onRegister = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    register.mutate({
      name: String(form.get("appName") ?? ""),
      logoUrl: String(form.get("logoUrl") ?? "") || undefined,
      homepageUrl: String(form.get("homepageUrl") ?? "") || undefined,
      redirectUris: String(form.get("redirectUris") ?? "")
        .split(/\s+/)
        .filter(Boolean),
      type: form.get("type") === "confidential" ? "confidential" : "public",
    });
  };

  return (
    <div className="flex flex-col gap-4">
      {error ? <Alert tone="error" testId="apps-error">{error}</Alert> : null}
      {secret ? (
        <Alert tone="warning" testId="apps-secret">
          <p className="font-medium">{m.secretTitle}</p>
          <p>{m.secretOnce}</p>
          <code className="mt-1 block break-all font-mono" data-testid="apps-secret-value">
            {secret.clientSecret}
          </code>
        </Alert>
      ) : null}
      <Card title={m.registerTitle}>
        <form onSubmit={onRegister} className="flex flex-col gap-3" data-testid="apps-register-form">
          <Field label={m.name} id="appName" required maxLength={100} />
          <Field label={m.logoUrl} id="logoUrl" type="url" placeholder="https://" />
          <Field label={m.homepageUrl} id="homepageUrl" type="url" placeholder="https://" />
          <div className="flex flex-col gap-1">
            <label htmlFor="redirectUris" className="text-sm font-medium">
              {m.redirectUris}
            </label>
            <textarea id="redirectUris" name="redirectUris" required rows={3} className={`${inputClass} font-mono`} placeholder="https://app.example.com/callback" />
            <p className="text-xs text-slate-500 dark:text-slate-400">{m.redirectHint}</p>
          </div>
          <fieldset className="flex flex-col gap-1 text-sm">
            <legend className="mb-1 font-medium">{m.type}</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="type" value="public" defaultChecked /> {m.typePublic}
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="type" value="confidential" /> {m.typeConfidential}
            </label>
          </fieldset>
          <Button type="submit" disabled={register.isPending} className="self-start" data-testid="apps-register">
            {m.register}
          </Button>
        </form>
      </Card>

      <Card title={m.myApps}>
        {apps.data && apps.data.length === 0 ? <p className="text-sm text-slate-500">{m.noApps}</p> : null}
        <ul className="flex flex-col divide-y divide-slate-200 dark:divide-slate-800" data-testid="apps-list">
          {apps.data?.map((app) => (
            <li key={app.clientId} className="flex flex-wrap items-start justify-between gap-2 py-3" data-testid="apps-item" data-client-id={app.clientId}>
              <div className="min-w-0">
                <p className="font-medium">
                  {app.name} <span className="text-xs text-slate-500">({m[app.type]})</span>
                  {registered === app.clientId ? <span className="ml-2 text-xs text-emerald-600">✓</span> : null}
                </p>
                <p className="text-xs">
                  {m.clientId}: <code className="font-mono" data-testid="apps-client-id">{app.clientId}</code>
                </p>
                <ul className="text-xs text-slate-600 dark:text-slate-400">
                  {app.redirectUris.map((uri) => (
                    <li key={uri} className="break-all font-mono">
                      {uri}
                    </li>
                  ))}
                </ul>
              </div>
              <div className="flex gap-2">
                {app.type === "confidential" ? (
                  <Button variant="secondary" onClick={() => rotate.mutate({ clientId: app.clientId })} disabled={rotate.isPending}>
                    {m.rotate}
                  </Button>
                ) : null}
                <Button
                  variant="danger"
                  onClick={() => {
                    if (window.confirm(format(m.confirmRemove, { name: app.name }))) remove.mutate({ clientId: app.clientId });
                  }}
                  disabled={remove.isPending}
                >
                  {m.remove}
                </Button>
              </div>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{m.endpoints}</p>
      </Card>

      <Card title={m.grantsTitle}>
        {grants.data && grants.data.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="grants-empty">
            {m.noGrants}
          </p>
        ) : null}
        <ul className="flex flex-col divide-y divide-slate-200 dark:divide-slate-800" data-testid="grants-list">
          {grants.data?.map((grant) => (
            <li key={grant.id} className="flex flex-wrap items-center justify-between gap-2 py-3" data-testid="grants-item">
              <div className="text-sm">
                <p className="font-medium">{grant.clientName}</p>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {m.scopes}: {grant.scopes.join(", ")} · {m.cap}: {formatRub(grant.capMicro, locale)} {m[`period_${grant.capPeriod}`]} · {m.expires}:{" "}
                  {grant.expired ? m.expired : grant.expiresAt ? when(new Date(grant.expiresAt), { time: "none" }) : m.never}
                </p>
              </div>
              <Button variant="danger" onClick={() => revoke.mutate({ grantId: grant.id })} disabled={revoke.isPending} data-testid="grants-revoke">
                {m.revoke}
              </Button>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
