"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { useProviderName, useProviders } from "@/components/routing/providers";
import { useTRPC } from "@/components/trpc/client";
import { Field } from "@/components/ui/field";
import type { RuleView } from "@/server/services/routing/rule-view";
import type { ModelOption } from "./account-form";
import { FormActions } from "./form-actions";
import { routingMessages } from "./messages";
import { selectClass, splitList, type Notice } from "./shared";

/** Adds a rule or edits one: match on key tags, users, models; action providers-only or an A/B split. */
export function RuleForm({ initial, models, onDone, onNotice }: { initial?: RuleView; models: ModelOption[]; onDone: () => void; onNotice: (n: Notice) => void }) {
  const m = useMessages(routingMessages);
  const providerName = useProviderName();
  const providers = useProviders();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [type, setType] = useState<"providers" | "split">(initial?.action?.type ?? "providers");
  const prefix = initial?.id ?? "new-rule";
  const onSuccess = async () => {
    onNotice({ tone: "success", text: m.ruleSaved });
    await queryClient.invalidateQueries(trpc.routing.rules.queryFilter());
    onDone();
  };
  const onError = (err: { data?: { code?: string } | null; message: string }) =>
    onNotice({ tone: "error", text: err.data?.code === "BAD_REQUEST" ? format(m.invalid, { detail: err.message.slice(0, 200) }) : m.error });
  const create = useMutation(trpc.routing.createRule.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.routing.updateRule.mutationOptions({ onSuccess, onError }));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const list = (name: string) => {
      const items = splitList(String(form.get(name) ?? ""));
      return items.length ? items : undefined;
    };
    const action =
      type === "providers"
        ? { type: "providers" as const, only: form.getAll("only").map(String) }
        : { type: "split" as const, to: String(form.get("to") ?? ""), percent: Number(form.get("percent")) };
    const rule = {
      name: String(form.get("name") ?? "").trim(),
      match: { keyTags: list("keyTags"), userIds: list("userIds"), models: list("models") },
      action,
      enabled: form.get("enabled") === "on",
    };
    if (initial) update.mutate({ id: initial.id, ...rule });
    else create.mutate(rule);
  };

  const split = initial?.action?.type === "split" ? initial.action : undefined;
  const only = initial?.action?.type === "providers" ? initial.action.only : ["gigachat", "yandex"];
  return (
    <form onSubmit={submit} className="flex flex-col gap-4 rounded-md bg-slate-50 p-3 dark:bg-slate-950" data-testid="rule-form">
      <Field id={`${prefix}-name`} name="name" label={m.ruleName} required maxLength={100} defaultValue={initial?.name ?? ""} data-testid="rule-name" />
      <fieldset className="grid gap-3 sm:grid-cols-3">
        <legend className="mb-1 text-sm font-semibold">{m.matchTitle}</legend>
        <Field id={`${prefix}-tags`} name="keyTags" label={m.matchKeyTags} defaultValue={initial?.match.keyTags?.join(", ") ?? ""} placeholder="ru-only" data-testid="rule-tags" />
        <Field id={`${prefix}-users`} name="userIds" label={m.matchUserIds} defaultValue={initial?.match.userIds?.join(", ") ?? ""} placeholder="usr_…" data-testid="rule-users" />
        <Field id={`${prefix}-models`} name="models" label={m.matchModels} defaultValue={initial?.match.models?.join(", ") ?? ""} placeholder="gigachat/GigaChat-2-Max" data-testid="rule-models" />
      </fieldset>
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-sm font-semibold">{m.actionTitle}</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="type" value="providers" checked={type === "providers"} onChange={() => setType("providers")} data-testid="rule-type-providers" />
            {m.actionProviders}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="type" value="split" checked={type === "split"} onChange={() => setType("split")} data-testid="rule-type-split" />
            {m.actionSplit}
          </label>
        </div>
        {type === "providers" ? (
          <div className="flex flex-wrap gap-4 text-sm">
            {providers.map(({ id: p }) => (
              <label key={p} className="flex items-center gap-2">
                <input type="checkbox" name="only" value={p} defaultChecked={only.includes(p)} className="size-4" data-testid={`rule-only-${p}`} />
                {providerName(p)}
              </label>
            ))}
          </div>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${prefix}-to`} className="text-sm font-medium">
                {m.splitTo}
              </label>
              <select id={`${prefix}-to`} name="to" className={selectClass} defaultValue={split?.to ?? "yandex/yandexgpt"} data-testid="rule-split-to">
                {models.map((o) => (
                  <option key={o.modelId} value={o.modelId}>
                    {o.modelId}
                  </option>
                ))}
              </select>
            </div>
            <Field id={`${prefix}-percent`} name="percent" label={m.splitPercent} type="number" min={0} max={100} step="any" required defaultValue={split?.percent ?? 10} data-testid="rule-split-percent" />
          </div>
        )}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={initial?.enabled ?? true} className="size-4" />
        {m.ruleEnabled}
      </label>
      <FormActions label={initial ? m.save : m.create} pending={create.isPending || update.isPending} testId="rule-save" onCancel={onDone} />
    </form>
  );
}
