"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { formatPercent } from "@/server/core/format/number";
import { format } from "@/server/core/locale";
import { legalAdminMessages } from "./messages";

/** The dated VAT rates (the one in force on a document's date applies) and adding a new one. */
export function VatRates() {
  const m = useMessages(legalAdminMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rates = useQuery(trpc.legalAdmin.vatRates.queryOptions());
  const [validFrom, setValidFrom] = useState("");
  const [rate, setRate] = useState("");
  const [error, setError] = useState<string>();
  const add = useMutation(
    trpc.legalAdmin.addVatRate.mutationOptions({
      onSuccess: () => {
        setValidFrom("");
        setRate("");
        setError(undefined);
        void queryClient.invalidateQueries(trpc.legalAdmin.vatRates.queryFilter());
      },
      onError: (err) => setError(format(m.failed, { code: err.message })),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const percent = Number(rate.replace(",", "."));
    if (!validFrom || !Number.isFinite(percent)) return;
    add.mutate({ validFrom, rateBasisPoints: Math.round(percent * 100) });
  };
  return (
    <Card title={m.vatTitle}>
      <ul className="mb-3 flex flex-col text-sm" data-testid="vat-rates">
        {rates.data?.map((row) => (
          <li key={row.validFrom} className="flex justify-between border-t border-slate-200 py-1.5 first:border-t-0 dark:border-slate-800">
            <span>
              {m.validFrom} {row.validFrom}
            </span>
            <span className="tabular-nums">{formatPercent(row.rateBasisPoints / 10_000, locale)}</span>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor="vat-from" className="text-xs font-medium">
            {m.validFrom}
          </label>
          <input id="vat-from" type="date" className={`${inputClass} w-40`} value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="vat-rate" className="text-xs font-medium">
            {m.rate}
          </label>
          <input id="vat-rate" inputMode="decimal" className={`${inputClass} w-24`} value={rate} onChange={(e) => setRate(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary" disabled={add.isPending || !validFrom || !rate}>
          {m.addRate}
        </Button>
      </form>
      {error ? (
        <div className="mt-2">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
    </Card>
  );
}
