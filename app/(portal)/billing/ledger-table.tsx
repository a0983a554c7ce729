"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { KindBadge } from "@/components/billing/kind-badge";
import { Rub } from "@/components/format/rub";
import { useLocale, useMessages } from "@/components/i18n/client";
import { promoReferenceLabel } from "@/components/i18n/labels";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime, type TimeZone } from "@/server/core/format/time";
import { displayNote, displayReference } from "@/server/services/billing/statement-format";
import { billingMessages, type BillingMessages } from "./messages";

const PAGE = 20;

type Entry = {
  kind: "topup" | "charge" | "refund" | "adjustment" | "promo";
  reference: string | null;
  note: string | null;
  keyName: string | null;
  keyId: string | null;
};

/** What caused the movement: the request id and key of a charge, the payment id of a top-up, the promo code. */
function Details({ entry, m }: { entry: Entry; m: BillingMessages }) {
  const locale = useLocale();
  const ref = entry.kind === "promo" && entry.reference ? promoReferenceLabel(entry.reference, locale) : displayReference(entry.kind, entry.reference);
  const note = displayNote(entry, locale);
  const label =
    entry.kind === "charge"
      ? m.requestId
      : entry.kind === "topup"
        ? m.paymentId
        : entry.kind === "promo" && entry.reference?.startsWith("promo:")
          ? m.promoCode
          : null;
  return (
    <div className="flex min-w-0 flex-col gap-0.5 text-xs">
      {ref ? (
        <span className="truncate">
          {label ? <span className="text-slate-500">{label} </span> : null}
          <code className="break-all" data-testid="ledger-reference">
            {ref}
          </code>
        </span>
      ) : null}
      {entry.kind === "charge" && (entry.keyName || entry.keyId) ? (
        <span className="truncate text-slate-500">
          {m.key}: <span className="text-slate-700 dark:text-slate-300">{entry.keyName ?? entry.keyId}</span>
          {note ? ` · ${note}` : null}
        </span>
      ) : note && entry.kind !== "topup" && entry.kind !== "promo" ? (
        <span className="truncate text-slate-500">{note}</span>
      ) : null}
    </div>
  );
}

/** `zone`: the reader's setting; each time carries its label. */
export function LedgerTable({ zone }: { zone: TimeZone }) {
  const m = useMessages(billingMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage } = useInfiniteQuery(
    trpc.billing.ledger.infiniteQueryOptions(
      { limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const entries = data?.pages.flatMap((p) => p.entries) ?? [];
  const when = (d: Date) => formatDateTime(d, { locale, zone });
  return (
    <Card title={m.ledgerTitle}>
      {data && entries.length === 0 ? (
        <p className="text-sm text-slate-500">{m.ledgerEmpty}</p>
      ) : (
        <>
          <ul className="flex flex-col text-sm sm:hidden" data-testid="ledger-list">
            {entries.map((entry) => (
              <li
                key={entry.id}
                className="flex flex-col gap-1 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-800"
                data-testid="ledger-item"
                data-kind={entry.kind}
              >
                <div className="flex items-center justify-between gap-2">
                  <KindBadge kind={entry.kind}>{m[`kind_${entry.kind}`]}</KindBadge>
                  <span
                    className={`font-medium tabular-nums ${entry.amountMicro > 0 ? "text-emerald-700 dark:text-emerald-400" : ""}`}
                  >
                    <Rub micro={entry.amountMicro} locale={locale} precision="request" signed />
                  </span>
                </div>
                <div className="flex items-center justify-between gap-2 text-xs text-slate-500">
                  <span>{when(entry.createdAt)}</span>
                  <span className="tabular-nums">
                    {m.after} <Rub micro={entry.balanceAfterMicro} locale={locale} symbol={false} />
                  </span>
                </div>
                <Details entry={entry} m={m} />
              </li>
            ))}
          </ul>
          <div className="-mx-4 hidden overflow-x-auto px-4 sm:block">
            <table className="w-full min-w-[36rem] text-left text-sm" data-testid="ledger-table">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-2 pr-3 font-medium">{m.date}</th>
                  <th className="py-2 pr-3 font-medium">{m.kind}</th>
                  <th className="py-2 pr-3 text-right font-medium">{m.amount}</th>
                  <th className="py-2 pr-3 text-right font-medium">{m.after}</th>
                  <th className="py-2 font-medium">{m.details}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr
                    key={entry.id}
                    className="border-t border-slate-200 align-top dark:border-slate-800"
                    data-testid="ledger-row"
                    data-kind={entry.kind}
                  >
                    <td className="py-2 pr-3 whitespace-nowrap text-slate-600 dark:text-slate-400">
                      {when(entry.createdAt)}
                    </td>
                    <td className="py-2 pr-3">
                      <KindBadge kind={entry.kind}>{m[`kind_${entry.kind}`]}</KindBadge>
                    </td>
                    <td
                      className={`py-2 pr-3 text-right whitespace-nowrap tabular-nums ${entry.amountMicro > 0 ? "text-emerald-700 dark:text-emerald-400" : ""}`}
                      data-testid="ledger-amount"
                    >
                      <Rub micro={entry.amountMicro} locale={locale} precision="request" signed symbol={false} />
                    </td>
                    <td className="py-2 pr-3 text-right whitespace-nowrap tabular-nums">
                      <Rub micro={entry.balanceAfterMicro} locale={locale} symbol={false} />
                    </td>
                    <td className="max-w-[18rem] py-2">
                      <Details entry={entry} m={m} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {hasNextPage ? (
        <Button
          variant="secondary"
          className="mt-3"
          disabled={isFetchingNextPage}
          onClick={() => void fetchNextPage()}
          data-testid="ledger-more"
        >
          {m.more}
        </Button>
      ) : null}
    </Card>
  );
}
