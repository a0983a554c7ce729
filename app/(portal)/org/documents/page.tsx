import { getLocale, getMessages } from "@/components/i18n/server";
import { pageMetadata } from "@/components/layout/page-title";
import { Card } from "@/components/ui/card";
import { formatRub } from "@/server/core/format/rub";
import { formatMonth } from "@/server/core/format/time";
import { format } from "@/server/core/locale";
import { can } from "@/server/services/organizations/permissions";
import { orgMessages } from "../messages";
import { loadOrgPage, OrgFrame } from "../org-context";

export const dynamic = "force-dynamic";

export const generateMetadata = pageMetadata("orgDocuments");

const cell = "px-2 py-2 align-middle";
const downloadClass = "rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800";

/** The organization's УПД (and corrections) with their PDF and the CSV appendix. */
export default async function DocumentsPage() {
  const { account, caller } = await loadOrgPage();
  if (account.kind !== "organization" || !can(account, "documents.read")) return <OrgFrame account={account} section="documents" />;
  const [m, locale, documents] = await Promise.all([getMessages(orgMessages), getLocale(), caller.legal.documents()]);
  return (
    <OrgFrame account={account} section="documents">
      <p className="text-sm text-slate-600 dark:text-slate-400">{m.documentsLead}</p>
      <Card title={m.documentsTitle}>
        {documents.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.noDocuments}</p>
        ) : (
          <div className="-mx-4 overflow-x-auto px-4">
            <table className="w-full text-left text-sm" data-testid="documents-table">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className={cell}>{m.period}</th>
                  <th className={cell}>{m.kind}</th>
                  <th className={cell}>{m.number}</th>
                  <th className={`${cell} text-right`}>{m.total}</th>
                  <th className={`${cell} text-right`}>{m.vat}</th>
                  <th className={`${cell} relative`}>
                    <span className="sr-only">{m.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {documents.map((doc) => (
                  <tr key={doc.id} className="border-t border-slate-200 dark:border-slate-800" data-testid="document-row" data-period={doc.period} data-id={doc.id}>
                    <td className={`${cell} whitespace-nowrap`}>{formatMonth(doc.period, locale, { capitalized: true })}</td>
                    <td className={cell}>
                      {m[`kind_${doc.kind}`]}
                      {doc.correctionOrdinal ? ` № ${doc.correctionOrdinal}` : ""}
                    </td>
                    <td className={`${cell} whitespace-nowrap`}>
                      {format(m.numberDate, { number: doc.number, date: doc.date.split("-").reverse().join(".") })}
                    </td>
                    <td className={`${cell} whitespace-nowrap text-right tabular-nums`} data-testid="document-total" data-micro={doc.amountMicro}>
                      {formatRub(doc.amountMicro, locale)}
                    </td>
                    <td className={`${cell} whitespace-nowrap text-right tabular-nums`}>{formatRub(doc.vatMicro, locale)}</td>
                    <td className={cell}>
                      <span className="flex gap-2">
                        {(["pdf", "csv"] as const).map((kind) => (
                          <a
                            key={kind}
                            className={downloadClass}
                            href={`/api/billing/documents/${doc.id}?format=${kind}&org=${account.orgId}`}
                            download
                            aria-label={format("{kind} {number} ({file})", { kind: m[`kind_${doc.kind}`], number: doc.number, file: kind.toUpperCase() })}
                            data-testid={`document-${kind}`}
                          >
                            {kind === "pdf" ? m.download : m.appendixCsv}
                          </a>
                        ))}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </OrgFrame>
  );
}
