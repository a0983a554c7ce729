"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { routeReasonLabel } from "@/components/i18n/labels";
import { format } from "@/server/core/locale";
import { useProviderName } from "@/components/routing/providers";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { routingMessages } from "./messages";
import { splitList } from "./shared";

const EXAMPLE = JSON.stringify({ model: "gigachat/GigaChat-2-Max", messages: [{ role: "user", content: "Привет!" }] }, null, 2);

/** "Test a request": the planned routes of a pasted request for a user and key tags; no provider is called. */
export function PreviewBox() {
  const m = useMessages(routingMessages);
  const locale = useLocale();
  const providerName = useProviderName();
  const trpc = useTRPC();
  const [request, setRequest] = useState(EXAMPLE);
  const preview = useMutation(trpc.routing.preview.mutationOptions());
  const result = preview.data;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    preview.mutate({ request, user: String(form.get("user") ?? "").trim() || undefined, keyTags: splitList(String(form.get("tags") ?? "")) });
  };
  return (
    <Card title={m.previewTitle}>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.previewLead}</p>
      <form onSubmit={submit} className="flex flex-col gap-3" data-testid="preview-form">
        <div className="flex flex-col gap-1">
          <label htmlFor="preview-request" className="text-sm font-medium">
            {m.previewRequest}
          </label>
          <textarea id="preview-request" rows={6} className={`${inputClass} font-mono text-xs`} value={request} onChange={(e) => setRequest(e.target.value)} spellCheck={false} data-testid="preview-request" />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="preview-user" name="user" label={m.previewUser} placeholder="user@example.ru" data-testid="preview-user" />
          <Field id="preview-tags" name="tags" label={m.previewTags} placeholder="ru-only" data-testid="preview-tags" />
        </div>
        <div>
          <Button type="submit" disabled={preview.isPending} data-testid="preview-run">
            {m.previewRun}
          </Button>
        </div>
      </form>
      {preview.isError ? (
        <div className="mt-3">
          <Alert tone="error">{m.error}</Alert>
        </div>
      ) : null}
      {result && !result.ok ? (
        <div className="mt-3">
          <Alert tone="warning" testId="preview-error">
            {format(m.previewFailed, { status: result.status, error: result.error })}
          </Alert>
        </div>
      ) : null}
      {result?.ok ? (
        <div className="mt-4 flex flex-col gap-2" data-testid="preview-result">
          <p className="text-sm" data-testid="preview-reason">
            {format(m.previewReason, { reason: routeReasonLabel(result.reason, locale) })}
          </p>
          <div tabIndex={0} className="-mx-4 overflow-x-auto px-4 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-2 pr-3 font-medium">#</th>
                  <th className="py-2 pr-3 font-medium">{m.model}</th>
                  <th className="py-2 pr-3 font-medium">{m.previewAccount}</th>
                  <th className="py-2 pr-3 font-medium">{m.provider}</th>
                  <th className="py-2 font-medium">{m.previewUpstream}</th>
                </tr>
              </thead>
              <tbody>
                {result.routes.map((r, i) => (
                  <tr key={`${r.accountId}-${r.model}`} className="border-t border-slate-200 dark:border-slate-800" data-testid="preview-route" data-provider={r.provider}>
                    <td className="py-1.5 pr-3 text-slate-500 tabular-nums">{i + 1}</td>
                    <td className="py-1.5 pr-3">
                      <code className="block max-w-56 truncate text-xs" title={r.model}>
                        {r.model}
                      </code>
                    </td>
                    <td className="py-1.5 pr-3">
                      {r.accountName}
                      {r.unwell ? <span className="ml-2 text-xs text-amber-700 dark:text-amber-400">{m.previewUnwell}</span> : null}
                    </td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{providerName(r.provider)}</td>
                    <td className="py-1.5">
                      <code className="block max-w-56 truncate text-xs text-slate-500" title={r.upstreamModel}>
                        {r.upstreamModel}
                      </code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
