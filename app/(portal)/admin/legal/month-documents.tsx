"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMessages } from "@/components/i18n/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { format } from "@/server/core/locale";
import { legalAdminMessages } from "./messages";

/** Issues a month's УПД by hand (one organization, or all with charges), or a correction for one organization. */
export function MonthDocuments() {
  const m = useMessages(legalAdminMessages);
  const trpc = useTRPC();
  // The last month: a month is closed only once it is over.
  const [month, setMonth] = useState(() => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  });
  const [orgId, setOrgId] = useState("");
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const onError = (err: { message: string }) =>
    setNotice({ tone: "error", text: err.message === "month_not_over" ? m.monthNotOver : format(m.failed, { code: err.message }) });
  const issue = useMutation(
    trpc.legalAdmin.issueMonthDocuments.mutationOptions({
      onSuccess: (result) =>
        setNotice({
          tone: "success",
          text: format(m.docsIssued, { issued: result.issued.length, skipped: result.skipped.map((s) => `${s.orgId} (${s.reason})`).join(", ") || "0" }),
        }),
      onError,
    }),
  );
  const correct = useMutation(trpc.legalAdmin.correctMonthDocument.mutationOptions({ onSuccess: () => setNotice({ tone: "success", text: m.corrected }), onError }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate({ month, orgId: orgId.trim() || undefined });
  };
  return (
    <Card title={m.docsTitle}>
      <p className="mb-3 text-xs text-slate-600 dark:text-slate-400">{m.docsLead}</p>
      <form onSubmit={submit} className="flex flex-col gap-3" data-testid="month-documents-form">
        <div className="flex flex-wrap gap-2">
          <div className="flex flex-col gap-1">
            <label htmlFor="docs-month" className="text-xs font-medium">
              {m.month}
            </label>
            <input id="docs-month" type="month" className={`${inputClass} w-44`} value={month} onChange={(e) => setMonth(e.target.value)} data-testid="docs-month" />
          </div>
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <label htmlFor="docs-org" className="text-xs font-medium">
              {m.orgId}
            </label>
            <input id="docs-org" className={inputClass} placeholder="org_…" value={orgId} onChange={(e) => setOrgId(e.target.value)} data-testid="docs-org" />
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={issue.isPending || !month} data-testid="docs-issue">
            {m.issueDocs}
          </Button>
          <Button type="button" variant="secondary" disabled={correct.isPending || !orgId.trim()} onClick={() => correct.mutate({ month, orgId: orgId.trim() })}>
            {m.correct}
          </Button>
        </div>
        {notice ? (
          <Alert tone={notice.tone} testId="docs-notice">
            {notice.text}
          </Alert>
        ) : null}
      </form>
    </Card>
  );
}
