import { getLocale } from "@/components/i18n/server";
import { getActingAccount } from "@/server/auth/acting-account";
import { toCsvVariant } from "@/server/core/format/csv";
import { getDb } from "@/server/db";
import { getTimeZone } from "@/server/services/accounts/time-zone";
import { statementCsv } from "@/server/services/billing/statement-csv";
import { buildStatement } from "@/server/services/billing/statement-data";
import { isStatementMonth } from "@/server/services/billing/statement-period";
import { statementPdf } from "@/server/services/billing/statement-pdf";
import { can } from "@/server/services/organizations/permissions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET /api/billing/statement?month=YYYY-MM&format=csv|pdf[&variant=excel-ru|machine]: the chosen account's monthly
 * statement (an organization's: its wallet, named by the organization); a CSV is for Russian Excel unless `variant=machine`.
 */
export async function GET(request: Request): Promise<Response> {
  const acting = await getActingAccount();
  if (!acting) return text(401, "unauthorized");
  const { user, account } = acting;
  if (!can(account, "billing.read")) return text(403, "role_forbidden");
  const holder = account.kind === "organization" ? { id: account.walletUserId, email: account.orgName } : user;
  const params = new URL(request.url).searchParams;
  const month = params.get("month") ?? "";
  const format = params.get("format") ?? "csv";
  if (!isStatementMonth(month)) return text(400, "month: expected YYYY-MM, not in the future");
  if (format !== "csv" && format !== "pdf") return text(400, "format: expected csv or pdf");

  const db = await getDb();
  const [statement, zone, locale] = await Promise.all([buildStatement(db, holder, month), getTimeZone(db, user.id), getLocale()]);
  if (!statement) return text(400, "month: expected YYYY-MM");
  const filename = `xrouter-statement-${month}.${format}`;
  const headers = { "content-disposition": `attachment; filename="${filename}"`, "cache-control": "private, no-store" };
  if (format === "csv")
    return new Response(statementCsv(statement, locale, toCsvVariant(params.get("variant")), zone), {
      headers: { ...headers, "content-type": "text/csv; charset=utf-8" },
    });
  const pdf = await statementPdf(statement, locale, zone);
  return new Response(Buffer.from(pdf), { headers: { ...headers, "content-type": "application/pdf" } });
}
