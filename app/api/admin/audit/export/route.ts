import { getSessionUser } from "@/server/auth/session";
import { toCsvVariant } from "@/server/core/format/csv";
import { dayInZone } from "@/server/core/format/time";
import { getDb } from "@/server/db";
import { getTimeZone } from "@/server/services/accounts/time-zone";
import { exportAuditCsv } from "@/server/services/audit/export-events-csv";
import { auditFiltersSchema } from "@/server/services/audit/list-events";
import { csvDownload, invalidQuery, plainText as text, queryParams } from "../../../download-route";

export const dynamic = "force-dynamic";

/**
 * GET /api/admin/audit/export?user&kind&from&to&variant=excel-ru|machine: the filtered audit log as a CSV download, for
 * admins only; days and Excel's times in the admin's zone.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return text(401, "unauthorized");
  if (user.role !== "admin") return text(404, "not found");

  const parsed = auditFiltersSchema.safeParse(queryParams(request));
  if (!parsed.success) return invalidQuery(parsed.error);

  const variant = toCsvVariant(new URL(request.url).searchParams.get("variant"));
  const db = await getDb();
  const zone = await getTimeZone(db, user.id);
  return csvDownload(exportAuditCsv(db, { ...parsed.data, zone }, { variant, zone }), `xrouter-audit-${dayInZone(new Date(), zone)}.csv`);
}
