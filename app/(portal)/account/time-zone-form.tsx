"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { isTimeZone, TIME_ZONES, zoneLabel, type TimeZone } from "@/server/core/format/time";
import { accountMessages } from "./messages";
import { zoneNames } from "./zone-names";

/** The zone the portal shows times in: every portal page, statements and exports follow it. */
export function TimeZoneForm({ initial }: { initial: TimeZone }) {
  const m = useMessages(accountMessages);
  const names = useMessages(zoneNames);
  const locale = useLocale();
  const router = useRouter();
  const trpc = useTRPC();
  const [zone, setZone] = useState<TimeZone>(initial);
  const save = useMutation(trpc.account.setTimeZone.mutationOptions({ onSuccess: () => router.refresh() }));
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate({ zone });
  };
  return (
    <Card title={m.timeZoneTitle}>
      <form onSubmit={onSubmit} className="flex flex-col gap-3" data-testid="time-zone-form">
        <div className="flex flex-col gap-1">
          <label htmlFor="time-zone" className="text-sm font-medium">
            {m.timeZoneLabel}
          </label>
          <select
            id="time-zone"
            value={zone}
            onChange={(e) => {
              if (isTimeZone(e.target.value)) setZone(e.target.value);
              save.reset();
            }}
            className={inputClass}
            data-testid="time-zone-select"
          >
            {TIME_ZONES.map((id) => (
              <option key={id} value={id}>
                {id === "UTC" ? "UTC" : `${names[id]} (${zoneLabel(id, locale)})`}
              </option>
            ))}
          </select>
          <p className="text-xs text-slate-500 dark:text-slate-400">{m.timeZoneHint}</p>
        </div>
        {save.isSuccess ? <Alert tone="success" testId="time-zone-saved">{m.timeZoneSaved}</Alert> : null}
        {save.isError ? <Alert tone="error">{m.timeZoneFailed}</Alert> : null}
        <div>
          <Button type="submit" disabled={save.isPending} data-testid="time-zone-save">
            {m.save}
          </Button>
        </div>
      </form>
    </Card>
  );
}
