"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { accountNameLabel } from "@/components/i18n/labels";
import { format } from "@/server/core/locale";
import { useProviderName } from "@/components/routing/providers";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Truncate } from "@/components/ui/truncate";
import { Card } from "@/components/ui/card";
import type { AccountListRow } from "@/server/services/routing/list-accounts";
import { AccountForm, CredentialsForm, type ModelOption } from "./account-form";
import { routingMessages } from "./messages";
import type { Notice } from "./shared";

function AccountState({ account }: { account: AccountListRow }) {
  const m = useMessages(routingMessages);
  const { live } = account;
  const items: { text: string; tone: string }[] = [];
  if (!account.enabled) items.push({ text: m.disabledAccount, tone: "text-slate-500" });
  else if (live.health) items.push(live.health.ok ? { text: format(m.healthOk, { ms: live.health.latencyMs }), tone: "text-emerald-700 dark:text-emerald-400" } : { text: m.healthFail, tone: "text-red-700 dark:text-red-400" });
  else items.push({ text: m.healthNone, tone: "text-slate-500" });
  if (live.coolingDown) items.push({ text: m.cooling, tone: "text-amber-700 dark:text-amber-400" });
  if (live.openBreakers.length) items.push({ text: format(m.breakers, { models: live.openBreakers.join(", ") }), tone: "text-red-700 dark:text-red-400" });
  return (
    <div className="flex flex-col gap-0.5 text-xs" data-testid="account-state">
      {items.map((item) => (
        <span key={item.text} className={item.tone} title={item.text === m.healthFail ? live.health?.message : undefined}>
          {item.text}
        </span>
      ))}
    </div>
  );
}

export function AccountsSection({ models, onNotice }: { models: ModelOption[]; onNotice: (n: Notice) => void }) {
  const m = useMessages(routingMessages);
  const locale = useLocale();
  const providerName = useProviderName();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: accounts } = useQuery({ ...trpc.routing.accounts.queryOptions(), refetchInterval: 10_000 });
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<{ id: string; mode: "edit" | "rekey" }>();
  const refresh = () => queryClient.invalidateQueries(trpc.routing.pathFilter());
  const update = useMutation(trpc.routing.updateAccount.mutationOptions({ onSuccess: () => (onNotice({ tone: "success", text: m.saved }), refresh()), onError: () => onNotice({ tone: "error", text: m.error }) }));
  const remove = useMutation(trpc.routing.deleteAccount.mutationOptions({ onSuccess: () => (onNotice({ tone: "success", text: m.deleted }), refresh()), onError: () => onNotice({ tone: "error", text: m.error }) }));
  const check = useMutation(trpc.routing.checkHealth.mutationOptions({ onSuccess: () => refresh() }));
  const sourceLabel = { env: m.sourceEnv, demo: m.sourceDemo, admin: m.sourceAdmin };

  return (
    <Card
      title={m.accountsTitle}
      actions={
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => check.mutate()} disabled={check.isPending} data-testid="accounts-check-health">
            {m.checkHealth}
          </Button>
          <Button onClick={() => setAdding(!adding)} aria-expanded={adding} data-testid="account-add">
            {m.addAccount}
          </Button>
        </div>
      }
    >
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.accountsLead}</p>
      {adding ? (
        <div className="mb-4">
          <AccountForm models={models} onDone={() => setAdding(false)} onNotice={onNotice} />
        </div>
      ) : null}
      {/* relative: the table's visually hidden labels are positioned, and only a positioned box clips them. */}
      <div tabIndex={0} className="relative -mx-4 overflow-x-auto px-4 focus-visible:outline-2 focus-visible:outline-indigo-600">
        <table className="w-full min-w-[60rem] text-left text-sm" data-testid="accounts-table">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-2 pr-3 font-medium">{m.name}</th>
              <th className="py-2 pr-3 font-medium">{m.provider}</th>
              <th className="py-2 pr-3 text-right font-medium">{m.weight}</th>
              <th className="py-2 pr-3 text-right font-medium">{m.priority}</th>
              <th className="py-2 pr-3 text-right font-medium">{m.concurrency}</th>
              <th className="py-2 pr-3 text-right font-medium">{m.costPercent}</th>
              <th className="py-2 pr-3 font-medium">{m.models}</th>
              <th className="py-2 pr-3 text-right font-medium">{m.inFlight}</th>
              <th className="py-2 pr-3 font-medium">{m.state}</th>
              <th className="py-2 font-medium">
                <span className="sr-only">{m.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts?.length === 0 ? (
              <tr>
                <td colSpan={10} className="py-3 text-slate-500">
                  {m.noAccounts}
                </td>
              </tr>
            ) : null}
            {accounts?.map((a) => (
              <Fragment key={a.id}>
                <tr className={`border-t border-slate-200 align-top dark:border-slate-800 ${a.enabled ? "" : "opacity-60"}`} data-testid="account-row" data-account={a.id} data-source={a.source}>
                  <td className="py-2 pr-3">
                    <Truncate text={accountNameLabel(a, locale, providerName)} className="max-w-56 font-medium" />
                    <div className="flex flex-wrap items-center gap-1 text-xs text-slate-500">
                      <span className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-600 dark:bg-slate-800 dark:text-slate-300">{sourceLabel[a.source]}</span>
                      {a.readOnly ? <span data-testid="account-readonly">{m.readOnly}</span> : null}
                    </div>
                    {a.settings.baseUrl ? <code className="block max-w-56 truncate text-xs text-slate-500" title={a.settings.baseUrl}>{a.settings.baseUrl}</code> : null}
                  </td>
                  <td className="py-2 pr-3 whitespace-nowrap">{providerName(a.provider)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{a.weight}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{a.priority}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{a.concurrency}</td>
                  <td className="py-2 pr-3 text-right tabular-nums" data-testid="account-cost-percent">
                    {a.costPercent}
                  </td>
                  <td className="py-2 pr-3 text-xs">
                    {a.models === null ? <span className="text-slate-500">{m.allModels}</span> : a.models.map((id) => <code key={id} className="block max-w-56 truncate" title={id}>{id}</code>)}
                    {Object.entries(a.upstreamModels).map(([from, to]) => (
                      <code key={from} className="block max-w-56 truncate text-slate-500" title={`${from} → ${to}`}>
                        {from} → {to}
                      </code>
                    ))}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums" data-testid="account-inflight">
                    {a.live.inFlight}
                  </td>
                  <td className="py-2 pr-3">
                    <AccountState account={a} />
                  </td>
                  <td className="py-2">
                    {!a.readOnly ? (
                      <div className="flex flex-wrap justify-end gap-1">
                        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(open?.id === a.id && open.mode === "edit" ? undefined : { id: a.id, mode: "edit" })} data-testid="account-edit">
                          {m.edit}
                        </Button>
                        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(open?.id === a.id && open.mode === "rekey" ? undefined : { id: a.id, mode: "rekey" })} data-testid="account-rekey">
                          {m.rekey}
                        </Button>
                        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => update.mutate({ id: a.id, enabled: !a.enabled })} data-testid="account-toggle">
                          {a.enabled ? m.disable : m.enable}
                        </Button>
                        <Button
                          variant="danger"
                          className="px-2 py-1 text-xs"
                          data-testid="account-delete"
                          onClick={() => {
                            if (window.confirm(format(m.confirmDelete, { name: a.name }))) remove.mutate({ id: a.id });
                          }}
                        >
                          {m.delete}
                        </Button>
                      </div>
                    ) : null}
                  </td>
                </tr>
                {open?.id === a.id ? (
                  <tr>
                    <td colSpan={10} className="pb-3">
                      {open.mode === "edit" ? (
                        <AccountForm
                          initial={a}
                          models={models}
                          onDone={() => setOpen(undefined)}
                          onNotice={onNotice}
                        />
                      ) : (
                        <CredentialsForm id={a.id} provider={a.provider} onDone={() => setOpen(undefined)} onNotice={onNotice} />
                      )}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
