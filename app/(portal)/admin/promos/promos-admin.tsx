"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { KindBadge } from "@/components/billing/kind-badge";
import { useDateTime, useTimeZone } from "@/components/format/time-zone";
import { useLocale, useMessages } from "@/components/i18n/client";
import { format } from "@/server/core/locale";
import { AMOUNT_RULES, formatRub, parseRubInput } from "@/server/core/format/rub";
import { rubInputErrorText, rubMessages } from "@/server/core/format/rub-messages";
import { endOfDayInZone } from "@/server/core/format/time";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { promoMessages } from "./messages";

const KNOWN = ["promo_exists", "promo_invalid", "invalid_amount"] as const;
const STATE_TONE = { active: "topup", expired: "charge", exhausted: "adjustment" } as const;

export function PromosAdmin() {
  const m = useMessages(promoMessages);
  const locale = useLocale();
  const zone = useTimeZone();
  const when = useDateTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.pricing.promos.queryOptions());
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const create = useMutation(
    trpc.pricing.createPromo.mutationOptions({
      onSuccess: async (promo) => {
        setNotice({ tone: "success", text: format(m.created, { code: promo.code }) });
        await queryClient.invalidateQueries(trpc.pricing.promos.queryFilter());
      },
      onError: (err) => {
        const fields = (err.data?.zodError?.fieldErrors ?? {}) as Record<string, unknown>;
        const zodAmount = fields.amount ? "invalid_amount" : fields.code ? "promo_invalid" : undefined;
        const key = (KNOWN as readonly string[]).includes(err.message)
          ? (err.message as (typeof KNOWN)[number])
          : (zodAmount ?? "error");
        setNotice({ tone: "error", text: m[key] });
      },
    }),
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const expires = String(data.get("expires") ?? "");
    const maxUses = String(data.get("maxUses") ?? "").trim();
    const amount = String(data.get("amount") ?? "").trim();
    const parsed = parseRubInput(amount);
    if (!parsed.ok) return setNotice({ tone: "error", text: rubInputErrorText(parsed.error, locale, AMOUNT_RULES) });
    create.mutate(
      {
        code: String(data.get("code") ?? "").trim(),
        amount,
        // The end of the chosen day in the admin's time zone.
        expiresAt: expires ? endOfDayInZone(expires, zone) : null,
        maxUses: maxUses ? Number(maxUses) : null,
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <div className="flex flex-col gap-4">
      <Card title={m.createTitle}>
        <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="promo-create-form">
          <Field
            label={m.code}
            id="code"
            required
            minLength={3}
            maxLength={40}
            autoComplete="off"
            style={{ textTransform: "uppercase" }}
            hint={m.codeHint}
            data-testid="promo-create-code"
          />
          <Field
            label={m.amount}
            id="amount"
            required
            inputMode="decimal"
            autoComplete="off"
            hint={rubMessages[locale].hint}
            data-testid="promo-create-amount"
          />
          <Field label={m.expires} id="expires" type="date" data-testid="promo-create-expires" />
          <Field
            label={m.maxUses}
            id="maxUses"
            type="number"
            min={1}
            step={1}
            hint={m.maxUsesHint}
            data-testid="promo-create-max"
          />
          <div className="sm:col-span-2 lg:col-span-4">
            <Button type="submit" disabled={create.isPending} data-testid="promo-create-submit">
              {m.create}
            </Button>
          </div>
        </form>
        {notice ? (
          <div className="mt-3">
            <Alert tone={notice.tone} testId="promo-create-notice">
              {notice.text}
            </Alert>
          </div>
        ) : null}
      </Card>
      <Card title={m.listTitle}>
        {data && data.length === 0 ? (
          <p className="text-sm text-slate-500">{m.none}</p>
        ) : (
          <div tabIndex={0} className="-mx-4 overflow-x-auto px-4 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <table className="w-full min-w-[36rem] text-left text-sm" data-testid="promo-table">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-2 pr-3 font-medium">{m.code}</th>
                  <th className="py-2 pr-3 text-right font-medium">{m.amount}</th>
                  <th className="py-2 pr-3 text-right font-medium">{m.uses}</th>
                  <th className="py-2 pr-3 font-medium">{m.expires.replace(/ \(.*\)$/, "")}</th>
                  <th className="py-2 pr-3 font-medium">{m.state}</th>
                  <th className="py-2 font-medium">{m.createdAt}</th>
                </tr>
              </thead>
              <tbody>
                {data?.map((p) => (
                  <tr
                    key={p.code}
                    className="border-t border-slate-200 dark:border-slate-800"
                    data-testid="promo-row"
                    data-code={p.code}
                  >
                    <td className="py-2 pr-3">
                      <code className="block max-w-56 truncate font-medium" title={p.code}>
                        {p.code}
                      </code>
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatRub(p.amountMicro, locale, { symbol: false })}</td>
                    <td className="py-2 pr-3 text-right tabular-nums" data-testid="promo-uses">
                      {p.uses} / {p.maxUses ?? "∞"}
                    </td>
                    <td className="py-2 pr-3">
                      {p.expiresAt ? when(p.expiresAt) : m.never}
                    </td>
                    <td className="py-2 pr-3">
                      <KindBadge kind={STATE_TONE[p.state]}>{m[p.state]}</KindBadge>
                    </td>
                    <td className="py-2 whitespace-nowrap text-slate-500">{when(p.createdAt, { time: "none" })}</td>
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
