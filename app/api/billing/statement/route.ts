import { getLocale } from "@/components/i18n/server";
import { getSessionUser } from "@/server/auth/session";
import { toCsvVariant } from "@/server/core/format/csv";
import { getDb } from "@/server/db";
import { statementCsv } from "@/server/services/billing/statement-csv";
import { buildStatement } from "@/server/services/billing/statement-data";
import { isStatementMonth } from "@/server/services/billing/statement-period";
import { statementPdf } from "@/server/services/billing/statement-pdf";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET /api/billing/statement?month=YYYY-MM&format=csv|pdf[&variant=excel-ru|machine]: the signed-in user's monthly
 * statement; a CSV is for Russian Excel unless `variant=machine`.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return text(401, "unauthorized");
  const params = new URL(request.url).searchParams;
  const month = params.get("month") ?? "";
  const format = params.get("format") ?? "csv";
  if (!isStatementMonth(month)) return text(400, "month: expected YYYY-MM, not in the future");
  if (format !== "csv" && format !== "pdf") return text(400, "format: expected csv or pdf");

  const statement = await buildStatement(await getDb(), user, month);
  if (!statement) return text(400, "month: expected YYYY-MM");
  const locale = await getLocale();
  const filename = `xrouter-statement-${month}.${format}`;
  const headers = { "content-disposition": `attachment; filename="${filename}"`, "cache-control": "private, no-store" };
  if (format === "csv")
    return new Response(statementCsv(statement, locale, toCsvVariant(params.get("variant"))), {
      headers: { ...headers, "content-type": "text/csv; charset=utf-8" },
    });
  const pdf = await statementPdf(statement, locale);
  return new Response(Buffer.from(pdf), { headers: { ...headers, "content-type": "application/pdf" } });
}
