import { getSessionUser } from "@/server/auth/session";
import { toCsvVariant } from "@/server/core/format/csv";
import { getDb } from "@/server/db";
import { exportActivityCsv } from "@/server/services/usage/export-activity-csv";
import { resolveRange, usageFiltersSchema } from "@/server/services/usage/filters";
import { csvDownload, invalidQuery, plainText as text, queryParams } from "../../download-route";

export const dynamic = "force-dynamic";

/** GET /api/activity/export?from&to&model&keyId&variant=excel-ru|machine: the signed-in user's requests in the range as a CSV download. */
export async function GET(request: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return text(401, "unauthorized");

  const parsed = usageFiltersSchema.safeParse(queryParams(request));
  if (!parsed.success) return invalidQuery(parsed.error);

  const variant = toCsvVariant(new URL(request.url).searchParams.get("variant"));
  const chunks = await exportActivityCsv(await getDb(), user.id, parsed.data, { variant });
  if (!chunks) return text(404, "key_not_found");
  const { from, to } = resolveRange(parsed.data);
  return csvDownload(chunks, `xrouter-activity-${from}-${to}.csv`);
}
