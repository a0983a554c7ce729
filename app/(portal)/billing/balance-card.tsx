"use client";

import { useQuery } from "@tanstack/react-query";
import { Rub } from "@/components/format/rub";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { billingMessages } from "./messages";

type BalanceView = { balanceMicro: number; lowBalanceThresholdMicro: number | null };

export function BalanceCard({ initial }: { initial?: BalanceView }) {
  const m = useMessages(billingMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.billing.balance.queryOptions(), initialData: initial });
  const balance = data?.balanceMicro ?? 0;
  const low = data?.lowBalanceThresholdMicro != null && balance < data.lowBalanceThresholdMicro;
  return (
    <Card title={m.balance}>
      <p className={`text-4xl font-bold tracking-tight tabular-nums sm:text-5xl ${balance < 0 || low ? "text-red-600 dark:text-red-400" : ""}`}>
        <Rub micro={balance} locale={locale} testId="billing-balance" />
      </p>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{m.balanceHint}</p>
    </Card>
  );
}
