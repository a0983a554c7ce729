"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { useProviderName, useProviders } from "@/components/routing/providers";
import { useTRPC } from "@/components/trpc/client";
import { Field, inputClass } from "@/components/ui/field";
import { CATALOG_COST_PERCENT } from "@/server/routing/cost-basis";
import { defaultConcurrency } from "@/server/providers/default-concurrency";
import type { ProviderForm } from "@/server/services/routing/provider-forms";
import { CredentialFields, credentialsFrom, preselected } from "./credential-fields";
import { FormActions } from "./form-actions";
import { routingMessages } from "./messages";
import { formatMapping, parseMapping, selectClass, type Notice } from "./shared";

export type ModelOption = { modelId: string; name: string; provider: string };

/** The concurrency a new account of the provider starts with, for the choices made so far (else the preselected ones). */
const newAccountConcurrency = (form: ProviderForm, chosen: Record<string, string> = {}) => defaultConcurrency(form, { ...preselected(form.fields), ...chosen });

export interface AccountDraft {
  id?: string;
  provider: string;
  name: string;
  weight: number;
  priority: number;
  concurrency: number;
  costPercent: number;
  models: string[] | null;
  upstreamModels: Record<string, string>;
}

/** Adds an account (with credentials) or edits an admin account's non-secret fields. */
export function AccountForm({ initial, models, onDone, onNotice }: { initial?: AccountDraft; models: ModelOption[]; onDone: () => void; onNotice: (n: Notice) => void }) {
  const m = useMessages(routingMessages);
  const providerName = useProviderName();
  const providers = useProviders();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editing = Boolean(initial?.id);
  const [provider, setProvider] = useState(initial?.provider ?? providers[0]?.id ?? "");
  const providerForm = providers.find((p) => p.id === provider);
  const [concurrency, setConcurrency] = useState(String(initial?.concurrency ?? (providerForm ? newAccountConcurrency(providerForm) : 1)));
  const [allModels, setAllModels] = useState(initial ? initial.models === null : true);
  const [selected, setSelected] = useState<string[]>(initial?.models ?? []);
  const prefix = initial?.id ?? "new";

  const done = async (text: string) => {
    onNotice({ tone: "success", text });
    await queryClient.invalidateQueries(trpc.routing.pathFilter());
    onDone();
  };
  const failed = (err: { data?: { code?: string } | null; message: string }) =>
    onNotice({ tone: "error", text: err.data?.code === "BAD_REQUEST" ? format(m.invalid, { detail: err.message.slice(0, 200) }) : m.error });
  const create = useMutation(trpc.routing.createAccount.mutationOptions({ onSuccess: (a) => done(format(m.created, { name: a.name })), onError: failed }));
  const update = useMutation(trpc.routing.updateAccount.mutationOptions({ onSuccess: () => done(m.saved), onError: failed }));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const mapping = parseMapping(String(form.get("mapping") ?? ""));
    if (!mapping) return onNotice({ tone: "error", text: format(m.invalid, { detail: m.mappingHint }) });
    const fields = {
      name: String(form.get("name") ?? "").trim(),
      weight: Number(form.get("weight")),
      priority: Number(form.get("priority")),
      concurrency: Number(concurrency),
      costPercent: Number(form.get("costPercent")),
      models: allModels ? null : selected,
      upstreamModels: mapping,
    };
    if (editing) update.mutate({ id: initial!.id!, ...fields });
    else create.mutate({ provider, ...fields, credentials: credentialsFrom(form) });
  };

  const providerModels = models.filter((o) => o.provider === provider);
  return (
    <form onSubmit={submit} className="flex flex-col gap-4 rounded-md bg-slate-50 p-3 dark:bg-slate-950" data-testid="account-form" autoComplete="off">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${prefix}-provider`} className="text-sm font-medium">
            {m.provider}
          </label>
          <select
            id={`${prefix}-provider`}
            className={selectClass}
            value={provider}
            disabled={editing}
            data-testid="account-provider"
            onChange={(e) => {
              const next = providers.find((p) => p.id === e.target.value);
              if (!next) return;
              setProvider(next.id);
              setConcurrency(String(newAccountConcurrency(next)));
              setSelected([]);
            }}
          >
            {providers.map(({ id }) => (
              <option key={id} value={id}>
                {providerName(id)}
              </option>
            ))}
          </select>
        </div>
        <Field id={`${prefix}-name`} name="name" label={m.name} required maxLength={100} defaultValue={initial?.name ?? ""} data-testid="account-name" />
        <Field id={`${prefix}-weight`} name="weight" label={m.weight} type="number" min={0} max={1000} required defaultValue={initial?.weight ?? 1} hint={m.weightHint} data-testid="account-weight" />
        <Field id={`${prefix}-priority`} name="priority" label={m.priority} type="number" min={-1000} max={1000} required defaultValue={initial?.priority ?? 0} hint={m.priorityHint} data-testid="account-priority" />
        <Field
          id={`${prefix}-concurrency`}
          name="concurrency"
          label={m.concurrency}
          type="number"
          min={1}
          max={1000}
          required
          value={concurrency}
          onChange={(e) => setConcurrency(e.target.value)}
          hint={m.concurrencyHint}
          data-testid="account-concurrency"
        />
        <Field
          id={`${prefix}-cost`}
          name="costPercent"
          label={m.costPercent}
          type="number"
          min={0}
          max={1000}
          step={1}
          required
          defaultValue={initial?.costPercent ?? CATALOG_COST_PERCENT}
          hint={m.costPercentHint}
          data-testid="account-cost"
        />
      </div>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-semibold">{m.modelsLabel}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4" checked={allModels} onChange={(e) => setAllModels(e.target.checked)} data-testid="account-all-models" />
          {m.allModelsLabel}
        </label>
        {!allModels ? (
          <div className="grid max-h-48 gap-1 overflow-y-auto rounded-md border border-slate-200 bg-white p-2 sm:grid-cols-2 dark:border-slate-800 dark:bg-slate-900">
            {providerModels.map((o) => (
              <label key={o.modelId} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={selected.includes(o.modelId)}
                  onChange={(e) => setSelected(e.target.checked ? [...selected, o.modelId] : selected.filter((x) => x !== o.modelId))}
                />
                <code className="truncate text-xs">{o.modelId}</code>
              </label>
            ))}
          </div>
        ) : null}
        <label htmlFor={`${prefix}-mapping`} className="mt-2 text-sm font-medium">
          {m.mappingLabel}
        </label>
        <textarea
          id={`${prefix}-mapping`}
          name="mapping"
          rows={2}
          className={`${inputClass} font-mono text-xs`}
          defaultValue={formatMapping(initial?.upstreamModels ?? {})}
          placeholder="tbank/T-pro-it-1.0 = t-pro-it-1.0"
          data-testid="account-mapping"
        />
        <p className="text-xs text-slate-500 dark:text-slate-400">{m.mappingHint}</p>
      </fieldset>

      {!editing && providerForm ? (
        <CredentialFields fields={providerForm.fields} idPrefix={prefix} onChoice={(name, value) => setConcurrency(String(newAccountConcurrency(providerForm, { [name]: value })))} />
      ) : null}

      <FormActions label={editing ? m.save : m.create} pending={create.isPending || update.isPending} testId="account-save" onCancel={onDone} />
    </form>
  );
}

/** Replaces an account's credentials: the fields start empty and are never filled from the server. */
export function CredentialsForm({ id, provider, onDone, onNotice }: { id: string; provider: string; onDone: () => void; onNotice: (n: Notice) => void }) {
  const m = useMessages(routingMessages);
  const fields = useProviders().find((p) => p.id === provider)?.fields ?? [];
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const replace = useMutation(
    trpc.routing.replaceCredentials.mutationOptions({
      onSuccess: async () => {
        onNotice({ tone: "success", text: m.rekeyed });
        await queryClient.invalidateQueries(trpc.routing.pathFilter());
        onDone();
      },
      onError: (err) => onNotice({ tone: "error", text: err.data?.code === "BAD_REQUEST" ? format(m.invalid, { detail: err.message.slice(0, 200) }) : m.error }),
    }),
  );
  return (
    <form
      className="flex flex-col gap-3 rounded-md bg-slate-50 p-3 dark:bg-slate-950"
      autoComplete="off"
      data-testid="credentials-form"
      onSubmit={(e) => {
        e.preventDefault();
        replace.mutate({ id, credentials: credentialsFrom(new FormData(e.currentTarget)) });
      }}
    >
      <CredentialFields fields={fields} idPrefix={`rekey-${id}`} />
      <FormActions label={m.rekey} pending={replace.isPending} testId="credentials-save" onCancel={onDone} />
    </form>
  );
}
