"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { formatRub } from "@/server/core/format/rub";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { billingMessages, type BillingMessages } from "./messages";

const KNOWN = ["promo_not_redeemable", "promo_already_redeemed", "too_many_attempts"] as const;

export function PromoForm() {
  const m = useMessages(billingMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const redeem = useMutation(
    trpc.billing.redeemPromo.mutationOptions({
      onSuccess: async (result) => {
        setNotice({
          tone: "success",
          text: format(m.promoDone, { code: result.code, amount: formatRub(result.amountMicro, locale, { signed: true }) }),
        });
        setCode("");
        const changed = [trpc.billing.balance.queryFilter(), trpc.billing.ledger.pathFilter(), trpc.billing.statementMonths.queryFilter()];
        // A first load still in flight may have read the ledger before the credit: cancel it, or the
        // invalidation would wait for that stale answer instead of asking again.
        await Promise.all(changed.map((filter) => queryClient.cancelQueries(filter)));
        await Promise.all(changed.map((filter) => queryClient.invalidateQueries(filter)));
      },
      onError: (err) => {
        const key = (KNOWN as readonly string[]).includes(err.message)
          ? (err.message as keyof BillingMessages)
          : "promo_error";
        setNotice({ tone: "error", text: m[key] });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) redeem.mutate({ code: code.trim() });
  };
  return (
    <Card title={m.promoTitle}>
      <form onSubmit={submit} className="flex flex-col gap-3" data-testid="promo-form">
        <label htmlFor="promo-code" className="sr-only">
          {m.promoLabel}
        </label>
        <div className="flex gap-2">
          <input
            id="promo-code"
            name="code"
            className={`${inputClass} uppercase placeholder:normal-case`}
            placeholder={m.promoLabel}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={64}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setNotice(undefined);
            }}
            data-testid="promo-code"
          />
          <Button type="submit" disabled={redeem.isPending || !code.trim()} data-testid="promo-submit">
            {m.promoSubmit}
          </Button>
        </div>
        {notice ? (
          <Alert tone={notice.tone} testId="promo-notice">
            {notice.text}
          </Alert>
        ) : null}
      </form>
    </Card>
  );
}
