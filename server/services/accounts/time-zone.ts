import { eq } from "drizzle-orm";
import { DEFAULT_TIME_ZONE, isTimeZone, type TimeZone } from "../../core/format/time";
import type { Db } from "../../db";
import { users } from "../../db/schema";

/** The zone the user reads the portal in: their setting, Moscow when unset (or no longer on the list). */
export async function getTimeZone(db: Db, userId: string): Promise<TimeZone> {
  const [row] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId));
  return isTimeZone(row?.timeZone) ? row.timeZone : DEFAULT_TIME_ZONE;
}

export async function setTimeZone(db: Db, userId: string, zone: TimeZone): Promise<void> {
  await db.update(users).set({ timeZone: zone }).where(eq(users.id, userId));
}
