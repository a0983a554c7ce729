"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useMessages } from "@/components/i18n/client";
import { roleLabel } from "@/components/i18n/labels";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { Truncate } from "@/components/ui/truncate";
import { Rub } from "@/components/format/rub";
import { useDateTime } from "@/components/format/time-zone";
import { formatRub } from "@/server/core/format/rub";
import { displayNote } from "@/server/services/billing/statement-format";
import { billingMessages } from "../../../billing/messages";
import { adminMessages } from "../../messages";

export function UserDetail({ id }: { id: string }) {
  const m = useMessages(adminMessages);
  const billing = useMessages(billingMessages);
  const locale = useLocale();
  const when = useDateTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.admin.user.queryOptions({ id }));
  const toggle = useMutation(
    trpc.admin.setUserDisabled.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.admin.user.queryFilter({ id })) }),
  );
  if (!data) return null;
  const { user, keys, ledger } = data;
  const date = (d: Date | null) => (d ? when(d) : m.never);
  return (
    <div className="flex flex-col gap-4">
      <Link href="/admin" className="text-sm text-indigo-600 underline dark:text-indigo-400">
        {m.back}
      </Link>
      <PageTitle description={`${roleLabel(user.role, locale)} · ${m.balance} ${formatRub(user.balanceMicro, locale, { symbol: false })}`}>
        <span className="break-all">{user.email}</span>
      </PageTitle>
      <div className="flex items-center gap-3">
        <span data-testid="admin-user-status">{user.disabledAt ? m.disabled : m.active}</span>
        <Button
          variant={user.disabledAt ? "secondary" : "danger"}
          disabled={toggle.isPending}
          data-testid="admin-toggle-user"
          onClick={() => toggle.mutate({ id, disabled: !user.disabledAt })}
        >
          {user.disabledAt ? m.enable : m.disable}
        </Button>
      </div>
      <Card title={m.userKeys}>
        {keys.length === 0 ? (
          <p className="text-sm text-slate-500">{m.none}</p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {keys.map((key) => (
              <li key={key.id} className="flex flex-wrap justify-between gap-2 border-t border-slate-200 pt-2 dark:border-slate-800">
                <span className="flex min-w-0 items-baseline gap-2">
                  <Truncate text={key.name} className="max-w-[20rem] min-w-0" />
                  <code className="shrink-0">{key.prefix}</code>
                </span>
                <span className="text-slate-500">
                  {key.revokedAt ? m.revoked : key.disabledAt ? m.disabled : m.active} · {m.lastUsed}: {date(key.lastUsedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={m.ledger}>
        {ledger.length === 0 ? (
          <p className="text-sm text-slate-500">{m.none}</p>
        ) : (
          <div tabIndex={0} className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-indigo-600">
            <table className="w-full min-w-[36rem] text-left text-sm" data-testid="admin-user-ledger">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-1 pr-3">{m.created}</th>
                  <th className="py-1 pr-3">{m.kind}</th>
                  <th className="py-1 pr-3 text-right">{m.amount}</th>
                  <th className="py-1 pr-3 text-right">{m.after}</th>
                  <th className="py-1">{m.note}</th>
                </tr>
              </thead>
              <tbody>
                {ledger.map((row) => (
                  <tr key={row.id} className="border-t border-slate-200 dark:border-slate-800">
                    <td className="py-1 pr-3 whitespace-nowrap">{date(row.createdAt)}</td>
                    <td className="py-1 pr-3" data-kind={row.kind}>
                      {billing[`kind_${row.kind}`]}
                    </td>
                    <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">
                      <Rub micro={row.amountMicro} locale={locale} precision="request" signed symbol={false} />
                    </td>
                    <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">
                      <Rub micro={row.balanceAfterMicro} locale={locale} symbol={false} />
                    </td>
                    <td className="py-1">
                      <Truncate text={displayNote(row, locale)} className="max-w-[18rem]" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
