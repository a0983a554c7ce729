"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState, type FormEvent } from "react";
import { useDateTime } from "@/components/format/time-zone";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format, type Locale } from "@/server/core/locale";
import { formatRub } from "@/server/core/format/rub";
import { plural } from "@/server/core/format/plural";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { pricingMessages } from "./messages";
import { PublishButton, UpstreamModelsCard } from "./upstream-models";

type Notice = { tone: "success" | "error"; text: string };
/** A price as the editor shows it, exact (the server reads back the comma and the spaced thousands). */
const asRub = (micro: number | undefined, locale: Locale) => (micro === undefined ? "" : formatRub(micro, locale, { precision: "request", symbol: false }));

function MarkupCard({ percent, onNotice }: { percent: number; onNotice: (n: Notice) => void }) {
  const m = useMessages(pricingMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(percent));
  const save = useMutation(
    trpc.pricing.setMarkup.mutationOptions({
      onSuccess: async (r) => {
        onNotice({ tone: "success", text: format(m.markupSaved, { percent: r.percent }) });
        await queryClient.invalidateQueries(trpc.pricing.pathFilter());
      },
      onError: () => onNotice({ tone: "error", text: m.markupInvalid }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value.replace(",", "."));
    if (!value.trim() || !Number.isFinite(n) || n < 0 || n > 1000)
      return onNotice({ tone: "error", text: m.markupInvalid });
    save.mutate({ percent: n });
  };
  return (
    <Card title={m.markupTitle}>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.markupLead}</p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2" data-testid="markup-form">
        <div className="w-40">
          <Field
            label={m.markupLabel}
            id="markup"
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-testid="markup-input"
          />
        </div>
        <Button type="submit" disabled={save.isPending} data-testid="markup-save">
          {m.markupSave}
        </Button>
      </form>
    </Card>
  );
}

type PriceRow = {
  inputMicroPer1M: number;
  outputMicroPer1M: number;
  cachedInputMicroPer1M: number;
  status: "confirmed" | "estimate";
  vatIncluded: boolean;
};

/** One per-1M-tokens price input of the editor, in rubles (test id `price-<name>-field`). */
function PriceField({
  name,
  label,
  hint,
  id,
  micro,
}: {
  name: "input" | "output" | "cached";
  label: string;
  hint: string;
  id: string;
  micro: number | undefined;
}) {
  const locale = useLocale();
  return (
    <Field
      label={label}
      id={id}
      name={name}
      inputMode="decimal"
      required
      defaultValue={asRub(micro, locale)}
      hint={hint}
      data-testid={`price-${name}-field`}
    />
  );
}

function PriceEditor({
  modelId,
  price,
  onDone,
  onNotice,
}: {
  modelId: string;
  price: PriceRow | null;
  onDone: () => void;
  onNotice: (n: Notice) => void;
}) {
  const m = useMessages(pricingMessages);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.pricing.setPrice.mutationOptions({
      onSuccess: async () => {
        onNotice({ tone: "success", text: format(m.saved, { model: modelId }) });
        await queryClient.invalidateQueries(trpc.pricing.pathFilter());
        onDone();
      },
      onError: (err) => onNotice({ tone: "error", text: err.data?.code === "BAD_REQUEST" ? m.invalid : m.error }),
    }),
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const rub = (name: string) => String(form.get(name) ?? "").trim();
    save.mutate({
      modelId,
      input: rub("input"),
      output: rub("output"),
      cachedInput: rub("cached"),
      status: form.get("status") === "confirmed" ? "confirmed" : "estimate",
      vatIncluded: form.get("vat") === "on",
    });
  };
  const id = (name: string) => `${name}-${modelId.replace(/[^a-zA-Z0-9]/g, "-")}`;
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-3 dark:bg-slate-950"
      data-testid="price-editor"
    >
      <PriceField name="input" label={m.input} hint={m.per1m} id={id("input")} micro={price?.inputMicroPer1M} />
      <PriceField name="output" label={m.output} hint={m.per1m} id={id("output")} micro={price?.outputMicroPer1M} />
      <PriceField
        name="cached"
        label={m.cached}
        hint={m.per1m}
        id={id("cached")}
        micro={price?.cachedInputMicroPer1M}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={id("status")} className="text-sm font-medium">
          {m.statusLabel}
        </label>
        <select
          id={id("status")}
          name="status"
          defaultValue={price?.status ?? "estimate"}
          className={inputClass}
          data-testid="price-status-field"
        >
          <option value="confirmed">{m.confirmed}</option>
          <option value="estimate">{m.estimate}</option>
        </select>
      </div>
      <label className="flex items-center gap-2 self-end py-2 text-sm">
        <input type="checkbox" name="vat" defaultChecked={price?.vatIncluded ?? true} className="size-4" />
        {m.vatLabel}
      </label>
      <div className="flex items-end gap-2">
        <Button type="submit" disabled={save.isPending} data-testid="price-save">
          {m.save}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {m.cancel}
        </Button>
      </div>
    </form>
  );
}

export function PricingAdmin() {
  const m = useMessages(pricingMessages);
  const locale = useLocale();
  const when = useDateTime();
  const trpc = useTRPC();
  const { data } = useQuery(trpc.pricing.list.queryOptions());
  const { data: upstream } = useQuery(trpc.catalog.upstream.queryOptions());
  const statusOf = new Map(upstream?.models.map((s) => [s.id, s]));
  const [editing, setEditing] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const money = (micro: number) => formatRub(micro, locale, { precision: "request", symbol: false });
  const markup = data?.markupPercent ?? 0;
  const withMarkup = (micro: number) => Math.ceil((micro * (100 + markup)) / 100);
  return (
    <div className="flex flex-col gap-4">
      <Alert tone="info">{m.propagation}</Alert>
      {notice ? (
        <Alert tone={notice.tone} testId="pricing-notice">
          {notice.text}
        </Alert>
      ) : null}
      {data ? <MarkupCard key={data.markupPercent} percent={data.markupPercent} onNotice={setNotice} /> : null}
      <UpstreamModelsCard onNotice={setNotice} />
      <Card>
        <div className="-mx-4 overflow-x-auto px-4">
          <table className="w-full min-w-[48rem] text-left text-sm" data-testid="pricing-table">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-2 pr-3 font-medium">{m.model}</th>
                <th className="py-2 pr-3 text-right font-medium">{m.input}</th>
                <th className="py-2 pr-3 text-right font-medium">{m.output}</th>
                <th className="py-2 pr-3 text-right font-medium">{m.cached}</th>
                <th className="py-2 pr-3 font-medium">{m.status}</th>
                <th className="py-2 pr-3 text-right font-medium">{m.charged}</th>
                <th className="py-2" />
              </tr>
            </thead>
            <tbody>
              {data?.models.map((model) => (
                <Fragment key={model.id}>
                  <tr
                    className="border-t border-slate-200 align-top dark:border-slate-800"
                    data-testid="pricing-row"
                    data-model={model.id}
                  >
                    <td className="py-2 pr-3">
                      <div className="font-medium">{model.name}</div>
                      <code className="block max-w-64 truncate text-xs text-slate-500" title={model.id}>
                        {model.id}
                      </code>
                      {!model.enabled ? <span className="ml-2 text-xs text-red-600">{m.unpublished}</span> : null}
                      {statusOf.get(model.id)?.unavailableSince ? (
                        <div className="text-xs text-red-600" data-testid="pricing-unavailable">
                          {format(m.unavailable, { date: when(statusOf.get(model.id)!.unavailableSince!, { time: "none" }) })}
                        </div>
                      ) : null}
                      {statusOf.get(model.id)?.thinking.map((t) => (
                        <div key={t.accountName} className="text-xs text-slate-500">
                          {m.thinking} ({t.accountName}): {t.how[locale]}
                        </div>
                      ))}
                    </td>
                    {model.price ? (
                      <>
                        <td className="py-2 pr-3 text-right tabular-nums" data-testid="pricing-input">
                          {money(model.price.inputMicroPer1M)}
                        </td>
                        <td className="py-2 pr-3 text-right tabular-nums" data-testid="pricing-output">
                          {money(model.price.outputMicroPer1M)}
                        </td>
                        <td className="py-2 pr-3 text-right tabular-nums">
                          {money(model.price.cachedInputMicroPer1M)}
                        </td>
                        <td className="py-2 pr-3 text-xs">
                          <div
                            className={
                              model.price.status === "confirmed"
                                ? "text-emerald-700 dark:text-emerald-400"
                                : "text-amber-700 dark:text-amber-400"
                            }
                          >
                            {model.price.status === "confirmed" ? m.confirmed : m.estimate}
                          </div>
                          <div className="text-slate-500">
                            {model.price.vatIncluded ? m.vat : m.noVat} · {plural(locale, model.versions, { one: m.versionsOne, few: m.versionsFew, many: m.versionsMany, other: m.versionsOther })}
                          </div>
                          <div className="text-slate-500">
                            {m.since} {when(model.price.effectiveFrom, { time: "none" })}
                          </div>
                        </td>
                        <td className="py-2 pr-3 text-right text-xs whitespace-nowrap text-slate-600 tabular-nums dark:text-slate-400">
                          {money(withMarkup(model.price.inputMicroPer1M))} /{" "}
                          {money(withMarkup(model.price.outputMicroPer1M))}
                        </td>
                      </>
                    ) : (
                      <td colSpan={5} className="py-2 pr-3 text-slate-500">
                        {m.noPrice}
                      </td>
                    )}
                    <td className="py-2">
                      <div className="flex justify-end gap-2">
                        <PublishButton modelId={model.id} published={model.enabled} onNotice={setNotice} />
                        <Button
                          variant="secondary"
                          onClick={() => setEditing(editing === model.id ? undefined : model.id)}
                          data-testid="pricing-edit"
                          aria-expanded={editing === model.id}
                        >
                          {m.edit}
                        </Button>
                      </div>
                    </td>
                  </tr>
                  {editing === model.id ? (
                    <tr>
                      <td colSpan={7} className="pb-3">
                        <PriceEditor
                          modelId={model.id}
                          price={model.price}
                          onDone={() => setEditing(undefined)}
                          onNotice={setNotice}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
