"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format, type Locale } from "@/server/core/locale";
import { AMOUNT_RULES, formatRub, parseRubInput } from "@/server/core/format/rub";
import { rubInputErrorText, rubMessages } from "@/server/core/format/rub-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { billingMessages } from "./messages";

const toInput = (micro: number | null, locale: Locale) => (micro === null ? "" : formatRub(micro, locale, { symbol: false }));

export function LowBalanceForm({ initialMicro }: { initialMicro: number | null }) {
  const m = useMessages(billingMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState(initialMicro);
  const [value, setValue] = useState(toInput(initialMicro, locale));
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const save = useMutation(
    trpc.billing.setLowBalanceThreshold.mutationOptions({
      onSuccess: async ({ lowBalanceThresholdMicro }) => {
        setCurrent(lowBalanceThresholdMicro);
        setValue(toInput(lowBalanceThresholdMicro, locale));
        setNotice({
          tone: "success",
          text:
            lowBalanceThresholdMicro === null
              ? m.lowDisabled
              : format(m.lowSaved, { amount: formatRub(lowBalanceThresholdMicro, locale) }),
        });
        await queryClient.invalidateQueries(trpc.billing.balance.queryFilter());
      },
      onError: () => setNotice({ tone: "error", text: m.threshold_invalid }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = value.trim();
    const parsed = text ? parseRubInput(text) : undefined;
    if (parsed && !parsed.ok) return setNotice({ tone: "error", text: rubInputErrorText(parsed.error, locale, AMOUNT_RULES) });
    save.mutate({ thresholdRub: text || null });
  };
  return (
    <Card title={m.lowTitle}>
      <p className="mb-3 text-xs text-slate-600 dark:text-slate-400">{m.lowLead}</p>
      <form onSubmit={submit} className="flex flex-col gap-3" data-testid="low-balance-form">
        <div className="flex flex-wrap items-end gap-2">
          <div className="flex min-w-[8rem] flex-1 flex-col gap-1">
            <label htmlFor="low-balance" className="text-sm font-medium">
              {m.lowLabel}
            </label>
            <input
              id="low-balance"
              name="threshold"
              inputMode="decimal"
              autoComplete="off"
              className={inputClass}
              placeholder={m.lowPlaceholder}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-describedby="low-balance-hint"
              data-testid="low-balance-input"
            />
          </div>
          <Button type="submit" disabled={save.isPending} data-testid="low-balance-save">
            {m.lowSave}
          </Button>
          {current !== null ? (
            <Button
              type="button"
              variant="secondary"
              disabled={save.isPending}
              onClick={() => save.mutate({ thresholdRub: null })}
              data-testid="low-balance-off"
            >
              {m.lowOff}
            </Button>
          ) : null}
        </div>
        <p id="low-balance-hint" className="text-xs text-slate-500">
          {rubMessages[locale].hint}
        </p>
        <p className="text-xs text-slate-500" data-testid="low-balance-current">
          {current === null ? m.lowNone : format(m.lowCurrent, { amount: formatRub(current, locale) })}
        </p>
        {notice ? (
          <Alert tone={notice.tone} testId="low-balance-notice">
            {notice.text}
          </Alert>
        ) : null}
      </form>
    </Card>
  );
}
