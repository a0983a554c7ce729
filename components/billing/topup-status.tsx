"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useBalanceChanged } from "./use-balance-changed";
import { format } from "@/server/core/locale";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { formatRub } from "@/server/core/format/rub";
import { cancellationText, topupMessages } from "./topup-messages";

export interface TopupStatusData {
  id: string;
  status: "new" | "pending" | "credited" | "canceled";
  amountMicro: number;
  cancellationReason: string | null;
  balanceMicro: number;
}

const POLL_MS = 2000;
/** After this long the page stops polling and says the payment is still unconfirmed (the sweeper settles it). */
const POLL_FOR_MS = 5 * 60 * 1000;

/** The return page's live part: polls the top-up while YooKassa has not settled it. */
export function TopUpStatus({ initial }: { initial: TopupStatusData }) {
  const m = useMessages(topupMessages);
  const locale = useLocale();
  const [data, setData] = useState(initial);
  const [gaveUp, setGaveUp] = useState(false);
  const open = data.status === "new" || data.status === "pending";
  const balanceChanged = useBalanceChanged();

  useEffect(() => {
    if (!open) return;
    const started = Date.now();
    let stopped = false;
    const timer = setInterval(async () => {
      if (Date.now() - started > POLL_FOR_MS) {
        setGaveUp(true);
        clearInterval(timer);
        return;
      }
      try {
        const res = await fetch(`/api/payments/topups/${encodeURIComponent(initial.id)}`, { cache: "no-store" });
        if (!res.ok || stopped) return;
        const next = (await res.json()) as TopupStatusData;
        if (next.status === "credited") balanceChanged();
        setData(next);
      } catch {
        // keep polling
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [open, initial.id, balanceChanged]);

  const amount = formatRub(data.amountMicro, locale);
  return (
    <Card title={format(m.statusTitle, { amount })}>
      <div className="flex flex-col gap-3" data-testid="topup-status" data-status={data.status}>
        {data.status === "credited" ? (
          <>
            <Alert tone="success" testId="topup-credited">
              {format(m.credited, { amount })}
            </Alert>
            <p className="text-sm" data-testid="topup-balance">
              {format(m.balance, { balance: formatRub(data.balanceMicro, locale) })}
            </p>
          </>
        ) : data.status === "canceled" ? (
          <Alert tone="error" testId="topup-canceled">
            {m.canceled}
            {data.cancellationReason
              ? ` ${format(m.reason, { reason: cancellationText(m, data.cancellationReason) })}`
              : ""}
          </Alert>
        ) : (
          <Alert tone={gaveUp ? "warning" : "info"} testId="topup-processing">
            {gaveUp ? m.stillProcessing : m.processing}
          </Alert>
        )}
        <div className="flex flex-wrap gap-4 text-sm">
          <Link href="/billing" className="text-indigo-600 hover:underline dark:text-indigo-400">
            {m.toBilling}
          </Link>
          {!open ? (
            <Link href="/billing/topup/new" className="text-indigo-600 hover:underline dark:text-indigo-400">
              {data.status === "canceled" ? m.tryAgain : m.again}
            </Link>
          ) : null}
        </div>
      </div>
    </Card>
  );
}
