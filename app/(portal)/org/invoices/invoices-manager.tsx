"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { formatRub } from "@/server/core/format/rub";
import { formatDateTime } from "@/server/core/format/time";
import { format } from "@/server/core/locale";
import { fieldErrorsOf } from "../field-errors";
import { orgErrorText, orgMessages } from "../messages";

const cell = "px-2 py-2 align-middle";
const STATUS_TONE = {
  issued: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  paid: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  cancelled: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  expired: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
} as const;
const downloadClass = "rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800";

/** "Выставить счёт" (roles that pay) and the organization's invoices with their status and PDF. */
export function InvoicesManager({ orgId, pay }: { orgId: string; pay: boolean }) {
  const m = useMessages(orgMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState("");
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const readiness = useQuery(trpc.legal.invoiceReadiness.queryOptions());
  const invoices = useQuery(trpc.legal.invoices.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.legal.invoices.queryFilter());
  const onError = (err: { message: string }) => setNotice({ tone: "error", text: orgErrorText(m, err.message) });
  const issue = useMutation(
    trpc.legal.issueInvoice.mutationOptions({
      onSuccess: (invoice) => {
        setNotice({ tone: "success", text: format(m.issued, { number: invoice.numberText }) });
        setAmount("");
        void refresh();
      },
      onError: (err) => (fieldErrorsOf(err).amount ? setNotice({ tone: "error", text: m.err_invalid_amount }) : onError(err)),
    }),
  );
  const cancel = useMutation(trpc.legal.cancelInvoice.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (amount.trim()) issue.mutate({ amount: amount.trim() });
  };
  const ready = readiness.data?.requisites && readiness.data.seller;

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">{m.invoicesLead}</p>
      {pay ? (
        <Card title={m.issueTitle}>
          {readiness.data && !readiness.data.requisites ? (
            <Alert tone="warning" testId="invoice-need-requisites">
              {m.needRequisites}{" "}
              <Link href="/org/requisites" className="underline">
                {m.tabRequisites}
              </Link>
            </Alert>
          ) : readiness.data && !readiness.data.seller ? (
            <Alert tone="warning">{m.needSeller}</Alert>
          ) : null}
          <form onSubmit={submit} className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end" data-testid="invoice-form">
            <div className="flex flex-col gap-1">
              <label htmlFor="invoice-amount" className="text-sm font-medium">
                {m.amount}
              </label>
              <input
                id="invoice-amount"
                className={`${inputClass} sm:w-48`}
                inputMode="decimal"
                placeholder="10 000,00"
                value={amount}
                onChange={(e) => {
                  setAmount(e.target.value);
                  setNotice(undefined);
                }}
                data-testid="invoice-amount"
              />
            </div>
            <Button type="submit" disabled={!ready || issue.isPending || !amount.trim()} data-testid="invoice-issue">
              {m.issue}
            </Button>
          </form>
          {notice ? (
            <div className="mt-3">
              <Alert tone={notice.tone} testId="invoice-notice">
                {notice.text}
              </Alert>
            </div>
          ) : null}
        </Card>
      ) : null}
      <Card title={m.invoicesTitle}>
        {invoices.data?.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.noInvoices}</p>
        ) : (
          <div className="-mx-4 overflow-x-auto px-4">
            <table className="w-full text-left text-sm" data-testid="invoices-table">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className={cell}>{m.number}</th>
                  <th className={cell}>{m.date}</th>
                  <th className={`${cell} text-right`}>{m.total}</th>
                  <th className={`${cell} text-right`}>{m.paid}</th>
                  <th className={cell}>{m.status}</th>
                  <th className={`${cell} relative`}>
                    <span className="sr-only">{m.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invoices.data?.map((invoice) => (
                  <tr
                    key={invoice.id}
                    className="border-t border-slate-200 dark:border-slate-800"
                    data-testid="invoice-row"
                    data-number={invoice.numberText}
                    data-status={invoice.status}
                    data-id={invoice.id}
                  >
                    <td className={`${cell} whitespace-nowrap font-mono text-xs`}>{invoice.numberText}</td>
                    <td className={`${cell} whitespace-nowrap`}>{formatDateTime(invoice.issuedAt, { locale, time: "none" })}</td>
                    <td className={`${cell} whitespace-nowrap text-right tabular-nums`}>{formatRub(invoice.amountMicro, locale)}</td>
                    <td className={`${cell} whitespace-nowrap text-right tabular-nums`} data-testid="invoice-paid">
                      {formatRub(invoice.paidMicro, locale)}
                    </td>
                    <td className={cell}>
                      <span className={`rounded px-1.5 py-0.5 text-xs ${STATUS_TONE[invoice.status]}`} data-testid="invoice-status">
                        {m[`invoice_${invoice.status}`]}
                      </span>
                    </td>
                    <td className={cell}>
                      <span className="flex gap-2">
                        <a
                          className={downloadClass}
                          href={`/api/billing/invoices/${invoice.id}?org=${orgId}`}
                          download
                          aria-label={format(m.downloadInvoice, { number: invoice.numberText })}
                          data-testid="invoice-pdf"
                        >
                          {m.download}
                        </a>
                        {pay && invoice.status === "issued" && invoice.paidMicro === 0 ? (
                          <button type="button" className={downloadClass} onClick={() => cancel.mutate({ invoiceId: invoice.id })} data-testid="invoice-cancel">
                            {m.cancelInvoice}
                          </button>
                        ) : null}
                      </span>
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
