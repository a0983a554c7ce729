import { DEFAULT_TIME_ZONE, type TimeZone } from "@/server/core/format/time";
import { getDb } from "@/server/db";
import { getTimeZone } from "@/server/services/accounts/time-zone";

/** The zone a page shows times in: the signed-in reader's setting, Moscow for anyone signed out. */
export async function getReaderTimeZone(user: { id: string } | undefined): Promise<TimeZone> {
  return user ? getTimeZone(await getDb(), user.id) : DEFAULT_TIME_ZONE;
}
