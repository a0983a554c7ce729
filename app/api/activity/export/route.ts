import { getActingAccount } from "@/server/auth/acting-account";
import { toCsvVariant } from "@/server/core/format/csv";
import { getDb } from "@/server/db";
import { getTimeZone } from "@/server/services/accounts/time-zone";
import { accountUserId } from "@/server/services/organizations/acting-account";
import { can, ownKeysScope } from "@/server/services/organizations/permissions";
import { exportActivityCsv } from "@/server/services/usage/export-activity-csv";
import { resolveRange, usageFiltersSchema } from "@/server/services/usage/filters";
import { csvDownload, invalidQuery, plainText as text, queryParams } from "../../download-route";

export const dynamic = "force-dynamic";

/**
 * GET /api/activity/export?from&to&model&keyId&variant=excel-ru|machine: the chosen account's requests in the range as
 * a CSV download (an organization's developer: those of the keys they made).
 */
export async function GET(request: Request): Promise<Response> {
  const acting = await getActingAccount();
  if (!acting) return text(401, "unauthorized");
  const { user, account } = acting;
  if (!can(account, "activity.read") && !can(account, "activity.own")) return text(403, "role_forbidden");

  const parsed = usageFiltersSchema.safeParse(queryParams(request));
  if (!parsed.success) return invalidQuery(parsed.error);

  const variant = toCsvVariant(new URL(request.url).searchParams.get("variant"));
  const db = await getDb();
  const zone = await getTimeZone(db, user.id);
  const createdBy = ownKeysScope(account, user.id, "activity.read");
  const chunks = await exportActivityCsv(db, accountUserId(account), { ...parsed.data, zone, createdBy }, { variant, zone });
  if (!chunks) return text(404, "key_not_found");
  const { from, to } = resolveRange(parsed.data, new Date(), zone);
  return csvDownload(chunks, `xrouter-activity-${from}-${to}.csv`);
}
