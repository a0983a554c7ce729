"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocale, useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Truncate } from "@/components/ui/truncate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatRub } from "@/server/core/format/rub";
import { format } from "@/server/core/locale";
import { fieldErrorsOf } from "../../org/field-errors";
import { legalAdminMessages } from "../legal/messages";

const cell = "px-2 py-1.5 align-top";
const COUNTS = ["incoming", "matched", "duplicates", "unmatched", "malformed", "failed"] as const;

/** The file as base64, read in the browser (the procedure takes the bytes as the bank exported them). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Uploads a 1C statement and shows what became of each payment: credited, duplicate, unmatched, and the parse errors by line. */
export function StatementUpload() {
  const m = useMessages(legalAdminMessages);
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const upload = useMutation(
    trpc.legalAdmin.importStatement.mutationOptions({
      onSuccess: () => {
        setError(undefined);
        void queryClient.invalidateQueries(trpc.legalAdmin.bankPayments.pathFilter());
        void queryClient.invalidateQueries(trpc.legalAdmin.openInvoices.queryFilter());
      },
      onError: (err) => setError(Object.values(fieldErrorsOf(err))[0] ?? format(m.failed, { code: err.message })),
    }),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ fileName: file.name, contentBase64: await base64Of(file) });
  };
  const result = upload.data;
  return (
    <Card title={m.uploadTitle}>
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-2 sm:flex-row sm:items-end" data-testid="statement-form">
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor="statement-file" className="text-sm font-medium">
            {m.file}
          </label>
          <input
            id="statement-file"
            type="file"
            accept=".txt,text/plain"
            className="max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 dark:file:border-slate-700 dark:file:bg-slate-900"
            onChange={(e) => setFile(e.target.files?.[0])}
            data-testid="statement-file"
          />
        </div>
        <Button type="submit" disabled={!file || upload.isPending} data-testid="statement-upload">
          {m.upload}
        </Button>
      </form>
      {error ? (
        <div className="mt-3">
          <Alert tone="error" testId="statement-error">
            {error}
          </Alert>
        </div>
      ) : null}
      {result && upload.variables ? (
        <div className="mt-4 flex flex-col gap-3" data-testid="statement-result">
          <h3 className="text-sm font-semibold">{format(m.result, { file: upload.variables.fileName })}</h3>
          <ul className="flex flex-wrap gap-2 text-sm">
            {COUNTS.map((count) => (
              <li key={count} className="rounded-md border border-slate-200 px-2 py-1 dark:border-slate-800" data-testid={`statement-count-${count}`} data-count={result.counts[count]}>
                <span className="font-semibold tabular-nums">{result.counts[count]}</span> {m[`c_${count}`]}
              </li>
            ))}
            <li className="rounded-md border border-slate-200 px-2 py-1 dark:border-slate-800" data-testid="statement-credited" data-micro={result.counts.creditedMicro}>
              {m.c_credited}: <span className="font-semibold tabular-nums">{formatRub(result.counts.creditedMicro, locale)}</span>
            </li>
          </ul>
          {result.errors.length > 0 ? (
            <Alert tone="warning" testId="statement-errors">
              <p className="font-medium">{m.errors}</p>
              <ul className="mt-1 list-disc pl-5">
                {result.errors.map((e, i) => (
                  <li key={i} data-testid="statement-error-line" data-line={e.line}>
                    {format(m.line, { line: e.line })}: {e.text}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          {result.payments.length > 0 ? (
            <div className="-mx-4 overflow-x-auto px-4">
              <table className="w-full text-left text-sm" data-testid="statement-payments">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th className={cell}>{m.doc}</th>
                    <th className={cell}>{m.payer}</th>
                    <th className={`${cell} text-right`}>{m.amount}</th>
                    <th className={cell}>{m.status}</th>
                    <th className={cell}>{m.note}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.payments.map((p) => (
                    <tr key={`${p.line}-${p.docNumber}`} className="border-t border-slate-200 dark:border-slate-800" data-testid="statement-payment" data-status={p.status}>
                      <td className={`${cell} whitespace-nowrap`}>
                        № {p.docNumber} · {p.docDate}
                      </td>
                      <td className={cell}>
                        <Truncate text={p.payerName} />
                        <span className="text-xs text-slate-500">{p.payerInn}</span>
                      </td>
                      <td className={`${cell} whitespace-nowrap text-right tabular-nums`}>{formatRub(p.amountMicro, locale)}</td>
                      <td className={cell}>{m[`p_${p.status}`]}</td>
                      <td className={`${cell} min-w-64 text-xs`}>{p.note ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
