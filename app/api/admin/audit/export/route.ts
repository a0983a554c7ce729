import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { exportAuditCsv } from "@/server/services/audit/export-events-csv";
import { auditFiltersSchema } from "@/server/services/audit/list-events";
import { csvDownload, invalidQuery, plainText as text, queryParams } from "../../../download-route";

export const dynamic = "force-dynamic";

/** GET /api/admin/audit/export?user&kind&from&to: the filtered audit log as a CSV download, for admins only. */
export async function GET(request: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return text(401, "unauthorized");
  if (user.role !== "admin") return text(404, "not found");

  const parsed = auditFiltersSchema.safeParse(queryParams(request));
  if (!parsed.success) return invalidQuery(parsed.error);

  return csvDownload(exportAuditCsv(await getDb(), parsed.data), `xrouter-audit-${new Date().toISOString().slice(0, 10)}.csv`);
}
