"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { format } from "@/server/core/locale";
import { pricingMessages } from "./messages";

type Notice = { tone: "success" | "error"; text: string };

interface Candidate {
  provider: string;
  upstreamModel: string;
  suggestedId: string;
  kind: "chat" | "embedding" | null;
  contextLength: number | null;
}

/** The price form of a new upstream model: it joins the catalog unpublished (test id `upstream-add-form`). */
function AddModelForm({ model, onDone, onNotice }: { model: Candidate; onDone: () => void; onNotice: (n: Notice) => void }) {
  const m = useMessages(pricingMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const add = useMutation(
    trpc.catalog.addModel.mutationOptions({
      onSuccess: async ({ id }) => {
        onNotice({ tone: "success", text: format(m.added, { model: id }) });
        await Promise.all([queryClient.invalidateQueries(trpc.catalog.pathFilter()), queryClient.invalidateQueries(trpc.pricing.pathFilter())]);
        onDone();
      },
      onError: (err) => onNotice({ tone: "error", text: err.data?.code === "CONFLICT" ? m.addExists : m.addInvalid }),
    }),
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const rub = (name: string) => text(name).replace(",", ".");
    add.mutate({
      id: text("id"),
      provider: model.provider,
      upstreamModel: model.upstreamModel,
      name: text("name"),
      kind: form.get("kind") === "embedding" ? "embedding" : "chat",
      contextLength: Number(text("context")),
      tools: form.get("tools") === "on",
      input: rub("input"),
      output: rub("output"),
      cachedInput: rub("cached"),
      status: form.get("status") === "confirmed" ? "confirmed" : "estimate",
    });
  };
  const id = (name: string) => `upstream-${name}-${model.suggestedId.replace(/[^a-zA-Z0-9]/g, "-")}`;
  return (
    <form onSubmit={submit} className="mt-2 grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-3 dark:bg-slate-950" data-testid="upstream-add-form">
      <Field label={m.modelId} id={id("id")} name="id" required defaultValue={model.suggestedId} />
      <Field label={m.modelName} id={id("name")} name="name" required defaultValue={model.upstreamModel} />
      <div className="flex flex-col gap-1">
        <label htmlFor={id("kind")} className="text-sm font-medium">
          {m.kind}
        </label>
        <select id={id("kind")} name="kind" defaultValue={model.kind ?? "chat"} className={inputClass}>
          <option value="chat">{m.kindChat}</option>
          <option value="embedding">{m.kindEmbedding}</option>
        </select>
      </div>
      <Field label={m.contextLength} id={id("context")} name="context" inputMode="numeric" required defaultValue={String(model.contextLength ?? 32768)} />
      <Field label={m.input} id={id("input")} name="input" inputMode="decimal" required hint={m.per1m} />
      <Field label={m.output} id={id("output")} name="output" inputMode="decimal" required hint={m.per1m} />
      <Field label={m.cached} id={id("cached")} name="cached" inputMode="decimal" required hint={m.per1m} />
      <div className="flex flex-col gap-1">
        <label htmlFor={id("status")} className="text-sm font-medium">
          {m.statusLabel}
        </label>
        <select id={id("status")} name="status" defaultValue="estimate" className={inputClass}>
          <option value="confirmed">{m.confirmed}</option>
          <option value="estimate">{m.estimate}</option>
        </select>
      </div>
      <label className="flex items-center gap-2 self-end py-2 text-sm">
        <input type="checkbox" name="tools" className="size-4" />
        {m.tools}
      </label>
      <div className="flex items-end gap-2">
        <Button type="submit" disabled={add.isPending} data-testid="upstream-add-save">
          {m.addModel}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {m.cancel}
        </Button>
      </div>
    </form>
  );
}

/** Upstream models the catalog lacks, with a form to price each, and a button that reads the model lists now. */
export function UpstreamModelsCard({ onNotice }: { onNotice: (n: Notice) => void }) {
  const m = useMessages(pricingMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.catalog.upstream.queryOptions());
  const [adding, setAdding] = useState<string>();
  const sync = useMutation(
    trpc.catalog.sync.mutationOptions({
      onSuccess: async (r) => {
        const list = (ids: string[]) => (ids.length > 0 ? ids.join(", ") : "—");
        onNotice({
          tone: "success",
          text: format(m.synced, { listed: r.listed, failed: r.failed, unavailable: list(r.unavailable), available: list(r.available) }),
        });
        await Promise.all([queryClient.invalidateQueries(trpc.catalog.pathFilter()), queryClient.invalidateQueries(trpc.pricing.pathFilter())]);
      },
      onError: () => onNotice({ tone: "error", text: m.syncFailed }),
    }),
  );
  const key = (c: Candidate) => `${c.provider}\n${c.upstreamModel}`;
  return (
    <Card
      title={m.upstreamTitle}
      actions={
        <Button variant="secondary" onClick={() => sync.mutate()} disabled={sync.isPending} data-testid="catalog-sync">
          {m.syncNow}
        </Button>
      }
    >
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.upstreamLead}</p>
      {data && data.newModels.length === 0 ? <p className="text-sm text-slate-500">{m.upstreamNone}</p> : null}
      <ul className="flex flex-col gap-2" data-testid="upstream-models">
        {data?.newModels.map((model) => (
          <li key={key(model)} className="border-t border-slate-200 pt-2 text-sm dark:border-slate-800" data-testid="upstream-model" data-model={model.upstreamModel}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div>
                <code className="font-medium">{model.upstreamModel}</code>
                <span className="ml-2 text-xs text-slate-500">
                  {model.provider} · {format(m.upstreamAccounts, { accounts: model.accounts.join(", ") })}
                </span>
              </div>
              <Button variant="secondary" onClick={() => setAdding(adding === key(model) ? undefined : key(model))} aria-expanded={adding === key(model)}>
                {m.addModel}
              </Button>
            </div>
            {adding === key(model) ? <AddModelForm model={model} onDone={() => setAdding(undefined)} onNotice={onNotice} /> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The publish / unpublish button of a catalog model's row. */
export function PublishButton({ modelId, published, onNotice }: { modelId: string; published: boolean; onNotice: (n: Notice) => void }) {
  const m = useMessages(pricingMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const set = useMutation(
    trpc.catalog.setPublished.mutationOptions({
      onSuccess: async (r) => {
        onNotice({ tone: "success", text: format(r.published ? m.published : m.unpublishedDone, { model: r.modelId }) });
        await queryClient.invalidateQueries(trpc.pricing.pathFilter());
      },
      onError: () => onNotice({ tone: "error", text: m.error }),
    }),
  );
  return (
    <Button variant="secondary" disabled={set.isPending} onClick={() => set.mutate({ modelId, published: !published })} data-testid="pricing-publish">
      {published ? m.unpublish : m.publish}
    </Button>
  );
}
