"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { addDays } from "@/server/core/format/time";
import { activityHref, type ActivityFilterValues } from "./format";
import { activityMessages } from "./messages";

interface Props {
  values: ActivityFilterValues;
  today: string;
  models: string[];
  keys: { id: string; name: string; prefix: string; revoked: boolean }[];
}


/** Date range, model and key, kept in the URL: selects apply at once, dates on "Apply". */
export function FilterBar({ values, today, models, keys }: Props) {
  const m = useMessages(activityMessages);
  const router = useRouter();
  const path = usePathname();
  const [pending, startTransition] = useTransition();

  const go = (next: Partial<ActivityFilterValues>) => startTransition(() => router.push(activityHref(path, next), { scroll: false }));
  const read = (form: HTMLFormElement): ActivityFilterValues => {
    const data = new FormData(form);
    const get = (name: string) => String(data.get(name) ?? "").trim();
    return { from: get("from"), to: get("to"), model: get("model") || undefined, keyId: get("keyId") || undefined };
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    go(read(e.currentTarget));
  };

  const modelOptions = values.model && !models.includes(values.model) ? [values.model, ...models] : models;
  const presets = [
    { label: m.today, from: today },
    { label: m.days7, from: addDays(today, -6) },
    { label: m.days30, from: addDays(today, -29) },
    { label: m.days90, from: addDays(today, -89) },
  ];
  const selectClass = `${inputClass} pr-8`;

  return (
    <section aria-label={m.filters} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <form onSubmit={onSubmit} className="grid grid-cols-2 items-end gap-3 md:grid-cols-[repeat(2,minmax(0,10rem))_minmax(0,1fr)_minmax(0,1fr)_auto]" data-testid="activity-filters">
        <div className="flex flex-col gap-1">
          <label htmlFor="activity-from" className="text-sm font-medium">
            {m.from}
          </label>
          <input id="activity-from" name="from" type="date" required max={values.to} defaultValue={values.from} key={`from-${values.from}`} className={inputClass} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="activity-to" className="text-sm font-medium">
            {m.to}
          </label>
          <input id="activity-to" name="to" type="date" required min={values.from} defaultValue={values.to} key={`to-${values.to}`} className={inputClass} />
        </div>
        <div className="col-span-2 flex flex-col gap-1 md:col-span-1">
          <label htmlFor="activity-model" className="text-sm font-medium">
            {m.model}
          </label>
          <select
            id="activity-model"
            name="model"
            defaultValue={values.model ?? ""}
            key={`model-${values.model ?? ""}`}
            className={selectClass}
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
          >
            <option value="">{m.allModels}</option>
            {modelOptions.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </div>
        <div className="col-span-2 flex flex-col gap-1 md:col-span-1">
          <label htmlFor="activity-key" className="text-sm font-medium">
            {m.key}
          </label>
          <select
            id="activity-key"
            name="keyId"
            defaultValue={values.keyId ?? ""}
            key={`key-${values.keyId ?? ""}`}
            className={selectClass}
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
          >
            <option value="">{m.allKeys}</option>
            {keys.map((key) => (
              <option key={key.id} value={key.id}>
                {`${key.name} (${key.prefix})${key.revoked ? ` · ${m.revoked}` : ""}`}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={pending} className="col-span-2 md:col-span-1">
          {pending ? m.applying : m.apply}
        </Button>
      </form>
      <nav aria-label={m.presets} className="flex flex-wrap items-center gap-2 text-sm">
        {presets.map((preset) => {
          const active = values.from === preset.from && values.to === today;
          return (
            <Link
              key={preset.label}
              href={activityHref(path, { ...values, from: preset.from, to: today })}
              scroll={false}
              aria-current={active ? "true" : undefined}
              className={`rounded-full border px-3 py-1 ${
                active
                  ? "border-indigo-600 bg-indigo-50 text-indigo-800 dark:border-indigo-400 dark:bg-indigo-950 dark:text-indigo-100"
                  : "border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
              }`}
            >
              {preset.label}
            </Link>
          );
        })}
        <span role="status" aria-live="polite" className="text-xs text-slate-500 dark:text-slate-400">
          {pending ? m.applying : ""}
        </span>
      </nav>
    </section>
  );
}
