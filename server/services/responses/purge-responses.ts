import { lt } from "drizzle-orm";
import type { Db } from "../../db";
import { storedResponses } from "../../db/schema";
import { retentionCutoff } from "./stored-responses";

/** Removes every stored response past the retention period; returns how many. */
export async function purgeExpiredResponses(db: Db, now = Date.now()): Promise<number> {
  const purged = await db.delete(storedResponses).where(lt(storedResponses.createdAt, retentionCutoff(now))).returning({ id: storedResponses.id });
  return purged.length;
}
