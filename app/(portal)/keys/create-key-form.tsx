"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { format } from "@/server/core/locale";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { AMOUNT_RULES, parseRubInput } from "@/server/core/format/rub";
import { rubInputErrorText } from "@/server/core/format/rub-messages";
import { useLocale } from "@/components/i18n/client";
import { useTimeZone } from "@/components/format/time-zone";
import { dayInZone, endOfDayInZone } from "@/server/core/format/time";
import { splitIpRanges } from "@/server/net/split-ip-ranges";
import type { KeyView } from "@/server/services/keys/key-view";
import { errorText } from "./format";
import type { KeysMessages } from "./messages";

type Period = "day" | "week" | "month" | "total";

export function CreateKeyForm({ m, onCreated, onCancel }: { m: KeysMessages; onCreated: (created: { key: string; record: KeyView }) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const locale = useLocale();
  const zone = useTimeZone();
  const modelOptions = useQuery(trpc.keys.modelOptions.queryOptions(undefined, { staleTime: 60_000 }));
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries(trpc.keys.list.queryFilter());
        onCreated(created);
      },
      onError: (err) => setError(errorText(err.message, m)),
    }),
  );

  const toggle = (id: string) => setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(undefined);
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const limitText = String(form.get("limit") ?? "").trim();
    const rpmText = String(form.get("rpm") ?? "").trim();
    const expiryText = String(form.get("expiry") ?? "").trim();
    if (!name || name.length > 100) return setError(m.errorName);
    if (limitText) {
      const limit = parseRubInput(limitText);
      if (!limit.ok) return setError(rubInputErrorText(limit.error, locale, AMOUNT_RULES));
    }
    const rpm = rpmText ? Number(rpmText) : undefined;
    if (rpm !== undefined && (!Number.isInteger(rpm) || rpm <= 0)) return setError(m.errorRpm);
    // The end of the chosen day in the zone the portal shows times in, so the key list shows that same day.
    const expiresAt = expiryText ? endOfDayInZone(expiryText, zone) : undefined;
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) return setError(m.errorExpiry);
    create.mutate({
      name,
      limitRub: limitText || undefined,
      limitPeriod: String(form.get("period") ?? "month") as Period,
      rpm,
      allowedModels: selected.length > 0 ? selected : undefined,
      allowedIps: splitIpRanges(String(form.get("allowedIps") ?? "")),
      expiresAt,
      pauseOnAnomaly: form.get("pauseOnAnomaly") === "on",
    });
  };

  const models = modelOptions.data ?? [];

  return (
    <Card title={m.createTitle}>
      <form onSubmit={onSubmit} className="flex flex-col gap-4" data-testid="create-key-form" noValidate>
        {error ? (
          <Alert tone="error" testId="create-key-error">
            {error}
          </Alert>
        ) : null}
        <div className="grid gap-4 md:grid-cols-2">
          <Field label={m.name} id="key-name" name="name" placeholder={m.namePlaceholder} maxLength={100} required autoFocus autoComplete="off" />
          <Field label={m.expiry} id="key-expiry" name="expiry" type="date" min={dayInZone(new Date(), zone)} hint={m.expiryHint} />
          <div className="grid grid-cols-[1fr_auto] gap-2">
            <Field label={m.limit} id="key-limit" name="limit" inputMode="decimal" placeholder="100" hint={m.limitHint} autoComplete="off" />
            <div className="flex flex-col gap-1">
              <label htmlFor="key-period" className="text-sm font-medium">
                {m.period}
              </label>
              <select id="key-period" name="period" defaultValue="month" className={inputClass}>
                <option value="day">{m.periodDayOption}</option>
                <option value="week">{m.periodWeekOption}</option>
                <option value="month">{m.periodMonthOption}</option>
                <option value="total">{m.periodTotalOption}</option>
              </select>
            </div>
          </div>
          <Field label={m.rpm} id="key-rpm" name="rpm" type="number" inputMode="numeric" min={1} step={1} placeholder="60" hint={m.rpmHint} />
          <Field
            label={m.ips}
            id="key-ips"
            name="allowedIps"
            placeholder="203.0.113.0/24, 2001:db8::/32"
            hint={m.ipsHint}
            autoComplete="off"
            spellCheck={false}
            data-testid="key-allowed-ips"
          />
        </div>
        <div className="flex items-start gap-2">
          <input
            type="checkbox"
            id="key-pause-on-anomaly"
            name="pauseOnAnomaly"
            aria-describedby="key-pause-on-anomaly-hint"
            className="mt-0.5 h-4 w-4 accent-indigo-600"
            data-testid="key-pause-on-anomaly"
          />
          <div className="flex flex-col gap-1">
            <label htmlFor="key-pause-on-anomaly" className="text-sm font-medium">
              {m.pauseOnAnomaly}
            </label>
            <p id="key-pause-on-anomaly-hint" className="text-xs text-slate-500 dark:text-slate-400">
              {m.pauseOnAnomalyHint}
            </p>
          </div>
        </div>
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">{m.models}</legend>
          <p className="text-xs text-slate-500 dark:text-slate-400" id={`${ids}-models-hint`}>
            {selected.length > 0 ? format(m.modelsSelected, { count: selected.length }) : m.modelsHint}
          </p>
          <div
            className="max-h-56 overflow-y-auto rounded-md border border-slate-300 p-2 dark:border-slate-700"
            aria-describedby={`${ids}-models-hint`}
            data-testid="key-models"
          >
            {modelOptions.isPending ? <p className="p-1 text-sm text-slate-500">{m.modelsLoading}</p> : null}
            {!modelOptions.isPending && models.length === 0 ? <p className="p-1 text-sm text-slate-500">{m.modelsEmpty}</p> : null}
            <ul className="grid gap-x-4 sm:grid-cols-2">
              {models.map((model) => {
                const id = `${ids}-model-${model.id}`;
                return (
                  <li key={model.id} className="flex items-start gap-2 rounded px-1 py-1 hover:bg-slate-50 dark:hover:bg-slate-800">
                    <input
                      type="checkbox"
                      id={id}
                      value={model.id}
                      checked={selected.includes(model.id)}
                      onChange={() => toggle(model.id)}
                      className="mt-0.5 h-4 w-4 accent-indigo-600"
                    />
                    <label htmlFor={id} className="min-w-0 text-sm">
                      <span className="block truncate">{model.name}</span>
                      <span className="block truncate font-mono text-xs text-slate-500 dark:text-slate-400">{model.id}</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </div>
        </fieldset>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={create.isPending} data-testid="create-key-submit">
            {create.isPending ? m.creating : m.create}
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel} data-testid="create-key-cancel">
            {m.cancel}
          </Button>
        </div>
      </form>
    </Card>
  );
}
