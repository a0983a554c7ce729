"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { KindBadge } from "@/components/billing/kind-badge";
import { Rub } from "@/components/format/rub";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime, type TimeZone } from "@/server/core/format/time";
import { EXPIRED_REASONS } from "@/server/services/topups/expired";
import { billingMessages } from "./messages";

const STATUS_TONE = { credited: "topup", pending: "adjustment", new: "charge", canceled: "charge", expired: "charge" } as const;

/** An abandoned checkout reads "expired", not "canceled". */
const shownStatus = (t: { status: keyof typeof STATUS_TONE; cancellationReason: string | null }) =>
  t.status === "canceled" && t.cancellationReason && EXPIRED_REASONS.includes(t.cancellationReason) ? "expired" : t.status;

export function TopupHistory({ zone }: { zone: TimeZone }) {
  const m = useMessages(billingMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const [limit, setLimit] = useState(10);
  const { data } = useQuery({
    ...trpc.billing.topups.queryOptions({ limit }),
    placeholderData: (previous) => previous,
  });
  return (
    <Card title={m.historyTitle}>
      {data && data.topups.length === 0 ? (
        <p className="text-sm text-slate-500">{m.historyEmpty}</p>
      ) : (
        <ul className="flex flex-col text-sm" data-testid="topup-history">
          {data?.topups.map((t) => (
            <li
              key={t.id}
              className="flex items-center justify-between gap-3 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-800"
              data-testid="topup-history-row"
            >
              <div className="flex min-w-0 flex-col">
                <span className="tabular-nums">{formatDateTime(t.createdAt, { locale, zone })}</span>
                <code className="truncate text-xs text-slate-500">{t.id}</code>
              </div>
              <div className="flex shrink-0 items-center gap-3">
                <KindBadge kind={STATUS_TONE[shownStatus(t)]}>{m[`status_${shownStatus(t)}`]}</KindBadge>
                <Rub micro={t.amountMicro} locale={locale} symbol={false} className="w-24 text-right font-medium tabular-nums" />
              </div>
            </li>
          ))}
        </ul>
      )}
      {data?.more ? (
        <Button
          variant="secondary"
          className="mt-3"
          onClick={() => setLimit((n) => n + 20)}
          data-testid="topup-history-more"
        >
          {m.more}
        </Button>
      ) : null}
    </Card>
  );
}
