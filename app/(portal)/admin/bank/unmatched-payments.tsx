"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Truncate } from "@/components/ui/truncate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { formatRub } from "@/server/core/format/rub";
import { format } from "@/server/core/locale";
import { legalAdminMessages } from "../legal/messages";

/** Payments no invoice matched, each credited by hand to an open invoice or straight to an organization. */
export function UnmatchedPayments() {
  const m = useMessages(legalAdminMessages);
  const trpc = useTRPC();
  const payments = useQuery(trpc.legalAdmin.bankPayments.queryOptions({ status: "unmatched" }));
  const invoices = useQuery(trpc.legalAdmin.openInvoices.queryOptions());
  return (
    <Card title={m.unmatchedTitle}>
      {payments.data?.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{m.noUnmatched}</p>
      ) : (
        <ul className="flex flex-col text-sm" data-testid="unmatched-payments">
          {payments.data?.map((payment) => <PaymentRow key={payment.id} payment={payment} invoices={invoices.data ?? []} />)}
        </ul>
      )}
    </Card>
  );
}

type Payment = { id: string; docNumber: string; docDate: string; payerName: string | null; payerInn: string | null; amountMicro: number; purpose: string };
type OpenInvoice = { id: string; orgId: string; orgName: string; numberText: string; amountMicro: number };

function PaymentRow({ payment, invoices }: { payment: Payment; invoices: OpenInvoice[] }) {
  const m = useMessages(legalAdminMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [invoiceId, setInvoiceId] = useState("");
  const [orgId, setOrgId] = useState("");
  const [error, setError] = useState<string>();
  const assign = useMutation(
    trpc.legalAdmin.assignPayment.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.legalAdmin.bankPayments.pathFilter());
        void queryClient.invalidateQueries(trpc.legalAdmin.openInvoices.queryFilter());
      },
      onError: (err) => setError(format(m.failed, { code: err.message })),
    }),
  );
  const invoice = invoices.find((i) => i.id === invoiceId);
  const target = invoice?.orgId ?? orgId.trim();
  return (
    <li className="flex flex-col gap-2 border-t border-slate-200 py-3 first:border-t-0 dark:border-slate-800" data-testid="unmatched-payment" data-doc={payment.docNumber}>
      <div className="flex flex-wrap justify-between gap-2">
        <span className="min-w-0">
          <span className="font-medium">
            № {payment.docNumber} · {payment.docDate}
          </span>{" "}
          <span className="text-slate-600 dark:text-slate-400">
            {payment.payerName ?? ""} {payment.payerInn ? `(ИНН ${payment.payerInn})` : ""}
          </span>
        </span>
        <span className="font-semibold tabular-nums">{formatRub(payment.amountMicro, locale)}</span>
      </div>
      <Truncate text={payment.purpose} className="max-w-full text-xs text-slate-500" />
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <label className="sr-only" htmlFor={`assign-invoice-${payment.id}`}>
          {m.assignTo}
        </label>
        <select id={`assign-invoice-${payment.id}`} className={`${inputClass} sm:w-80`} value={invoiceId} onChange={(e) => setInvoiceId(e.target.value)} data-testid="assign-invoice">
          <option value="">{m.pickInvoice}</option>
          {invoices.map((i) => (
            <option key={i.id} value={i.id}>
              {i.numberText} · {i.orgName} · {formatRub(i.amountMicro, locale)}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor={`assign-org-${payment.id}`}>
          {m.orOrg}
        </label>
        <input
          id={`assign-org-${payment.id}`}
          className={`${inputClass} sm:w-56`}
          placeholder={m.orOrg}
          disabled={!!invoice}
          value={orgId}
          onChange={(e) => setOrgId(e.target.value)}
          data-testid="assign-org"
        />
        <Button
          variant="secondary"
          disabled={!target || assign.isPending}
          onClick={() => assign.mutate({ paymentId: payment.id, orgId: target, invoiceId: invoice?.id ?? null })}
          data-testid="assign-submit"
        >
          {m.assign}
        </Button>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </li>
  );
}
